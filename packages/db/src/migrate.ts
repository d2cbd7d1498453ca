import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.js';

const VERSION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Applies the versioned SQL files of `dir` (`0001_create_products.sql`, ...) that `schema` has not
 * seen yet, each in its own transaction, recording them in `<schema>.schema_migrations`.
 * On PostgreSQL an advisory lock per schema serialises processes that start at the same time.
 * Returns the versions it applied.
 */
export async function migrate(db: Database, schema: string, dir: string): Promise<string[]> {
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`migrate: invalid schema name ${schema}`);
  const files = (await readdir(dir)).filter((f) => VERSION_FILE.test(f)).sort();
  const applied: string[] = [];
  await db.exec(
    `CREATE SCHEMA IF NOT EXISTS ${schema};
     CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
       version text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     );`,
  );
  for (const file of files) {
    const sql = await readFile(join(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
      }
      const done = await tx.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE version = $1`, [file]);
      if (done.length > 0) return;
      await tx.exec(sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [file]);
      applied.push(file);
    });
  }
  return applied;
}
