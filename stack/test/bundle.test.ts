import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, ORDER_WATCH, type OrderStatusEvent, until, wsTestClient } from '@switchyard/testing';
import { SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from '@switchyard/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestStack, type TestStack } from './fixture.js';

const root = join(import.meta.dirname, '../..');
const BUNDLE = join(root, 'gateway/dist/bundle/main.mjs');

const PAGE = /* GraphQL */ `
  {
    products(first: 5) {
      edges {
        node {
          name
          price(currency: EUR) { amount currency }
          inventory { total }
          rating { count average }
          reviews(first: 2) { edges { node { body author { name } } } }
        }
      }
    }
  }
`;

// The gateway's production artifact (gateway/bundle.mjs, ADR 0009): the minified bundle runs as
// its own process against a stack's subgraphs and answers HTTP and WebSocket like the gateway
// built from the same sources. `npm test` builds first, so the bundle is current.
describe('the gateway bundle (npm start -w @switchyard/gateway)', () => {
  let keysDir: string;
  let test: TestStack;
  let gateway: ChildProcess;
  let url: string;
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
    keysDir = await mkdtemp(join(tmpdir(), 'switchyard-bundle-'));
    test = await startTestStack('pglite', { keysDir });
    const { urls } = test.stack;
    gateway = spawn(process.execPath, [BUNDLE], {
      cwd: root,
      env: {
        ...process.env,
        GATEWAY_PORT: '0',
        HOST: '127.0.0.1',
        SUPERGRAPH_PATH: '',
        SUBGRAPH_URL_USERS: `${urls.users}/graphql`,
        SUBGRAPH_URL_PRODUCTS: `${urls.products}/graphql`,
        SUBGRAPH_URL_INVENTORY: `${urls.inventory}/graphql`,
        SUBGRAPH_URL_ORDERS: `${urls.orders}/graphql`,
        SUBGRAPH_URL_REVIEWS: `${urls.reviews}/graphql`,
        JWT_JWKS_URL: `${urls.users}/.well-known/jwks.json`,
        KEYS_DIR: keysDir,
        INTERNAL_JWT_PRIVATE_KEY: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    gateway.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    exited = new Promise((resolve) => gateway.on('exit', (code) => resolve(code)));
    // Not listening within 30 s: the check below fails with the bundle's log.
    await until(() => output.includes('gateway listening') || gateway.exitCode !== null, {
      timeoutMs: 30_000,
      intervalMs: 100,
    }).catch(() => {});
    const listening = /"url":"(http:\/\/[^"]+)\/graphql","msg":"gateway listening"/.exec(output)?.[1];
    if (!listening) throw new Error(`no URL in the bundle's log:\n${output}`);
    url = listening;
  }, 120_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
    await test?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('answers a page across every subgraph exactly as the unbundled gateway does', async () => {
    const bundled = await postGraphQL(`${url}/graphql`, PAGE);
    expect(bundled.errors).toBeUndefined();
    expect(bundled.status).toBe(200);
    const unbundled = await test.query(PAGE);
    expect(bundled.data).toEqual(unbundled.data);
    expect(JSON.stringify(bundled.data)).toContain('"author":{"name"');
  });

  it('serves the supergraph composed at build time when SUPERGRAPH_PATH is unset, with production defaults', async () => {
    const introspection = await postGraphQL(`${url}/graphql`, '{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const playground = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(playground.headers.get('content-type') ?? '').not.toContain('text/html');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('signs in, checks tokens, and streams an order status subscription over graphql-ws', async () => {
    const login = await postGraphQL<{ login: { token: string } }>(
      `${url}/graphql`,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: SEED_CUSTOMER_EMAIL, p: SEED_CUSTOMER_PASSWORD },
    );
    const token = login.data?.login.token ?? '';
    expect(token).not.toBe('');
    const forged = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}x` },
      body: JSON.stringify({ query: '{ me { name } }' }),
    });
    expect(forged.status).toBe(401);
    const mine = await postGraphQL<{ me: { name: string; orders: { edges: { node: { id: string } }[] } } }>(
      `${url}/graphql`,
      '{ me { name orders(first: 1) { edges { node { id } } } } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    const orderId = mine.data?.me.orders.edges[0]?.node.id;
    expect(orderId).toBeDefined();

    // The replay starts at the order's first event, PENDING; each event runs the rest of the plan
    // (the customer's name comes from the users subgraph).
    const { client } = wsTestClient(url, { token });
    try {
      const watched = collect<{ orderStatusChanged: OrderStatusEvent | null }>(client, ORDER_WATCH, {
        id: orderId,
        after: 0,
      });
      const [first] = await watched.next(1);
      expect(first?.errors).toBeUndefined();
      expect(first?.data?.orderStatusChanged).toMatchObject({
        status: 'PENDING',
        version: 1,
        order: { id: orderId, customer: { name: mine.data?.me.name } },
      });
    } finally {
      await client.dispose();
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"closed"');
    expect(output).not.toMatch(/"level":(50|60)/);
  });
});
