import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@switchyard/db';
import { adminQuery, TEMPLATE_ENV, testPostgresUrl, withDatabase } from '@switchyard/testing';
import { prepareAll } from '../src/subgraphs.js';

/**
 * Migrates and seeds every subgraph once per backend; tests clone the result (STACK.md: a PGlite
 * clone takes ~1 s, a migrate + seed much longer). With TEST_DATABASE_URL set, an unreachable
 * PostgreSQL fails the run here: it is never skipped silently.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-test-'));
  const pglite = await openDatabase({});
  await prepareAll(() => pglite.handle(), { seed: true });
  const dump = await pglite.pglite?.dumpDataDir('none');
  await pglite.close();
  if (!dump) throw new Error('PGlite did not dump its data directory');
  const path = join(dir, 'template.tar');
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV.pglite] = path;

  const adminUrl = testPostgresUrl();
  let template: string | undefined;
  if (adminUrl) {
    template = `sy_tpl_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
    const root = await openDatabase({ url: withDatabase(adminUrl, template), applicationName: 'switchyard-test' });
    try {
      await prepareAll(() => root.handle(), { seed: true });
    } finally {
      await root.close();
    }
    process.env[TEMPLATE_ENV.postgres] = template;
  }

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (adminUrl && template) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
