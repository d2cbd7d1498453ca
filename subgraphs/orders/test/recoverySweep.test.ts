import { createLogger } from '@switchyard/service';
import { freshTestDatabase, ManualClock, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addItem } from '../src/domain/order.js';
import { InProcessStatusBus } from '../src/events/bus.js';
import {
  createOrdersDomain,
  createOrdersSubgraph,
  type OrdersDomain,
  prepareOrdersDatabase,
  SimulatedCardProcessor,
  TEST_CARDS,
} from '../src/index.js';
import { FakeInventory, fakePrices } from './fakes.js';

const logger = createLogger('orders', 'silent');
const context = () => ({
  correlationId: crypto.randomUUID(),
  causationId: null,
  metadata: { userId: 2, source: 'graphql' as const },
});
/** The lease of the instance that dies mid-saga. */
const LEASE_MS = 300;
const SWEEP_INTERVAL_MS = 60_000;
/** The dying instance's reservation call never times out within the test (a day on the clock). */
const NEVER_MS = 86_400_000;

describe.each(testBackends())('the saga recovery sweep on %s', (kind) => {
  let database: TestDatabase;
  const clock = new ManualClock(Date.now());
  const payments = new SimulatedCardProcessor();
  const bus = new InProcessStatusBus();

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareOrdersDatabase(root.handle(), { seed: false }));
  });
  afterAll(() => database.close());

  /** An order placed by an instance whose reservation call never returns: PLACED, its saga leased to it. */
  async function strandedPlacement(productId: number): Promise<number> {
    const dying = new FakeInventory();
    dying.stock(productId, 10);
    dying.hangNextReserve = true;
    const instance: OrdersDomain = createOrdersDomain({
      db: database.root.handle(),
      logger,
      inventory: dying,
      payments,
      bus,
      prices: fakePrices,
      clock,
      saga: { leaseMs: LEASE_MS, inventoryTimeoutMs: NEVER_MS, instanceId: `dying-${productId}` },
    });
    const order = await instance.commands.create({ customerId: 2, currency: 'EUR' }, context());
    await instance.commands.execute(
      order.id,
      (state) => addItem(state, { productId, quantity: 1, unitPriceMinor: 100 }),
      context(),
    );
    void instance.saga.place(order.id, TEST_CARDS.SUCCESS, context()).catch(() => {});
    await expect.poll(async () => (await instance.saga.store.find(order.id))?.status).toBe('RUNNING');
    return order.id;
  }

  it('sweeps at start-up and then every sagaRecoveryIntervalMs of its clock, finishing stranded sagas', async () => {
    const first = await strandedPlacement(1);
    // LEASE_MS + 1 = 301 ms later the dying instance's lease has run out.
    clock.advance(LEASE_MS + 1);
    const inventory = new FakeInventory();
    for (let product = 1; product <= 2; product++) inventory.stock(product, 10);
    const service = await createOrdersSubgraph({
      db: database.root.handle(),
      logger,
      inventory,
      payments,
      bus,
      prices: fakePrices,
      clock,
      sagaRecoveryIntervalMs: SWEEP_INTERVAL_MS,
    });
    // The sweep calls this method at each tick of its timer: counting calls shows when it ran.
    const sweeps = vi.spyOn(service.domain.saga, 'resumeSagas');
    try {
      // Built, the subgraph has armed its start-up sweep on the clock and run nothing yet.
      expect(sweeps).toHaveBeenCalledTimes(0);
      clock.advance(0);
      expect(sweeps).toHaveBeenCalledTimes(1);
      await expect.poll(async () => (await service.domain.commands.load(first))?.status).toBe('PAID');
      expect(inventory.calls).toEqual([`reserve ${first}`]);

      const second = await strandedPlacement(2);
      clock.advance(LEASE_MS + 1);
      // The next sweep is due SWEEP_INTERVAL_MS after the start-up one: 60000 - 301 - 1 = 59698 ms
      // more leave it one millisecond short.
      clock.advance(SWEEP_INTERVAL_MS - (LEASE_MS + 1) - 1);
      expect(sweeps).toHaveBeenCalledTimes(1);
      clock.advance(1);
      expect(sweeps).toHaveBeenCalledTimes(2);
      await expect.poll(async () => (await service.domain.commands.load(second))?.status).toBe('PAID');
      expect(inventory.calls).toEqual([`reserve ${first}`, `reserve ${second}`]);
    } finally {
      await service.close();
    }
    // Closed, the subgraph's sweep timer is gone: what waits are the two stranded reservation
    // calls' timeouts (their instances never close), 2 timers.
    expect(clock.pending).toBe(2);
    clock.advance(SWEEP_INTERVAL_MS);
    expect(sweeps).toHaveBeenCalledTimes(2);
  });
});
