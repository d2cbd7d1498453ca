import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withConfigTable } from './readme.js';

/**
 * `npm run docs:config` rewrites README.md's configuration table from the catalogue;
 * `npm run docs:config -- --check` exits 1 when the committed table differs.
 */
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const current = readFileSync(README, 'utf8');
const rendered = withConfigTable(current);
if (process.argv.includes('--check')) {
  if (rendered !== current) {
    console.error(`${README}: the configuration table is stale: run npm run docs:config and commit it`);
    process.exit(1);
  }
  console.log('configuration table is current');
} else {
  writeFileSync(README, rendered);
  console.log(`wrote the configuration table of ${README}`);
}
