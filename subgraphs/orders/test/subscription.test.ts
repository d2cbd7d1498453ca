import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { ROLE_SCOPES, type Role } from '@switchyard/auth';
import { subgraphTypeDefs } from '@switchyard/schema';
import { createLogger } from '@switchyard/service';
import { freshTestDatabase, type TestDatabase, testBackends } from '@switchyard/testing';
import { type ExecutionResult, type GraphQLSchema, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, type ContextFactory, createContextFactory } from '../src/context.js';
import { addItem, cancel, ship } from '../src/domain/order.js';
import { InProcessStatusBus } from '../src/events/bus.js';
import { prepareOrdersDatabase, SimulatedCardProcessor, TEST_CARDS } from '../src/index.js';
import { createOrdersDomain, type OrdersDomain } from '../src/ordersDomain.js';
import { resolvers } from '../src/resolvers/index.js';
import { FakeInventory, fakePrices } from './fakes.js';

const SUBSCRIPTION = parse(`subscription($id: ID!, $after: Int) {
  orderStatusChanged(orderId: $id, afterVersion: $after) {
    orderId status version occurredAt reason reasonCode order { id status version items { quantity } }
  }
}`);

interface Message {
  orderId: string;
  status: string;
  version: number;
  reason: string | null;
  reasonCode: string | null;
  order: { id: string; status: string; version: number; items: { quantity: number }[] };
}

const viewerOf = (id: number, role: Role) => ({ id, role, scopes: ROLE_SCOPES[role] });

describe.each(testBackends())('orderStatusChanged on %s', (kind) => {
  let database: TestDatabase;
  let domain: OrdersDomain;
  let contextFor: ContextFactory;
  let schema: GraphQLSchema;
  const inventory = new FakeInventory();
  const context = () => ({
    correlationId: crypto.randomUUID(),
    causationId: null,
    metadata: { userId: 2, source: 'graphql' as const },
  });

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareOrdersDatabase(root.handle(), { seed: false }));
    domain = createOrdersDomain({
      db: database.root.handle(),
      logger: createLogger('orders', 'silent'),
      inventory,
      payments: new SimulatedCardProcessor(),
      bus: new InProcessStatusBus(),
      prices: fakePrices,
    });
    contextFor = createContextFactory(domain);
    schema = buildSubgraphSchema([
      { typeDefs: subgraphTypeDefs('orders'), resolvers: resolvers as GraphQLResolverMap<Context> },
    ]);
    for (let product = 1; product <= 5; product++) inventory.stock(product, 100);
  });
  afterAll(() => database.close());

  async function open(orderId: number, viewer: Context['viewer'], after?: number) {
    const result = await subscribe({
      schema,
      document: SUBSCRIPTION,
      variableValues: { id: String(orderId), after },
      contextValue: contextFor(viewer),
    });
    return result as AsyncGenerator<ExecutionResult> | ExecutionResult;
  }

  async function take(stream: AsyncGenerator<ExecutionResult>, n: number): Promise<Message[]> {
    const messages: Message[] = [];
    while (messages.length < n) {
      const next = await stream.next();
      if (next.done) break;
      expect(next.value.errors).toBeUndefined();
      messages.push((next.value.data as { orderStatusChanged: Message }).orderStatusChanged);
    }
    return messages;
  }

  async function pendingOrder(): Promise<number> {
    const order = await domain.commands.create({ customerId: 2, currency: 'USD' }, context());
    await domain.commands.execute(
      order.id,
      (s) => addItem(s, { productId: 1, quantity: 2, unitPriceMinor: 50 }),
      context(),
    );
    return order.id;
  }

  it('sends the current state first, then PLACED and PAID live, each with the order as of that change, then ends', async () => {
    const id = await pendingOrder();
    const stream = (await open(id, viewerOf(2, 'CUSTOMER'))) as AsyncGenerator<ExecutionResult>;
    expect(Symbol.asyncIterator in stream).toBe(true);
    await domain.saga.place(id, TEST_CARDS.SUCCESS, context());
    const messages = await take(stream, 3);
    expect(messages.map((m) => [m.status, m.version, m.order.status, m.order.version])).toEqual([
      ['PENDING', 2, 'PENDING', 2],
      ['PLACED', 3, 'PLACED', 3],
      ['PAID', 4, 'PAID', 4],
    ]);
    expect(messages[0]?.order.items).toEqual([{ quantity: 2 }]);
    await domain.commands.execute(id, ship, context());
    expect((await take(stream, 1))[0]?.status).toBe('SHIPPED');
    await stream.return(undefined);
  });

  it('tells a declined placement as PLACED then CANCELLED with the reason, and completes', async () => {
    const id = await pendingOrder();
    const stream = (await open(id, viewerOf(1, 'ADMIN'))) as AsyncGenerator<ExecutionResult>;
    await domain.saga.place(id, TEST_CARDS.DECLINE, context());
    const messages = await take(stream, 10);
    expect(messages.map((m) => m.status)).toEqual(['PENDING', 'PLACED', 'CANCELLED']);
    expect(messages[2]).toMatchObject({ reasonCode: 'PAYMENT_DECLINED', reason: expect.stringMatching(/declined/) });
    expect((await stream.next()).done).toBe(true);
  });

  it('replays exactly the status changes after afterVersion, then goes live without gaps or repeats', async () => {
    const id = await pendingOrder();
    await domain.saga.place(id, TEST_CARDS.SUCCESS, context()); // v3 PLACED, v4 PAID
    const stream = (await open(id, viewerOf(2, 'CUSTOMER'), 3)) as AsyncGenerator<ExecutionResult>;
    await domain.commands.execute(id, ship, context()); // v5 SHIPPED
    const messages = await take(stream, 2);
    expect(messages.map((m) => [m.status, m.version])).toEqual([
      ['PAID', 4],
      ['SHIPPED', 5],
    ]);
    await stream.return(undefined);
    // From 0: every status change, the creation included (item events are not status changes).
    const all = (await open(id, viewerOf(2, 'CUSTOMER'), 0)) as AsyncGenerator<ExecutionResult>;
    expect((await take(all, 4)).map((m) => m.version)).toEqual([1, 3, 4, 5]);
    await all.return(undefined);
  });

  it('fills a gap from the store when a live message skips versions (a lost publish)', async () => {
    const id = await pendingOrder();
    const stream = (await open(id, viewerOf(2, 'CUSTOMER'))) as AsyncGenerator<ExecutionResult>;
    expect((await take(stream, 1))[0]?.version).toBe(2);
    // Cancel without publishing (as if the bus dropped it), then publish a later change only.
    const silent = createOrdersDomain({
      db: database.root.handle(),
      logger: createLogger('orders', 'silent'),
      bus: new InProcessStatusBus(),
    });
    await silent.commands.execute(id, (s) => cancel(s, { reason: 'quiet' }), context());
    await domain.bus.publish({
      orderId: id,
      status: 'CANCELLED',
      version: 3,
      occurredAt: new Date().toISOString(),
      reason: 'quiet',
      reasonCode: null,
    });
    const [message] = await take(stream, 1);
    expect(message).toMatchObject({ status: 'CANCELLED', version: 3, reason: 'quiet' });
  });

  it("refuses another customer's order like a missing one, and anonymous callers", async () => {
    const id = await pendingOrder();
    const other = (await open(id, viewerOf(3, 'CUSTOMER'))) as ExecutionResult;
    const missing = (await open(999_999, viewerOf(3, 'CUSTOMER'))) as ExecutionResult;
    expect(other.errors?.map((e) => e.extensions.code)).toEqual(['ORDER_NOT_FOUND']);
    expect(missing.errors?.map((e) => e.extensions.code)).toEqual(['ORDER_NOT_FOUND']);
    expect(other.errors?.[0]?.message).toBe(`No order with id ${id}`);
    expect(missing.errors?.[0]?.message).toBe('No order with id 999999');
    const anonymous = (await open(id, null)) as ExecutionResult;
    expect(anonymous.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('unsubscribes from the bus when the client stops, even while waiting', async () => {
    const id = await pendingOrder();
    const stream = (await open(id, viewerOf(2, 'CUSTOMER'))) as AsyncGenerator<ExecutionResult>;
    await take(stream, 1);
    const waiting = stream.next();
    await stream.return(undefined);
    expect((await waiting).done).toBe(true);
    // Nobody listens any more: a publish reaches no one (and does not throw).
    await domain.bus.publish({
      orderId: id,
      status: 'PLACED',
      version: 3,
      occurredAt: new Date().toISOString(),
      reason: null,
      reasonCode: null,
    });
  });
});
