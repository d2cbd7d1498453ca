/**
 * The README's configuration table, rendered from the catalogue: `npm run docs:config` writes it
 * between the markers, and packages/config/test/variables.test.ts fails when the committed block
 * differs from what the catalogue renders.
 */
import { SUBGRAPH_NAMES } from './services.js';
import { type Reader, VARIABLES, type Variable } from './variables.js';

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

/** `users, products, …` collapsed: every subgraph is "subgraphs", every service "all services". */
function readers(usedBy: readonly Reader[]): string {
  const subgraphs = SUBGRAPH_NAMES.every((name) => usedBy.includes(name));
  const rest = subgraphs ? usedBy.filter((reader) => !(SUBGRAPH_NAMES as readonly Reader[]).includes(reader)) : usedBy;
  if (subgraphs && rest.includes('gateway') && rest.includes('stack')) {
    return ['all services', ...rest.filter((reader) => reader !== 'gateway' && reader !== 'stack')].join(', ');
  }
  return [...rest, ...(subgraphs ? ['subgraphs'] : [])].join(', ');
}

// A table cell must not contain an unescaped pipe.
const cell = (text: string): string => text.replaceAll('|', '\\|');

/** The configuration table as markdown, one row per variable, columns padded for plain-text readers. */
export function renderConfigTable(): string {
  const header = ['variable', 'used by', 'value', 'default', 'meaning'];
  const rows = Object.entries(VARIABLES).map(([name, variable]: [string, Variable<unknown>]) =>
    [`\`${name}\``, readers(variable.usedBy), variable.form, variable.defaultText, variable.meaning].map(cell),
  );
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `readme` with the block between the markers replaced by the rendered table. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${CONFIG_START} … ${CONFIG_END} around the table`);
  return `${readme.slice(0, start + CONFIG_START.length)}\n${renderConfigTable()}\n${readme.slice(end)}`;
}
