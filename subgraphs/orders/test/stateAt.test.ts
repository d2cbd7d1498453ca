import { createLogger } from '@switchyard/service';
import { freshTestDatabase, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../src/domain/order.js';
import { InProcessStatusBus } from '../src/events/bus.js';
import { prepareOrdersDatabase } from '../src/index.js';
import { createOrderCommands } from '../src/orderCommands.js';

const context = {
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: null,
  metadata: { userId: 2, source: 'graphql' as const },
};

describe.each(testBackends())('past states of an order on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareOrdersDatabase(root.handle(), { seed: false }));
  });
  afterAll(() => database.close());

  it('reads a version once and answers again from the cache; a version the order lacks is null', async () => {
    const db = database.root.handle();
    const commands = createOrderCommands({
      db,
      bus: new InProcessStatusBus(),
      logger: createLogger('orders', 'silent'),
    });
    const order = await commands.create({ customerId: 2, currency: 'EUR' }, context);
    await commands.execute(
      order.id,
      (state) => addItem(state, { productId: 1, quantity: 2, unitPriceMinor: 5 }),
      context,
    );
    const before = db.stats.statements;
    const [first, again] = await Promise.all([commands.stateAt(order.id, 1), commands.stateAt(order.id, 1)]);
    expect(first).toMatchObject({ version: 1, lines: [] });
    expect(again).toBe(first);
    expect(await commands.stateAt(order.id, 2)).toMatchObject({ version: 2, lines: [{ productId: 1, quantity: 2 }] });
    // Versions 1 and 2 read once each, the second call for version 1 shared the first: 2 statements.
    expect(db.stats.statements - before).toBe(2);
    expect(await commands.stateAt(order.id, 3)).toBeNull();
  });
});
