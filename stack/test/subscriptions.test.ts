import { randomBytes } from 'node:crypto';
import type { DatabaseRoot } from '@switchyard/db';
import {
  type Collected,
  collect,
  ORDER_WATCH,
  type OrderStatusEvent,
  openTestDatabase,
  type TestDatabase,
  testRedisUrl,
  wsTestClient,
} from '@switchyard/testing';
import { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from '@switchyard/users';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../src/index.js';
import { postGraphQL, startTestStack, type TestStack } from './fixture.js';

type Watched = Collected<{ orderStatusChanged: OrderStatusEvent | null }>;

/** Subscribes to an order's status changes (ORDER_WATCH) and records them. */
const watch = (client: Client, variables: Record<string, unknown>): Watched => collect(client, ORDER_WATCH, variables);
const statuses = (stream: Watched) => stream.results.map((r) => r.data?.orderStatusChanged?.status);

const APPROVED = '4242424242424242';
const DECLINED = '4000000000000002';

/** Creates an order of the customer with two products; returns its id. */
async function draftOrder(gatewayUrl: string, token: string): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const created = await postGraphQL<{ createOrder: { id: string } }>(
    `${gatewayUrl}/graphql`,
    'mutation { createOrder { id } }',
    {},
    auth,
  );
  const id = created.data?.createOrder.id;
  if (!id) throw new Error(JSON.stringify(created.errors));
  for (const productId of ['11', '12']) {
    const added = await postGraphQL(
      `${gatewayUrl}/graphql`,
      'mutation($o: ID!, $p: ID!) { addOrderItem(orderId: $o, productId: $p, quantity: 1) { id } }',
      { o: id, p: productId },
      auth,
    );
    expect(added.errors).toBeUndefined();
  }
  return id;
}

async function place(gatewayUrl: string, token: string, orderId: string, cardNumber: string) {
  return postGraphQL<{ placeOrder: { status: string } }>(
    `${gatewayUrl}/graphql`,
    'mutation($o: ID!, $c: String!) { placeOrder(orderId: $o, paymentMethod: { cardNumber: $c }) { status } }',
    { o: orderId, c: cardNumber },
    { authorization: `Bearer ${token}` },
  );
}

describe('order status subscriptions through the gateway', () => {
  let t: TestStack;
  let customer: string;
  let admin: string;
  let other: string;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const { client: c } = wsTestClient(t.stack.urls.gateway, token ? { token } : {});
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestStack('pglite');
    customer = await t.login(SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD);
    admin = await t.login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD);
    const registered = await t.query<{ register: { token: string } }>(
      'mutation { register(email: "watcher@example.com", password: "watcher-password", name: "W") { token } }',
    );
    other = registered.data?.register.token ?? '';
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  it('streams PENDING (current state), then PLACED and PAID, each with names from users and products', async () => {
    const orderId = await draftOrder(t.stack.urls.gateway, customer);
    const stream = watch(client(customer), { id: orderId });
    const [first] = await stream.next(1);
    expect(first?.errors).toBeUndefined();
    expect(first?.data?.orderStatusChanged?.status).toBe('PENDING');
    const placed = await place(t.stack.urls.gateway, customer, orderId, APPROVED);
    expect(placed.data?.placeOrder.status).toBe('PAID');
    const events = await stream.next(3);
    expect(events.map((e) => e.data?.orderStatusChanged?.status)).toEqual(['PENDING', 'PLACED', 'PAID']);
    for (const event of events) {
      const order = event.data?.orderStatusChanged?.order;
      expect(order?.customer.name).toBe('Radia Rossum'); // the seeded customer's name, from users
      expect(order?.items.map((i) => i.product.name)).toEqual([expect.any(String), expect.any(String)]);
    }
    const versions = events.map((e) => e.data?.orderStatusChanged?.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    stream.stop();
  });

  it('streams CANCELLED with the reason when the card is declined, then ends, holding no stock', async () => {
    const orderId = await draftOrder(t.stack.urls.gateway, customer);
    const inventory = t.stack.databases.inventory;
    // Units held for orders of the two products the draft contains (11 and 12).
    const held = async () =>
      (
        await inventory.query<{ n: number }>(
          'SELECT coalesce(sum(reserved), 0)::int AS n FROM inventory.stock WHERE product_id = ANY($1::int[])',
          [[11, 12]],
        )
      )[0]?.n;
    const before = await held();
    const stream = watch(client(customer), { id: orderId });
    await stream.next(1);
    const placed = await place(t.stack.urls.gateway, customer, orderId, DECLINED);
    expect(placed.data?.placeOrder.status).toBe('CANCELLED');
    const events = await stream.next(3);
    expect(statuses(stream)).toEqual(['PENDING', 'PLACED', 'CANCELLED']);
    expect(events[2]?.data?.orderStatusChanged?.reason).toMatch(/declined/i);
    await expect.poll(() => stream.isEnded(), { timeout: 10_000 }).toBe(true);
    // The saga reserved stock before charging, and released it when the charge was declined.
    const [reservation] = await inventory.query<{ status: string }>(
      'SELECT status FROM inventory.reservation WHERE order_id = $1',
      [Number(orderId)],
    );
    expect(reservation?.status).toBe('RELEASED');
    expect(await held()).toBe(before);
  });

  it('refuses anonymous subscribers and other customers', async () => {
    const orderId = await draftOrder(t.stack.urls.gateway, customer);
    // Anonymous: refused at the gateway (@authenticated) before any subgraph is asked.
    const anonymous = watch(client(), { id: orderId });
    expect(await anonymous.errorCodes()).toEqual(['UNAUTHENTICATED']);
    // Another customer: the orders subgraph answers as for an order that does not exist.
    const stranger = watch(client(other), { id: orderId });
    expect(await stranger.errorCodes()).toEqual(['ORDER_NOT_FOUND']);
    expect(stranger.results.every((r) => !r.data?.orderStatusChanged)).toBe(true);
  });

  it('replays exactly what a reconnecting client missed (afterVersion), then goes live', async () => {
    const orderId = await draftOrder(t.stack.urls.gateway, customer);
    const first = watch(client(customer), { id: orderId });
    await first.next(1);
    await place(t.stack.urls.gateway, customer, orderId, APPROVED);
    const seen = await first.next(3);
    const placedVersion = seen[1]?.data?.orderStatusChanged?.version;
    first.stop(); // the client "disconnects" having processed PLACED but not PAID
    const again = watch(client(customer), { id: orderId, after: placedVersion });
    await again.next(1);
    expect(statuses(again)).toEqual(['PAID']); // exactly the missed event, not PENDING or PLACED
    const shipped = await t.query('mutation($o: ID!) { shipOrder(orderId: $o) { status } }', { o: orderId }, admin);
    expect(shipped.errors).toBeUndefined();
    await again.next(2);
    expect(statuses(again)).toEqual(['PAID', 'SHIPPED']);
    again.stop();
  });
});

describe('order status changes across instances sharing Redis', () => {
  const redisUrl = testRedisUrl();
  let database: TestDatabase;
  const stacks: Awaited<ReturnType<typeof startStack>>[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    if (!redisUrl) return;
    database = await openTestDatabase('pglite');
    const shared: DatabaseRoot = database.root;
    const prefix = `switchyard-test-${randomBytes(4).toString('hex')}:`;
    const free = { gateway: 0, users: 0, products: 0, inventory: 0, orders: 0, reviews: 0 };
    // Two complete stacks (two orders instances, two gateways) over one database, one Redis.
    // In-memory keys are per stack, so both get the same key folder to accept each other's tokens.
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const keysDir = await mkdtemp(join(tmpdir(), 'switchyard-keys-'));
    for (let i = 0; i < 2; i++) {
      stacks.push(
        await startStack({
          root: shared,
          prepare: false,
          logLevel: 'silent',
          ports: free,
          redisUrl,
          redisPrefix: prefix,
          keysDir,
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const stack of stacks) await stack.close();
    await database?.close();
  });

  it.runIf(Boolean(redisUrl))('delivers a change made through one gateway to a subscriber on the other', async () => {
    const [a, b] = stacks as [(typeof stacks)[0], (typeof stacks)[0]];
    const login = async (url: string) =>
      (
        await postGraphQL<{ login: { token: string } }>(
          `${url}/graphql`,
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
          { e: SEED_CUSTOMER_EMAIL, p: SEED_CUSTOMER_PASSWORD },
        )
      ).data?.login.token ?? '';
    const tokenA = await login(a.urls.gateway);
    const tokenB = await login(b.urls.gateway);
    const orderId = await draftOrder(a.urls.gateway, tokenA);
    const { client: c } = wsTestClient(b.urls.gateway, { token: tokenB });
    clients.push(c);
    const stream = watch(c, { id: orderId });
    await stream.next(1);
    await place(a.urls.gateway, tokenA, orderId, APPROVED);
    await stream.next(3);
    expect(statuses(stream)).toEqual(['PENDING', 'PLACED', 'PAID']);
    expect(stream.results[2]?.data?.orderStatusChanged?.order.customer.name).toBe('Radia Rossum');
  });
});
