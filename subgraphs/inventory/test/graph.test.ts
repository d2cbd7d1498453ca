import { SEED } from '@switchyard/db';
import { createLogger } from '@switchyard/service';
import { type GraphQLTestExecutor, subgraphUnderTest, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInventorySubgraph, prepareInventoryDatabase } from '../src/index.js';

interface StockLevelData {
  quantity: number;
  reserved: number;
  available: number;
  warehouse: { id: string; code: string; name: string };
}
interface InventoryData {
  total: number;
  reserved: number;
  available: number;
  warehouses: StockLevelData[];
}
type ProductEntity = { id: string; inventory: InventoryData | null } | null;

const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Product {
      id
      inventory { total available reserved warehouses { quantity reserved available warehouse { id code name } } }
    }
  }
}`;

const products = (ids: readonly (number | string)[]) => ids.map((id) => ({ __typename: 'Product', id: String(id) }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe.each(testBackends())('inventory subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, run, close } = await subgraphUnderTest(kind, prepareInventoryDatabase, (db) =>
      createInventorySubgraph({ db, logger: createLogger('inventory', 'silent') }),
    ));
  });
  afterAll(() => close());

  it('seeds three warehouses, listed by id', async () => {
    const { data, errors } = await run('{ warehouses { id code name city } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      warehouses: [
        { id: '1', code: 'BER-1', name: 'Berlin Tempelhof', city: 'Berlin' },
        { id: '2', code: 'LON-1', name: 'London Park Royal', city: 'London' },
        { id: '3', code: 'NYC-1', name: 'New York Red Hook', city: 'New York' },
      ],
    });
    const one = await run('{ warehouse(id: "2") { code city } }');
    expect(one.data).toEqual({ warehouse: { code: 'LON-1', city: 'London' } });
  });

  it('seeds only once: preparing a seeded database again changes nothing', async () => {
    const before = await run('{ warehouses { id } }');
    await prepareInventoryDatabase(database.root.handle());
    const [row] = await database.root
      .handle()
      .query<{ n: number }>('SELECT count(*)::int AS n FROM inventory.warehouse');
    expect(row?.n).toBe(3);
    expect(await run('{ warehouses { id } }')).toEqual(before);
  });

  it('seeds stock for every product id, with totals summed over warehouses and available = total - reserved', async () => {
    const { data, errors, statements } = await run(ENTITIES, { r: products(range(1, SEED.products)) });
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: ProductEntity[] })._entities;
    expect(entities).toHaveLength(SEED.products);
    let unstocked = 0;
    let soldOut = 0;
    let withReserved = 0;
    for (const [index, entity] of entities.entries()) {
      expect(entity?.id).toBe(String(index + 1));
      const inventory = entity?.inventory;
      if (!inventory) throw new Error(`product ${index + 1} has no inventory`);
      const levels = inventory.warehouses;
      expect(levels.length).toBeLessThanOrEqual(3);
      expect(inventory.total).toBe(levels.reduce((sum, level) => sum + level.quantity, 0));
      expect(inventory.reserved).toBe(levels.reduce((sum, level) => sum + level.reserved, 0));
      expect(inventory.available).toBe(inventory.total - inventory.reserved);
      // By warehouse id, each warehouse at most once.
      const ids = levels.map((level) => Number(level.warehouse.id));
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      for (const level of levels) {
        expect(level.available).toBe(level.quantity - level.reserved);
        expect(level.reserved).toBeGreaterThanOrEqual(0);
        expect(level.available).toBeGreaterThanOrEqual(0);
        if (level.quantity === 0) soldOut++;
        if (level.reserved > 0) withReserved++;
      }
      if (levels.length === 0) {
        unstocked++;
        expect(inventory).toEqual({ total: 0, reserved: 0, available: 0, warehouses: [] });
      }
    }
    expect(unstocked).toBeGreaterThan(0);
    expect(soldOut).toBeGreaterThan(0);
    expect(withReserved).toBeGreaterThan(0);
    // 1000 product keys in one batch (LOADER_MAX_BATCH_SIZE is 10,000): 1 stock SELECT, then 1
    // warehouse SELECT for the three warehouse ids: 1 + 1 = 2.
    expect(statements).toBe(2);
  });

  it('answers null, not an error, for warehouse ids that do not exist or cannot be ids', async () => {
    for (const id of ['4', '0', '-1', 'abc', '99999999999']) {
      const result = await run('query($id: ID!) { warehouse(id: $id) { id } }', { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ warehouse: null });
    }
    const { data, errors } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Warehouse { code } } }',
      { r: ['1', '4', 'abc'].map((id) => ({ __typename: 'Warehouse', id })) },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ _entities: [{ code: 'BER-1' }, null, null] });
  });

  it('resolves product references without SQL: null for malformed ids, zero stock for unknown ones', async () => {
    const { data, errors, statements } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id } } }',
      { r: products(['1', 'abc', '0', '99999999999', '123456']) },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ _entities: [{ id: '1' }, null, null, null, { id: '123456' }] });
    expect(statements).toBe(0);

    const unknown = await run(ENTITIES, { r: products([123456]) });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({
      _entities: [{ id: '123456', inventory: { total: 0, available: 0, reserved: 0, warehouses: [] } }],
    });
  });

  it('costs the same statements for 5 and for 50 product references (the _entities request the gateway sends)', async () => {
    const five = await run(ENTITIES, { r: products(range(1, 5)) });
    const fifty = await run(ENTITIES, { r: products(range(1, 50)) });
    expect(five.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect((five.data as { _entities: unknown[] })._entities).toHaveLength(5);
    expect((fifty.data as { _entities: unknown[] })._entities).toHaveLength(50);
    // References: no SQL. Inventory: one stock SELECT for all product ids. StockLevel.warehouse:
    // one warehouse SELECT for all warehouse ids. 0 + 1 + 1 = 2, whatever the number of products.
    expect(five.statements).toBe(2);
    expect(fifty.statements).toBe(2);
  });
});
