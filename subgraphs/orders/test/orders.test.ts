import { SEED, type SeedCurrency, seedPriceMinor } from '@switchyard/db';
import { createLogger, encodeCursor } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  type TestDatabase,
  testBackends,
  testIdentity,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersSubgraph, prepareOrdersDatabase, SEED_CUSTOMER_ID } from '../src/index.js';

interface MoneyData {
  amount: number;
  minorUnits: number;
  currency: SeedCurrency;
}
interface OrderData {
  id: string;
  status: string;
  createdAt: string;
  customer: { id: string };
  total: MoneyData;
  items: { quantity: number; unitPrice: MoneyData; lineTotal: MoneyData; product: { id: string } }[];
}
interface OrdersPage {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const ORDER_FIELDS = `id status createdAt customer { id }
  total { amount minorUnits currency }
  items { quantity unitPrice { amount minorUnits currency } lineTotal { amount minorUnits currency } product { id } }`;

const ORDER_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { ${ORDER_FIELDS} } } }`;

const USER_ORDERS = `query($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) {
    ... on User { id orders(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
  }
}`;

/** The selection of the batching acceptance check: a page of orders with everything under it. */
const USER_ORDERS_DEEP = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on User {
      orders(first: 3) {
        edges { node { id status total { amount currency }
          items { quantity unitPrice { amount } lineTotal { amount } product { id } } customer { id } } }
      }
    }
  }
}`;

const users = (ids: readonly (number | string)[]) => ids.map((id) => ({ __typename: 'User', id: String(id) }));
const orders = (ids: readonly (number | string)[]) => ids.map((id) => ({ __typename: 'Order', id: String(id) }));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe.each(testBackends())('orders subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let as: Record<'anonymous' | 'owner' | 'other' | 'forged', Record<string, string>>;
  let close: () => Promise<void>;
  const db = () => database.root;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareOrdersDatabase(root.handle()));
    const handle = db().handle();
    const identity = await testIdentity();
    const service = await createOrdersSubgraph({
      db: handle,
      logger: createLogger('orders', 'silent'),
      verifyIdentity: identity.verifyIdentity,
    });
    // Most tests read as the admin, who may see every order; the ownership tests say who asks.
    run = graphqlExecutor(service.app, handle, await identity.headersFor({ id: 1, role: 'ADMIN' }));
    as = {
      anonymous: await identity.headersFor(null),
      owner: await identity.headersFor({ id: SEED_CUSTOMER_ID, role: 'CUSTOMER' }),
      other: await identity.headersFor({ id: 3, role: 'CUSTOMER' }),
      forged: { 'x-switchyard-viewer': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwicm9sZSI6IkFETUlOIn0.' },
    };
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  async function pageOf(userId: number, first: number | null, after: string | null = null) {
    const result = await run(USER_ORDERS, { r: users([userId]), first, after });
    expect(result.errors).toBeUndefined();
    return (result.data as { _entities: { orders: OrdersPage }[] })._entities[0]?.orders as OrdersPage;
  }

  it('seeds 500 orders of 1 to 5 items, priced at the catalog price, totals the sum of the lines', async () => {
    const { data, errors, statements } = await run(ORDER_ENTITIES, { r: orders(range(1, SEED.orders)) });
    expect(errors).toBeUndefined();
    const all = (data as { _entities: (OrderData | null)[] })._entities;
    expect(all).toHaveLength(SEED.orders);
    expect(statements).toBe(2); // 500 orders by id in one batch (LOADER_MAX_BATCH_SIZE 10,000) + their items in one
    let previous = 0;
    const currencies = new Set<string>();
    const statuses = new Map<string, number>();
    for (const order of all) {
      if (!order) throw new Error('a seeded order is missing');
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(5);
      const customer = Number(order.customer.id);
      expect(customer).toBeGreaterThanOrEqual(2);
      expect(customer).toBeLessThanOrEqual(SEED.users);
      let sum = 0;
      for (const item of order.items) {
        const productId = Number(item.product.id);
        expect(productId).toBeGreaterThanOrEqual(1);
        expect(productId).toBeLessThanOrEqual(SEED.products);
        expect(item.unitPrice.currency).toBe(order.total.currency);
        expect(item.unitPrice.minorUnits).toBe(seedPriceMinor(productId, order.total.currency));
        expect(item.unitPrice.amount).toBe(item.unitPrice.minorUnits / 100);
        expect(item.lineTotal.minorUnits).toBe(item.unitPrice.minorUnits * item.quantity);
        sum += item.lineTotal.minorUnits;
      }
      expect(order.total.minorUnits).toBe(sum);
      expect(order.total.amount).toBe(sum / 100);
      const createdAt = Date.parse(order.createdAt);
      expect(createdAt).toBeGreaterThan(previous);
      expect(createdAt).toBeLessThan(SEED.epoch);
      previous = createdAt;
      currencies.add(order.total.currency);
      statuses.set(order.status, (statuses.get(order.status) ?? 0) + 1);
    }
    expect([...currencies].sort()).toEqual(['EUR', 'GBP', 'USD']);
    expect(statuses.get('CANCELLED')).toBeGreaterThan(0);
    const settled = (statuses.get('DELIVERED') ?? 0) + (statuses.get('SHIPPED') ?? 0) + (statuses.get('PAID') ?? 0);
    expect(settled).toBeGreaterThan(SEED.orders * 0.8);
  });

  it('gives every seeded order the history that replays to it, so asOfVersion works for past orders', async () => {
    const query = `query($id: ID!) { order(id: $id) { status version cardLast4 history { version type } } }`;
    const [delivered] = await db()
      .handle()
      .query<{ id: number; n: number }>(
        `SELECT o.id, (SELECT count(*)::int FROM orders.order_item i WHERE i.order_id = o.id) AS n
           FROM orders.purchase_order o WHERE status = 'DELIVERED' ORDER BY id LIMIT 1`,
      );
    const id = String(delivered?.id);
    const items = delivered?.n ?? 0;
    const { data, errors } = await run(query, { id });
    expect(errors).toBeUndefined();
    const order = (
      data as { order: { status: string; version: number; cardLast4: string; history: { type: string }[] } }
    ).order;
    // created + one ITEM_ADDED per item + placed, paid, shipped, delivered.
    expect(order.version).toBe(1 + items + 4);
    expect(order.cardLast4).toBe('4242');
    expect(order.history.map((e) => e.type)).toEqual([
      'CREATED',
      ...Array.from({ length: items }, () => 'ITEM_ADDED'),
      'PLACED',
      'PAID',
      'SHIPPED',
      'DELIVERED',
    ]);
    const paidAt = await run(`query($id: ID!, $v: Int) { order(id: $id, asOfVersion: $v) { status version } }`, {
      id,
      v: items + 3,
    });
    expect(paidAt.data).toEqual({ order: { status: 'PAID', version: items + 3 } });
    const [unbacked] = await db()
      .handle()
      .query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders.purchase_order o
          WHERE version <> (SELECT count(*) FROM orders.order_event e WHERE e.order_id = o.id)`,
      );
    expect(unbacked?.n).toBe(0);
  });

  it('seeds once, leaving the id sequence past the seeded ids', async () => {
    const handle = db().handle();
    await prepareOrdersDatabase(handle);
    const [count] = await handle.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.purchase_order');
    expect(count?.n).toBe(SEED.orders);
    // A write inside a rolled-back transaction: the next identity value, without keeping the row.
    const inserted = await handle
      .transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO orders.purchase_order (customer_id, currency) VALUES (2, 'USD') RETURNING id`,
        );
        throw Object.assign(new Error('rollback'), { id: row?.id });
      })
      .catch((error: { id?: number }) => error.id);
    expect(inserted).toBe(SEED.orders + 1);
  });

  it('answers an order by id with its customer and products as references', async () => {
    const { data, errors } = await run(`{ order(id: "1") { ${ORDER_FIELDS} } }`);
    expect(errors).toBeUndefined();
    const order = (data as { order: OrderData }).order;
    expect(order.id).toBe('1');
    expect(order.customer.id).toMatch(/^\d+$/);
    expect(order.items[0]?.product.id).toMatch(/^\d+$/);
  });

  it('answers null, not an error, for ids that do not exist or cannot be ids', async () => {
    for (const id of ['501', '0', '-1', 'abc', '99999999999']) {
      const result = await run('query($id: ID!) { order(id: $id) { id } }', { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ order: null });
    }
    const entities = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }', {
      r: orders([3, 501, 'abc', 4]),
    });
    expect(entities.errors).toBeUndefined();
    expect(entities.data).toEqual({ _entities: [{ id: '3' }, null, null, { id: '4' }] });
    const userRefs = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }', {
      r: users([2, 'abc', 0]),
    });
    expect(userRefs.errors).toBeUndefined();
    expect(userRefs.data).toEqual({ _entities: [{ id: '2' }, null, null] });
    expect(userRefs.statements).toBe(0); // users are references here: no SQL to resolve them
  });

  it('shows an order to its customer and admins only; to anyone else it does not exist', async () => {
    const [own] = await db()
      .handle()
      .query<{ id: number }>('SELECT id FROM orders.purchase_order WHERE customer_id = $1 LIMIT 1', [SEED_CUSTOMER_ID]);
    const query = 'query($id: ID!) { order(id: $id) { id } }';
    const id = String(own?.id);
    expect((await run(query, { id })).data).toEqual({ order: { id } });
    expect((await run(query, { id }, as.owner)).data).toEqual({ order: { id } });
    // Another customer, an anonymous caller and a forged identity get what a missing id gets.
    for (const who of [as.other, as.anonymous, as.forged]) {
      const result = await run(query, { id }, who);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ order: null });
    }
    const missing = await run(query, { id: '999999' }, as.other);
    expect(missing).toEqual({ ...(await run(query, { id }, as.other)), statements: missing.statements });
  });

  it("refuses a customer's order list to other customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)", async () => {
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { orders(first: 1) { edges { node { id } } } } } }';
    const r = users([SEED_CUSTOMER_ID]);
    expect((await run(query, { r }, as.owner)).errors).toBeUndefined();
    expect((await run(query, { r }, as.other)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await run(query, { r }, as.anonymous)).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect((await run(query, { r }, as.forged)).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it("pages through a customer's orders newest first, each once, until there is no next page", async () => {
    const handle = db().handle();
    const expected = (
      await handle.query<{ id: number }>(
        'SELECT id FROM orders.purchase_order WHERE customer_id = $1 ORDER BY id DESC',
        [SEED_CUSTOMER_ID],
      )
    ).map((row) => String(row.id));
    expect(expected.length).toBeGreaterThanOrEqual(SEED.orders / 20); // every 20th seeded order is theirs

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await pageOf(SEED_CUSTOMER_ID, 4, after);
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(4);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const firstPage = await pageOf(SEED_CUSTOMER_ID, null);
    expect(firstPage.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 10)); // default page size 10
    const empty = await pageOf(SEED_CUSTOMER_ID, 0);
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const nobody = await pageOf(999, 5); // a user without orders
    expect(nobody).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('refuses a bad page size or cursor with a stable code, not a server error', async () => {
    const cases: [number | null, string | null, string][] = [
      [-1, null, 'INVALID_PAGE_SIZE'],
      [101, null, 'INVALID_PAGE_SIZE'],
      [3, 'not-a-cursor', 'INVALID_CURSOR'],
      [3, encodeCursor('products', 10), 'INVALID_CURSOR'], // a cursor of another list
    ];
    for (const [first, after, code] of cases) {
      const result = await run(USER_ORDERS, { r: users([SEED_CUSTOMER_ID]), first, after });
      expect(result.data).toEqual({ _entities: [{ id: String(SEED_CUSTOMER_ID), orders: null }] });
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      expect(result.statements).toBe(0);
    }
  });

  it("costs the same statements for 5 or 50 users' orders with their items", async () => {
    for (const count of [5, 50]) {
      const { data, errors, statements } = await run(USER_ORDERS_DEEP, { r: users(range(2, count)) });
      expect(errors).toBeUndefined();
      const entities = (data as { _entities: { orders: { edges: { node: OrderData }[] } }[] })._entities;
      expect(entities).toHaveLength(count);
      expect(entities.some((user) => user.orders.edges.length === 3)).toBe(true);
      for (const [index, user] of entities.entries()) {
        for (const { node } of user.orders.edges) expect(node.customer.id).toBe(String(2 + index));
      }
      // 1 windowed page query for all users (same first/after) + 1 items query for all their
      // orders (items and total share the loader; users, customers and products are references).
      expect(statements).toBe(2);
    }
  });

  it('costs the same statements for 5 or 50 order references with their items', async () => {
    for (const count of [5, 50]) {
      const { data, errors, statements } = await run(ORDER_ENTITIES, { r: orders(range(1, count)) });
      expect(errors).toBeUndefined();
      expect((data as { _entities: OrderData[] })._entities.map((order) => order.id)).toEqual(
        range(1, count).map(String),
      );
      expect(statements).toBe(2); // 1 orders-by-id batch + 1 items batch, whatever the count
    }
  });

  it('pages users with different cursors in one request, one statement per distinct page request', async () => {
    const first = await pageOf(SEED_CUSTOMER_ID, 2);
    const query = `query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on User {
      a: orders(first: 2) { edges { node { id } } }
      b: orders(first: 2, after: $after) { edges { node { id } } }
    } } }`;
    const { data, errors, statements } = await run(query, {
      r: users([SEED_CUSTOMER_ID, 3]),
      after: first.pageInfo.endCursor,
    });
    expect(errors).toBeUndefined();
    const [customer] = (data as { _entities: { a: OrdersPage; b: OrdersPage }[] })._entities;
    expect(customer?.a.edges.map((edge) => edge.node.id)).toEqual(first.edges.map((edge) => edge.node.id));
    const second = await pageOf(SEED_CUSTOMER_ID, 2, first.pageInfo.endCursor);
    expect(customer?.b.edges.map((edge) => edge.node.id)).toEqual(second.edges.map((edge) => edge.node.id));
    expect(statements).toBe(2); // (first 2, no cursor) and (first 2, after) are two groups: one query each
  });
});
