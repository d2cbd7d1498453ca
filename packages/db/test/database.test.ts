import { freshTestDatabase, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrate, parseId } from '../src/index.js';

describe.each(testBackends())('database adapter on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, async (root) => {
      await root.handle().exec('CREATE SCHEMA t; CREATE TABLE t.counter (id int PRIMARY KEY, value int NOT NULL);');
    });
    db = database.root.handle();
  });
  afterAll(() => database.close());

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.query('INSERT INTO t.counter VALUES (1, 0)');
    await db.transaction(async (tx) => {
      await tx.query('UPDATE t.counter SET value = 10 WHERE id = 1');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE t.counter SET value = 99 WHERE id = 1');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.query('SELECT value FROM t.counter WHERE id = 1')).toEqual([{ value: 10 }]);
  });

  it('loses no update when 40 transactions increment one row concurrently', async () => {
    await db.query('INSERT INTO t.counter VALUES (2, 0)');
    await Promise.all(
      Array.from({ length: 40 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ value: number }>('SELECT value FROM t.counter WHERE id = 2 FOR UPDATE');
          await tx.query('UPDATE t.counter SET value = $1 WHERE id = 2', [(row?.value ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query('SELECT value FROM t.counter WHERE id = 2')).toEqual([{ value: 40 }]);
  });

  it('never shows a reader the uncommitted writes of an open transaction', async () => {
    await db.query('INSERT INTO t.counter VALUES (3, 1)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = db.transaction(async (tx) => {
      await tx.query('UPDATE t.counter SET value = 2 WHERE id = 3');
      written();
      await held;
      throw new Error('rolled back');
    });
    await wrote;
    // PostgreSQL answers at once with the committed value; PGlite's single session makes the
    // reader wait for the transaction to end. Either way the reader never sees 2.
    const reader = db.query<{ value: number }>('SELECT value FROM t.counter WHERE id = 3');
    release();
    await expect(writer).rejects.toThrow('rolled back');
    expect(await reader).toEqual([{ value: 1 }]);
  });

  it('counts every statement on the handle that ran it', async () => {
    const other = database.root.handle();
    const before = db.stats.statements;
    await db.query('SELECT 1');
    await db.transaction(async (tx) => {
      await tx.query('SELECT 2');
      await tx.query('SELECT 3');
    });
    expect(db.stats.statements - before).toBe(3); // one outside, two inside the transaction
    expect(other.stats.statements).toBe(0);
  });

  it('applies each migration once, however often it runs', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '0001_create_things.sql'), 'CREATE TABLE m.thing (id int PRIMARY KEY);');
    await writeFile(join(dir, '0002_add_name.sql'), 'ALTER TABLE m.thing ADD COLUMN name text;');
    await writeFile(join(dir, 'notes.txt'), 'not a migration');
    expect(await migrate(db, 'm', dir)).toEqual(['0001_create_things.sql', '0002_add_name.sql']);
    expect(await migrate(db, 'm', dir)).toEqual([]);
    expect(await db.query(`SELECT version FROM m.schema_migrations ORDER BY version`)).toEqual([
      { version: '0001_create_things.sql' },
      { version: '0002_add_name.sql' },
    ]);
  });
});

describe('parseId', () => {
  it('accepts positive 32-bit integers and nothing else', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId(2147483647)).toBe(2147483647);
    for (const bad of ['0', '-1', '01', '1.5', 'abc', '', '2147483648', '99999999999', ' 1']) {
      expect(parseId(bad)).toBeNull();
    }
  });
});
