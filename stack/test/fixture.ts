import { configReader } from '@switchyard/config';
import type { DatabaseKind } from '@switchyard/db';
import { openTestDatabase } from '@switchyard/testing';
import { type RunningStack, type StackOptions, startStack } from '../src/index.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestStack {
  stack: RunningStack;
  /** POSTs an operation to the gateway over HTTP, as a client would; with `token`, as that user. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Signs in through the gateway and returns the bearer token. */
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

const FREE_PORTS = { gateway: 0, users: 0, products: 0, inventory: 0, orders: 0, reviews: 0 };

/** The whole stack on free ports over a private clone of the seeded template database. */
export async function startTestStack(kind: DatabaseKind, options: StackOptions = {}): Promise<TestStack> {
  const database = await openTestDatabase(kind);
  let stack: RunningStack;
  try {
    stack = await startStack({
      root: database.root,
      prepare: false,
      logLevel: configReader(process.env, 'tests')('TEST_LOG_LEVEL'),
      // As `npm start` runs it: introspection, suggestions and the playground on (off by default).
      introspection: true,
      ports: FREE_PORTS,
      ...options,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    stack,
    query: (query, variables, token) =>
      postGraphQL(`${stack.urls.gateway}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {}),
    async login(email, password) {
      const result = await postGraphQL<{ login: { token: string } }>(
        `${stack.urls.gateway}/graphql`,
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
        { e: email, p: password },
      );
      const token = result.data?.login.token;
      if (!token) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
      return token;
    },
    async close() {
      await stack.close();
      await database.close();
    },
  };
}

/** One GraphQL request over HTTP. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Statements each subgraph ran while `action` ran. */
export async function countStatements(
  stack: RunningStack,
  action: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const before = Object.fromEntries(Object.entries(stack.databases).map(([name, db]) => [name, db.stats.statements]));
  await action();
  return Object.fromEntries(
    Object.entries(stack.databases).map(([name, db]) => [name, db.stats.statements - (before[name] ?? 0)]),
  );
}
