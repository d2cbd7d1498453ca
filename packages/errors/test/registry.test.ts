import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../src/document.js';
import { ERROR_CODES } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Where client-visible codes are set: the gateway, the shared packages, the subgraphs, the stack. */
function sourceRoots(): string[] {
  const under = (folder: string) =>
    readdirSync(join(ROOT, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name, 'src'));
  return ['gateway/src', 'stack/src', ...under('packages'), ...under('subgraphs')];
}

function tsFiles(folder: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.includes('__generated__'));
}

/**
 * The codes a source sets by hand: `code: 'X'` (GraphQL extensions, a REST body), and the first
 * argument of `appError('X'`, `requestError('X'` and `new ...Error('X'`. Only SCREAMING_SNAKE
 * strings count, so messages (`new Error('Missing query')`) and data (`code: 'BER-1'`) do not.
 */
export function handSetCodes(source: string): string[] {
  const pattern = /(?:\bcode:\s*|\b(?:appError|requestError)\(\s*|\bnew\s+\w*Error\(\s*)'([A-Z][A-Z0-9_]*)'/g;
  return [...source.matchAll(pattern)].map((match) => match[1] as string);
}

describe('the error registry', () => {
  it('docs/errors.md is what the registry renders (run npm run docs:errors after changing it)', () => {
    expect(readFileSync(ERRORS_DOC_PATH, 'utf8')).toBe(renderErrorsDoc());
  });

  it('documents every code with a status, a title, who raises it and when', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.title, code).not.toBe('');
      expect(entry.when, code).not.toBe('');
    }
  });

  it('finds hand-set codes in each form the scan looks for, and nothing else', () => {
    const source = `
      new GraphQLError('x', { extensions: { code: 'NOT_A_CODE', http } });
      reply.code(401).send({ code: 'ALSO_NOT' });
      throw appError(
        'THIRD_ONE', 'message');
      requestError('FOURTH', 'm');
      new OrderDomainError('FIFTH_CODE', 'm');
      new Error('Missing query');
      const warehouse = { code: 'BER-1' };
      appError(code, 'from a variable');
    `;
    expect(handSetCodes(source)).toEqual(['NOT_A_CODE', 'ALSO_NOT', 'THIRD_ONE', 'FOURTH', 'FIFTH_CODE']);
  });

  it('every code a source sets by hand is registered', () => {
    const files = sourceRoots().flatMap(tsFiles);
    // The scan must see the code base: the gateway, the five subgraphs and the shared packages.
    expect(files).toContain('gateway/src/auth/authenticate.ts');
    expect(files).toContain('subgraphs/inventory/src/internal/routes.ts');
    const unregistered = files.flatMap((file) =>
      handSetCodes(readFileSync(join(ROOT, file), 'utf8'))
        .filter((code) => !(code in ERROR_CODES))
        .map((code) => `${file}: ${code}`),
    );
    expect(unregistered).toEqual([]);
  });
});
