import { createLogger } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  ManualClock,
  type TestDatabase,
  testBackends,
  testIdentity,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../src/domain/order.js';
import { InProcessStatusBus, type StatusChange } from '../src/events/bus.js';
import {
  createOrdersDomain,
  createOrdersSubgraph,
  type OrdersSubgraph,
  prepareOrdersDatabase,
  SimulatedCardProcessor,
  TEST_CARDS,
} from '../src/index.js';
import { createOrderCommands } from '../src/orderCommands.js';
import { FakeInventory, fakePrices } from './fakes.js';

const logger = createLogger('orders', 'silent');
const ORDER =
  'id status version cancellationReason cancellationCode cardLast4 total { minorUnits } items { quantity unitPrice { minorUnits } product { id } }';

interface OrderData {
  id: string;
  status: string;
  version: number;
  cancellationReason: string | null;
  cancellationCode: string | null;
  cardLast4: string | null;
  total: { minorUnits: number };
  items: { quantity: number; unitPrice: { minorUnits: number }; product: { id: string } }[];
}

describe.each(testBackends())('placing orders on %s', (kind) => {
  let database: TestDatabase;
  let service: OrdersSubgraph;
  let run: GraphQLTestExecutor;
  let as: Record<'customer' | 'other' | 'admin', Record<string, string>>;
  const inventory = new FakeInventory();
  const payments = new SimulatedCardProcessor();
  const bus = new InProcessStatusBus();
  const heard: StatusChange[] = [];
  // The subgraph's saga times its calls on this clock: a timeout happens when the test says so.
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareOrdersDatabase(root.handle(), { seed: false }));
    const identity = await testIdentity();
    service = await createOrdersSubgraph({
      db: database.root.handle(),
      logger,
      verifyIdentity: identity.verifyIdentity,
      inventory,
      payments,
      bus,
      prices: fakePrices,
      clock,
      saga: { paymentTimeoutMs: 200, retryDelayMs: 10 },
      sagaRecoveryIntervalMs: 0,
    });
    run = graphqlExecutor(service.app, database.root.handle());
    as = {
      customer: await identity.headersFor({ id: 2, role: 'CUSTOMER' }),
      other: await identity.headersFor({ id: 3, role: 'CUSTOMER' }),
      admin: await identity.headersFor({ id: 1, role: 'ADMIN' }),
    };
    for (let product = 1; product <= 20; product++) inventory.stock(product, 10);
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });

  async function mutate(field: string, args: string, who = as.customer, variables: Record<string, unknown> = {}) {
    const declaration = 'card' in variables ? '($card: PaymentMethodInput!)' : '';
    const result = await run(`mutation${declaration} { r: ${field}(${args}) { ${ORDER} } }`, variables, who);
    return {
      order: (result.data as { r: OrderData | null } | undefined)?.r ?? null,
      codes: result.errors?.map((e) => e.extensions?.code) ?? [],
    };
  }

  async function newOrder(items: [number, number][], who = as.customer): Promise<string> {
    const { order } = await mutate('createOrder', 'currency: EUR', who);
    if (!order) throw new Error('createOrder failed');
    for (const [productId, quantity] of items) {
      const added = await mutate(
        'addOrderItem',
        `orderId: "${order.id}", productId: "${productId}", quantity: ${quantity}`,
        who,
      );
      expect(added.codes).toEqual([]);
    }
    return order.id;
  }

  const placeWith = (id: string, card: string, who = as.customer) =>
    mutate('placeOrder', `orderId: "${id}", paymentMethod: $card`, who, { card: { cardNumber: card } });

  it('builds an order from catalog prices, then places it: reserved, charged, PAID', async () => {
    const id = await newOrder([
      [3, 2],
      [4, 1],
    ]);
    const listen = await bus.subscribe(Number(id), (change) => heard.push(change));
    const { order, codes } = await placeWith(id, TEST_CARDS.SUCCESS);
    listen();
    expect(codes).toEqual([]);
    // Prices: product × 100 + 99 → 2 × 399 + 1 × 499 = 1297.
    expect(order).toMatchObject({ status: 'PAID', cardLast4: '4242', total: { minorUnits: 1297 } });
    // created, 2 items, placed, paid.
    expect(order?.version).toBe(5);
    expect(heard.map((c) => [c.status, c.version])).toEqual([
      ['PLACED', 4],
      ['PAID', 5],
    ]);
    expect(inventory.available.get(3)).toBe(8);
    expect(payments.chargeFor(`order-${id}`)).toMatchObject({ charge: { amountMinor: 1297 }, refunded: false });
    // The card number is nowhere in the database: only its last four digits.
    const dump = await database.root.handle().query<{ data: string }>(
      `SELECT (SELECT string_agg(payload::text || metadata::text, '') FROM orders.order_event) ||
              (SELECT string_agg(data::text, '') FROM orders.order_saga) AS data`,
    );
    expect(dump[0]?.data).not.toContain(TEST_CARDS.SUCCESS);
  });

  it('cancels with the reason when the card is declined, and gives the stock back', async () => {
    const id = await newOrder([[5, 3]]);
    const { order } = await placeWith(id, TEST_CARDS.DECLINE);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationCode: 'PAYMENT_DECLINED' });
    expect(order?.cancellationReason).toMatch(/ending 0002 was declined/);
    expect(inventory.available.get(5)).toBe(10);
    expect(inventory.calls.slice(-2)).toEqual([`reserve ${id}`, `release ${id}`]);
  });

  it('treats a processor that never answers as a failed payment: voided, released, cancelled', async () => {
    const id = await newOrder([[6, 1]]);
    const placing = placeWith(id, TEST_CARDS.TIMEOUT);
    // Stock reserved (the saga is at step 1, chargePayment) and the charge's timeout armed.
    await expect
      .poll(async () => [(await service.domain.saga.store.find(Number(id)))?.step, clock.pending])
      .toEqual([1, 1]);
    // The processor never answers; 200 ms later (paymentTimeoutMs) the saga gives up on it.
    clock.advance(200);
    const { order } = await placing;
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationCode: 'PAYMENT_TIMEOUT' });
    expect(inventory.available.get(6)).toBe(10);
  });

  it('cancels an order whose stock is short, without charging', async () => {
    const id = await newOrder([[7, 11]]);
    const { order } = await placeWith(id, TEST_CARDS.SUCCESS);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationCode: 'INSUFFICIENT_STOCK' });
    expect(payments.chargeFor(`order-${id}`)).toBeUndefined();
  });

  it('refuses what the aggregate refuses, with stable codes', async () => {
    const empty = await newOrder([]);
    expect((await placeWith(empty, TEST_CARDS.SUCCESS)).codes).toEqual(['ORDER_EMPTY']);
    expect((await placeWith(empty, '1234')).codes).toEqual(['INVALID_ARGUMENT']);
    expect((await mutate('addOrderItem', `orderId: "${empty}", productId: "1", quantity: 0`)).codes).toEqual([
      'ORDER_INVALID_QUANTITY',
    ]);
    expect((await mutate('addOrderItem', `orderId: "${empty}", productId: "99999"`)).codes).toEqual([
      'PRODUCT_NOT_FOUND',
    ]);
    expect((await mutate('removeOrderItem', `orderId: "${empty}", productId: "1"`)).codes).toEqual([
      'ORDER_ITEM_NOT_FOUND',
    ]);
    const paid = await newOrder([[8, 1]]);
    await placeWith(paid, TEST_CARDS.SUCCESS);
    expect((await placeWith(paid, TEST_CARDS.SUCCESS)).codes).toEqual(['ORDER_NOT_PENDING']);
    expect((await mutate('cancelOrder', `orderId: "${paid}", reason: "late"`)).codes).toEqual([
      'ORDER_INVALID_TRANSITION',
    ]);
    expect((await mutate('deliverOrder', `orderId: "${paid}"`, as.admin)).codes).toEqual(['ORDER_INVALID_TRANSITION']);
  });

  it('lets only the owner or an admin change an order; to others it does not exist', async () => {
    const id = await newOrder([[9, 1]]);
    const hidden = await mutate('addOrderItem', `orderId: "${id}", productId: "1"`, as.other);
    const missing = await mutate('addOrderItem', `orderId: "99999", productId: "1"`, as.other);
    expect(hidden).toEqual({ order: null, codes: ['ORDER_NOT_FOUND'] });
    expect(missing).toEqual(hidden);
    expect((await mutate('cancelOrder', `orderId: "${id}", reason: "x"`, as.other)).codes).toEqual(['ORDER_NOT_FOUND']);
    expect((await mutate('shipOrder', `orderId: "${id}"`, as.customer)).codes).toEqual(['FORBIDDEN']);
    // The admin may change anyone's order.
    const removed = await mutate('removeOrderItem', `orderId: "${id}", productId: "9"`, as.admin);
    expect(removed.order?.items).toEqual([]);
    const cancelled = await mutate('cancelOrder', `orderId: "${id}", reason: "changed my mind"`);
    expect(cancelled.order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'changed my mind' });
  });

  it('ships and delivers paid orders (admins), with the whole story in history and asOfVersion', async () => {
    const id = await newOrder([[10, 1]]);
    await placeWith(id, TEST_CARDS.SUCCESS);
    expect((await mutate('shipOrder', `orderId: "${id}"`, as.admin)).order?.status).toBe('SHIPPED');
    expect((await mutate('deliverOrder', `orderId: "${id}"`, as.admin)).order?.status).toBe('DELIVERED');
    const read = await run(
      `query($id: ID!) { now: order(id: $id) { status version history { version type correlationId causationId payload } }
        then: order(id: $id, asOfVersion: 2) { status version items { quantity } history { type } } }`,
      { id },
      as.customer,
    );
    expect(read.errors).toBeUndefined();
    const data = read.data as {
      now: {
        status: string;
        version: number;
        history: {
          version: number;
          type: string;
          correlationId: string;
          causationId: string | null;
          payload: string;
        }[];
      };
      then: { status: string; version: number; items: unknown[]; history: { type: string }[] };
    };
    expect(data.now.history.map((e) => e.type)).toEqual([
      'CREATED',
      'ITEM_ADDED',
      'PLACED',
      'PAID',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(data.now.history.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    // The saga's PAID event is caused by the PLACED event and shares the placement's correlation id.
    const [, , placed, paid] = data.now.history;
    expect(paid?.causationId).toBeTruthy();
    expect(paid?.correlationId).toBe(placed?.correlationId);
    expect(JSON.parse(placed?.payload ?? '{}')).toEqual({ cardLast4: '4242', totalMinor: 1099 });
    expect(data.then).toEqual({
      status: 'PENDING',
      version: 2,
      items: [{ quantity: 1 }],
      history: [{ type: 'CREATED' }, { type: 'ITEM_ADDED' }],
    });
    const beyond = await run('query($id: ID!) { order(id: $id, asOfVersion: 7) { id } }', { id }, as.customer);
    expect(beyond.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_ARGUMENT']);
  });

  it('lets exactly one of two concurrent writers of one order win; the other gets ORDER_CONCURRENT_MODIFICATION', async () => {
    const id = Number(await newOrder([]));
    const commands = createOrderCommands({ db: database.root.handle(), bus, logger });
    const state = await commands.load(id);
    if (!state) throw new Error('order missing');
    // Both decide on the same version and append: the unique (order_id, version) lets one commit.
    const context = {
      correlationId: crypto.randomUUID(),
      causationId: null,
      metadata: { userId: 2, source: 'graphql' as const },
    };
    const results = await Promise.allSettled(
      [11, 12].map((productId) =>
        database.root
          .handle()
          .transaction(async (tx) =>
            commands.write(tx, state, id, addItem(state, { productId, quantity: 1, unitPriceMinor: 1 }), context),
          ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'ORDER_CONCURRENT_MODIFICATION' });
    const after = await commands.load(id);
    expect(after?.lines).toHaveLength(1);
    expect(after?.version).toBe(2);
    // The projection is the winner's, in the same transaction.
    const [row] = await database.root
      .handle()
      .query<{ version: number; n: number }>(
        'SELECT version, (SELECT count(*)::int FROM orders.order_item WHERE order_id = $1) AS n FROM orders.purchase_order WHERE id = $1',
        [id],
      );
    expect(row).toEqual({ version: 2, n: 1 });
  });

  it('resumes a saga whose process died mid-way, and finishes it', async () => {
    const id = Number(await newOrder([[13, 2]]));
    // Instance A: its reserve call never returns (the process is as good as dead) and its lease is short.
    const deadInventory = new FakeInventory();
    deadInventory.stock(13, 10);
    deadInventory.hangNextReserve = true;
    // A and B share a clock: leases expire when the test moves it, not when time passes.
    const leaseClock = new ManualClock(Date.now());
    const a = createOrdersDomain({
      db: database.root.handle(),
      logger,
      inventory: deadInventory,
      payments,
      bus,
      prices: fakePrices,
      clock: leaseClock,
      saga: { leaseMs: 300, inventoryTimeoutMs: 60_000, instanceId: 'A' },
    });
    const context = {
      correlationId: crypto.randomUUID(),
      causationId: null,
      metadata: { userId: 2, source: 'graphql' as const },
    };
    void a.saga.place(id, TEST_CARDS.SUCCESS, context).catch(() => {});
    await expect.poll(async () => (await a.saga.store.find(id))?.status).toBe('RUNNING');
    expect((await a.commands.load(id))?.status).toBe('PLACED');
    // Instance B starts up after A's lease ran out and resumes what A left.
    const b = createOrdersDomain({
      db: database.root.handle(),
      logger,
      inventory,
      payments,
      bus,
      prices: fakePrices,
      clock: leaseClock,
      saga: { instanceId: 'B' },
    });
    expect(await b.saga.resumeSagas()).toBe(0); // A's lease still holds
    leaseClock.advance(299);
    expect(await b.saga.resumeSagas()).toBe(0); // 299 ms of A's 300 ms lease: still A's
    leaseClock.advance(2);
    // 299 + 2 = 301 ms > 300 ms: A's lease ran out without progress, B takes the saga over.
    expect(await b.saga.resumeSagas()).toBe(1);
    expect((await b.commands.load(id))?.status).toBe('PAID');
    expect(await b.saga.store.find(id)).toMatchObject({ status: 'COMPLETED', step: 3 });
    expect(inventory.available.get(13)).toBe(8);
  });

  it('resumes a saga that died while compensating, and cancels the order', async () => {
    const id = Number(await newOrder([[14, 1]]));
    const c = createOrdersDomain({
      db: database.root.handle(),
      logger,
      inventory,
      payments,
      bus,
      prices: fakePrices,
      saga: { instanceId: 'C' },
    });
    const context = {
      correlationId: crypto.randomUUID(),
      causationId: null,
      metadata: { userId: 2, source: 'graphql' as const },
    };
    await c.saga.place(id, TEST_CARDS.SUCCESS, context);
    // Rewind it to "charge declined, nothing undone yet, instance gone" as a crash would leave it.
    await database.root.handle().query(
      `UPDATE orders.order_saga SET status = 'COMPENSATING', step = 1, failure = '{"code":"PAYMENT_DECLINED","message":"declined","step":"chargePayment"}',
         locked_by = 'dead', locked_until = now() - interval '1 second' WHERE order_id = $1`,
      [id],
    );
    await database.root
      .handle()
      .query(`DELETE FROM orders.order_event WHERE order_id = $1 AND type = 'order.paid'`, [id]);
    expect(inventory.available.get(14)).toBe(9);
    expect(await c.saga.resumeSagas()).toBe(1);
    expect(await c.commands.load(id)).toMatchObject({ status: 'CANCELLED', cancellationCode: 'PAYMENT_DECLINED' });
    expect(inventory.available.get(14)).toBe(10);
    expect(payments.chargeFor(`order-${id}`)?.refunded).toBe(true);
    expect(await c.saga.store.find(id)).toMatchObject({ status: 'COMPENSATED', step: -1 });
  });
});
