import { readdirSync, readFileSync } from 'node:fs';

/** One example operation as it lies in `examples/`. */
export interface ExampleFile {
  /** The file's name, `1-shop-page.graphql`; the tabs open in name order. */
  name: string;
  /** The document, its leading `#` comment included. */
  source: string;
}

/**
 * The example operations, in name order. Read from the source tree, from `src/` and from tsc's
 * `dist/` alike (both are two levels below the package). The gateway bundle runs without the
 * source tree, so bundle.mjs replaces this module with one that returns the files inlined at build
 * time; keep its signature in step.
 */
export function readExampleFiles(): ExampleFile[] {
  const dir = new URL('../../src/playground/examples/', import.meta.url);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => ({ name, source: readFileSync(new URL(name, dir), 'utf8') }));
}
