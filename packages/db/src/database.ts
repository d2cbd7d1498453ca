import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** One parameterised statement; rows come back as plain objects. */
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Statements a handle has executed: the measure behind the N+1 rule (docs/architecture.md, "Data"). */
export interface StatementStats {
  statements: number;
}

/** One service's view of the database: its queries are counted apart from everyone else's. */
export interface Database extends Queryable {
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Never call another service while one is open (the embedded database has one session).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  readonly stats: StatementStats;
  readonly kind: DatabaseKind;
}

export type DatabaseKind = 'pglite' | 'postgres';

/** The connection a process holds; each service takes its own counted handle from it. */
export interface DatabaseRoot {
  readonly kind: DatabaseKind;
  /** A handle whose statements are counted separately (one per service). */
  handle(): Database;
  /** The PGlite instance, for dumping a template in tests; undefined on PostgreSQL. */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a PostgreSQL server; unset for embedded PGlite. */
  url?: string | undefined;
  /** PGlite's data folder; unset keeps the database in memory. Ignored with `url`. */
  dataDir?: string | undefined;
  /** A PGlite data dump (`dumpDataDir()`) to start from, for fast test clones. */
  loadDataDir?: Blob | File | undefined;
  /** Shown in pg_stat_activity. @default 'switchyard' */
  applicationName?: string;
  /** PostgreSQL pool size. @default 10 */
  poolSize?: number;
  /** Per-statement timeout on PostgreSQL, in ms. @default 10000 */
  statementTimeoutMs?: number;
}

/** Opens PostgreSQL when a URL is given, embedded PGlite otherwise. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseRoot> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

function countingHandle(kind: DatabaseKind, base: Omit<Database, 'stats' | 'kind'>): Database {
  const stats: StatementStats = { statements: 0 };
  const count = (q: Queryable): Queryable => ({
    query(text, params) {
      stats.statements++;
      return q.query(text, params);
    },
    exec(sql) {
      stats.statements++;
      return q.exec(sql);
    },
  });
  const counted = count(base);
  return {
    kind,
    stats,
    query: counted.query,
    exec: counted.exec,
    transaction: (fn) => base.transaction((tx) => fn(count(tx))),
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseRoot> {
  // PGlite creates only the last folder of the path.
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      const result = await q.query<R>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const root = wrap(db);
  return {
    kind: 'pglite',
    pglite: db,
    handle: () =>
      countingHandle('pglite', {
        ...root,
        // PGlite runs one session: its transaction() holds an exclusive lock, so other
        // queries wait until it commits and never see uncommitted rows.
        transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
      }),
    close: () => db.close(),
  };
}

// int8 (counts, sums) as JS numbers: every such value here is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseRoot> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'switchyard',
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection emits here; without a listener it would crash.
  pool.on('error', () => {});
  // Fail at start-up, not on the first request, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      const result = await q.query(text, params as unknown[] | undefined);
      return result.rows as R[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  const root = wrap(pool);
  return {
    kind: 'postgres',
    handle: () =>
      countingHandle('postgres', {
        ...root,
        async transaction(fn) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const result = await fn(wrap(client));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => {});
            throw error;
          } finally {
            client.release();
          }
        },
      }),
    close: () => pool.end(),
  };
}
