import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createIdentitySigner,
  createIdentityVerifier,
  generateSigningJwk,
  importSigningKey,
  ROLE_SCOPES,
  type Role,
  VIEWER_HEADER,
} from '@switchyard/auth';
import { type Database, type DatabaseKind, type DatabaseRoot, openDatabase } from '@switchyard/db';
import pg from 'pg';

/**
 * Test databases. The global setup (test/globalSetup.ts) migrates and seeds one template per
 * backend; each test then gets its own copy, so tests never see each other's writes:
 * - PGlite: a clone of the template's data dump (~1 s, STACK.md);
 * - PostgreSQL (when TEST_DATABASE_URL is set): `CREATE DATABASE … TEMPLATE …`, dropped on close.
 */

/** Where the global setup left the templates (environment, so forked workers inherit it). */
export const TEMPLATE_ENV = {
  pglite: 'SWITCHYARD_TEST_PGLITE_TEMPLATE',
  postgres: 'SWITCHYARD_TEST_PG_TEMPLATE',
} as const;

/** The PostgreSQL server for tests: `TEST_DATABASE_URL` (CI sets it; a newcomer may not). */
export function testPostgresUrl(): string | undefined {
  const value = process.env.TEST_DATABASE_URL;
  return value && value.trim() !== '' ? value : undefined;
}

/** The backends the database-backed tests run on: PGlite always, PostgreSQL when configured. */
export function testBackends(): DatabaseKind[] {
  return testPostgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  root: DatabaseRoot;
  /** The PostgreSQL URL of this copy; undefined on PGlite. */
  url?: string;
  /** Closes the connection and drops the copy. */
  close(): Promise<void>;
}

/** A private, migrated and seeded database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const path = process.env[TEMPLATE_ENV.pglite];
    if (!path) throw new Error(`${TEMPLATE_ENV.pglite} is not set: is test/globalSetup.ts configured?`);
    const root = await openDatabase({ loadDataDir: new Blob([await readFile(path)]) });
    return { root, close: () => root.close() };
  }
  const adminUrl = testPostgresUrl();
  const template = process.env[TEMPLATE_ENV.postgres];
  if (!adminUrl || !template) throw new Error('PostgreSQL tests need TEST_DATABASE_URL and the global setup');
  const name = `sy_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = withDatabase(adminUrl, name);
  const root = await openDatabase({ url, applicationName: 'switchyard-test', poolSize: 5 });
  return {
    root,
    url,
    async close() {
      await root.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Runs one statement on the server's admin database (CREATE/DROP DATABASE need no transaction). */
export async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * An empty database of the given kind, prepared by `prepare` (a subgraph's migrations and seed):
 * for a subgraph's own tests, which need no other subgraph's tables.
 */
export async function freshTestDatabase(
  kind: DatabaseKind,
  prepare: (root: DatabaseRoot) => Promise<void>,
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const root = await openDatabase({});
    await prepare(root);
    return { root, close: () => root.close() };
  }
  const adminUrl = testPostgresUrl();
  if (!adminUrl) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const name = `sy_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const root = await openDatabase({ url, applicationName: 'switchyard-test', poolSize: 5 });
  try {
    await prepare(root);
  } catch (error) {
    await root.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  return {
    root,
    url,
    async close() {
      await root.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The outcome of one GraphQL request in a test. */
export interface GraphQLTestResult {
  data?: unknown;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** SQL statements the request caused on the given database handle. */
  statements: number;
}
export type GraphQLTestExecutor = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphQLTestResult>;

/** Anything Fastify-like that can `inject` (a subgraph's or the gateway's `app`). */
interface Injectable {
  inject(request: {
    method: 'POST';
    url: string;
    headers: Record<string, string>;
    payload: unknown;
  }): Promise<{ json(): unknown }>;
}

/**
 * Posts operations to a service in-process (`app.inject`) and reports the SQL statements each
 * one caused on `db` (a subgraph's counted handle).
 */
export function graphqlExecutor(
  app: Injectable,
  db?: { stats: { statements: number } },
  defaultHeaders: Record<string, string> = {},
): GraphQLTestExecutor {
  return async (query, variables, headers = {}) => {
    const before = db?.stats.statements ?? 0;
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...defaultHeaders, ...headers },
      payload: { query, variables },
    });
    const body = response.json() as Omit<GraphQLTestResult, 'statements'>;
    return { ...body, statements: (db?.stats.statements ?? 0) - before };
  };
}

/**
 * A gateway identity for a subgraph's own tests: pass `verifyIdentity` to the subgraph, and send
 * `headersFor(viewer)` with a request to make it come from that viewer, as the gateway would.
 */
export async function testIdentity() {
  const key = await importSigningKey(await generateSigningJwk());
  const sign = createIdentitySigner(key);
  return {
    verifyIdentity: await createIdentityVerifier(key.publicKey),
    /** Headers for a request from `viewer` (an admin or customer id), as the gateway signs them. */
    async headersFor(
      viewer: { id: number; role: Role } | null,
      clientIp = '127.0.0.1',
    ): Promise<Record<string, string>> {
      const full = viewer ? { ...viewer, scopes: ROLE_SCOPES[viewer.role] } : null;
      return { [VIEWER_HEADER]: await sign({ viewer: full, clientIp }) };
    },
  };
}

/** The Redis server for tests: `TEST_REDIS_URL` (CI sets it); Redis tests run only when set. */
export function testRedisUrl(): string | undefined {
  const value = process.env.TEST_REDIS_URL;
  return value && value.trim() !== '' ? value : undefined;
}

/** A subgraph built over a fresh database of its own, for its tests. */
export interface SubgraphUnderTest {
  database: TestDatabase;
  /** Runs operations against the subgraph (`app.inject`), counting the SQL they cause. */
  run: GraphQLTestExecutor;
  /** Closes the subgraph, then drops the database. */
  close(): Promise<void>;
}

/**
 * Migrates and seeds a fresh database of `kind` with `prepare`, builds the subgraph on one counted
 * handle with `create`, and returns an executor over it: the set-up every subgraph's tests share.
 */
export async function subgraphUnderTest(
  kind: DatabaseKind,
  prepare: (db: Database) => Promise<void>,
  create: (
    db: Database,
  ) => Promise<(Injectable & { close(): Promise<void> }) | { app: Injectable; close(): Promise<void> }>,
): Promise<SubgraphUnderTest> {
  const database = await freshTestDatabase(kind, (root) => prepare(root.handle()));
  const handle = database.root.handle();
  const service = await create(handle);
  const app = 'app' in service ? service.app : service;
  return {
    database,
    run: graphqlExecutor(app, handle),
    async close() {
      await service.close();
      await database.close();
    },
  };
}
export * from './clock.js';
export * from './graphqlWs.js';
export * from './until.js';
