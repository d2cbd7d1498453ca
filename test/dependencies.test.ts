import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * Every workspace declares what its files import, at the version installed, and nothing else
 * (issue 9). The root package.json answers for bench/, test/ and the root's config files, and its
 * devDependencies (vitest, ...) serve every workspace's tests.
 */

const ROOT = join(import.meta.dirname, '..');

/**
 * Declared packages that no file imports, and why they are declared: command-line tools and
 * plugins loaded by name. Type packages need no entry (`@types/x` counts as used where `x` is
 * imported, `@types/node` where a Node builtin is).
 */
const USED_WITHOUT_IMPORT: Record<string, Record<string, string>> = {
  switchyard: {
    '@biomejs/biome': 'the linter and formatter (npm run lint)',
    '@graphql-codegen/typescript': 'a codegen.yml plugin, loaded by name (npm run codegen)',
    '@graphql-codegen/typescript-resolvers': 'a codegen.yml plugin, loaded by name',
    tsx: 'runs TypeScript: npm run dev, the benchmarks and their children (--import tsx)',
    turbo: 'npm run build:one',
    typescript: 'tsc -b',
  },
};

/**
 * Imports of a package's internals (a path its exports map does not offer, or any path into a
 * package without one) and the test that fails when an upgrade moves or changes them.
 */
const DEEP_IMPORT_GUARDS: Record<string, string> = {
  'undici/lib/api/api-request.js': 'gateway/test/undici.test.ts',
  'undici/lib/dispatcher/agent.js': 'gateway/test/undici.test.ts',
  'undici/lib/api/index.js': 'gateway/test/undici.test.ts',
  '@apollo/subgraph/dist/schema-helper/resolverMap.js': 'packages/service/test/resolverMap.test.ts',
};

/** Folders never scanned: installed packages, build output, local data. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git', '.data', '.turbo', 'coverage', 'results']);
const SOURCE_FILE = /\.(?:[mc]?ts|[mc]?js)$/;

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: unknown;
  types?: string;
  typings?: string;
  main?: string;
  version?: string;
}

interface Workspace {
  /** Folder relative to the repository ('' for the root). */
  dir: string;
  manifest: Manifest;
}

/** One import of a package: where, what, and whether it exists at run time. */
interface PackageImport {
  /** File relative to the repository. */
  file: string;
  specifier: string;
  packageName: string;
  /** The path after the package name ('' for the package itself). */
  subpath: string;
  /** `import type`, `export type`, `typeof import('x')`: erased when compiled. */
  typeOnly: boolean;
  /** Under the workspace's src/ (shipped), rather than a test, benchmark or build script. */
  shipped: boolean;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
}

const rootManifest = readManifest('');
const workspaces: Workspace[] = (rootManifest.workspaces ?? []).flatMap((pattern) => {
  // The root's workspace patterns are folders or `folder/*` (bff/* may not exist yet).
  const parent = join(ROOT, pattern.slice(0, -2));
  const dirs = pattern.endsWith('/*')
    ? (existsSync(parent) ? readdirSync(parent, { withFileTypes: true }) : [])
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
    : [pattern];
  return dirs
    .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readManifest(dir) }));
});
const root: Workspace = { dir: '', manifest: rootManifest };
const workspaceNames = new Set(workspaces.map((w) => w.manifest.name));

function sourceFiles(dir: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) || skip.has(path) ? [] : sourceFiles(path, skip);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

/** Node shapes of the imports `module` info does not list: `require('x')` and `import('x')` types. */
interface AstNode {
  type?: string;
  [key: string]: unknown;
}

function literalOf(node: unknown): string | undefined {
  const value = (node as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Every module specifier a file names: static and dynamic imports, re-exports, require, import types. */
function specifiersOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const parsed = parseSync(file, source);
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0]?.message}`);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statementIsType = (start: number) => /^(?:import|export)\s+type\b/.test(source.slice(start));
  for (const statement of parsed.module.staticImports) {
    found.push({ specifier: statement.moduleRequest.value, typeOnly: statementIsType(statement.start) });
  }
  for (const statement of parsed.module.staticExports) {
    for (const entry of statement.entries) {
      if (entry.moduleRequest) {
        found.push({ specifier: entry.moduleRequest.value, typeOnly: statementIsType(statement.start) });
      }
    }
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n.type === 'ImportExpression') {
      const specifier = literalOf(n.source);
      if (specifier) found.push({ specifier, typeOnly: false });
    } else if (n.type === 'TSImportType') {
      const specifier = literalOf(n.source);
      if (specifier) found.push({ specifier, typeOnly: true });
    } else if (
      n.type === 'CallExpression' &&
      (n.callee as AstNode | undefined)?.type === 'Identifier' &&
      (n.callee as { name?: string }).name === 'require'
    ) {
      const specifier = literalOf((n.arguments as unknown[] | undefined)?.[0]);
      if (specifier) found.push({ specifier, typeOnly: false });
    }
    for (const child of Object.values(n)) if (child && typeof child === 'object') visit(child);
  };
  visit(parsed.program);
  return found;
}

/** 'x', '@a/b' and their subpaths: the package name and the rest; undefined for relative paths and builtins. */
function packageOf(specifier: string): { packageName: string; subpath: string } | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || isBuiltin(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  return { packageName: parts.slice(0, length).join('/'), subpath: parts.slice(length).join('/') };
}

function importsOf(workspace: Workspace): { imports: PackageImport[]; usesBuiltins: boolean } {
  // The root's files are those outside every workspace folder.
  // bench/peers is a package of its own (not a workspace; installed on demand with its own
  // lockfile): its package.json answers for its imports, not the root's.
  const skip = new Set(workspace === root ? [...workspaces.map((w) => w.dir), 'bench/peers'] : []);
  const imports: PackageImport[] = [];
  let usesBuiltins = false;
  for (const file of sourceFiles(workspace.dir, skip)) {
    const inWorkspace = workspace.dir ? relative(workspace.dir, file) : file;
    for (const { specifier, typeOnly } of specifiersOf(file)) {
      if (isBuiltin(specifier)) usesBuiltins = true;
      const target = packageOf(specifier);
      if (!target || target.packageName === workspace.manifest.name) continue;
      imports.push({ file, specifier, typeOnly, shipped: inWorkspace.startsWith('src/'), ...target });
    }
  }
  return { imports, usesBuiltins };
}

const scanned = [root, ...workspaces].map((workspace) => ({ workspace, ...importsOf(workspace) }));

/** The installed package `name` as `workspace` resolves it (its own node_modules first). */
function installed(workspace: Workspace, name: string): (Manifest & { dir: string }) | undefined {
  for (const base of [workspace.dir, '']) {
    const dir = join(ROOT, base, 'node_modules', name);
    if (existsSync(join(dir, 'package.json'))) {
      return { ...(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest), dir };
    }
  }
  return undefined;
}

function declared(manifest: Manifest): Record<string, string> {
  return { ...manifest.dependencies, ...manifest.devDependencies };
}

/** `@types/x` for 'x', `@types/a__b` for '@a/b'. */
function typesPackage(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

/** Whether an installed package carries its own type declarations. */
function shipsTypes(manifest: Manifest & { dir: string }): boolean {
  if (manifest.types ?? manifest.typings) return true;
  // TypeScript also finds `x.d.ts` beside the `main` entry `x.js` (cockatiel ships its types so).
  const besideMain = manifest.main ? join(manifest.dir, manifest.main.replace(/\.[cm]?js$/, '.d.ts')) : undefined;
  return (
    JSON.stringify(manifest.exports ?? null).includes('"types"') ||
    existsSync(join(manifest.dir, 'index.d.ts')) ||
    (besideMain !== undefined && existsSync(besideMain))
  );
}

/** Modules a workspace declares types for itself (`declare module 'x'` in a .d.ts of its src). */
function locallyTyped(workspace: Workspace): Set<string> {
  const typed = new Set<string>();
  const src = join(ROOT, workspace.dir, 'src');
  if (!existsSync(src)) return typed;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/declare module '([^']+)'/g)) if (match[1]) typed.add(match[1]);
  }
  return typed;
}

describe('declared dependencies', () => {
  it.each(scanned.map((s) => [s.workspace.manifest.name, s] as const))(
    '%s declares every package it imports (shipped code in dependencies; tests may use the root devDependencies)',
    (_name, { workspace, imports }) => {
      const own = workspace.manifest;
      const shared = workspace === root ? {} : (rootManifest.devDependencies ?? {});
      const missing = new Set<string>();
      for (const use of imports) {
        const name = use.packageName;
        if (workspaceNames.has(name)) {
          // A workspace's tests, and the root's benchmarks, may load any workspace (they run from
          // the sources); declaring those links would make cycles such as db -> testing -> db,
          // which turbo refuses.
          if (use.shipped && !own.dependencies?.[name]) missing.add(`${name} (${use.file})`);
          continue;
        }
        const available = use.shipped
          ? { ...own.dependencies, ...(use.typeOnly ? own.devDependencies : {}) }
          : { ...declared(own), ...shared };
        if (!available[name]) missing.add(`${name} (${use.file})`);
        const manifest = installed(workspace, name);
        if (!use.typeOnly && manifest && !shipsTypes(manifest) && !locallyTyped(workspace).has(use.specifier)) {
          const types = typesPackage(name);
          if (!(use.shipped ? declared(own) : { ...declared(own), ...shared })[types]) {
            missing.add(`${types} (types of ${name}, ${use.file})`);
          }
        }
      }
      expect([...missing].sort()).toEqual([]);
    },
  );

  it.each(scanned.map((s) => [s.workspace.manifest.name, s] as const))(
    '%s imports every package it declares (or says why it needs it without an import)',
    (_name, { workspace, imports, usesBuiltins }) => {
      const name = workspace.manifest.name;
      // The root's devDependencies also serve the tests of every workspace that does not declare
      // the package itself.
      const uses =
        workspace === root
          ? [
              ...imports,
              ...scanned.flatMap((s) =>
                s.workspace === root
                  ? []
                  : s.imports.filter((u) => !u.shipped && !declared(s.workspace.manifest)[u.packageName]),
              ),
            ]
          : imports;
      const used = new Set(uses.map((u) => u.packageName));
      const unused = Object.keys(declared(workspace.manifest)).filter((dependency) => {
        if (used.has(dependency) || USED_WITHOUT_IMPORT[name]?.[dependency]) return false;
        if (dependency === '@types/node') return !usesBuiltins;
        return !uses.some((u) => typesPackage(u.packageName) === dependency);
      });
      expect(unused).toEqual([]);
    },
  );

  it('pins every dependency to the version installed (workspace packages as "*")', () => {
    const wrong: string[] = [];
    for (const workspace of [root, ...workspaces]) {
      for (const [name, version] of Object.entries(declared(workspace.manifest))) {
        const expected = workspaceNames.has(name) ? '*' : installed(workspace, name)?.version;
        if (version !== expected) wrong.push(`${workspace.manifest.name}: ${name} ${version}, installed ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('guards every import of a package internal with a test that names it', () => {
    const deep = new Map<string, string[]>();
    for (const { workspace, imports } of scanned) {
      for (const use of imports) {
        if (!use.subpath) continue;
        const manifest = workspaceNames.has(use.packageName)
          ? workspaces.find((w) => w.manifest.name === use.packageName)?.manifest
          : installed(workspace, use.packageName);
        if (manifest && offers(manifest, use.subpath)) continue;
        deep.set(use.specifier, [...(deep.get(use.specifier) ?? []), use.file]);
      }
    }
    const unguarded = [...deep]
      .filter(([specifier]) => !DEEP_IMPORT_GUARDS[specifier])
      .map(([specifier, files]) => `${specifier} (${files.join(', ')})`);
    expect(unguarded).toEqual([]);
    // Every guard exists and names the path it guards; no entry outlives its import.
    const stale = Object.entries(DEEP_IMPORT_GUARDS)
      .filter(
        ([specifier, guard]) =>
          !deep.has(specifier) ||
          !existsSync(join(ROOT, guard)) ||
          !readFileSync(join(ROOT, guard), 'utf8').includes(specifier),
      )
      .map(([specifier, guard]) => `${specifier} (${guard})`);
    expect(stale).toEqual([]);
  });
});

/** Whether the package's exports map offers `subpath` (exactly or through a `*` pattern). */
function offers(manifest: Manifest, subpath: string): boolean {
  const exports = manifest.exports;
  if (!exports || typeof exports !== 'object' || Array.isArray(exports)) return false;
  const keys = Object.keys(exports).filter((key) => key.startsWith('.'));
  return keys.some((key) => {
    if (!key.includes('*')) return key === `./${subpath}`;
    const [before = '', after = ''] = key.split('*');
    const path = `./${subpath}`;
    return path.startsWith(before) && path.endsWith(after) && path.length >= before.length + after.length;
  });
}
