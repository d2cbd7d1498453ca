import { freshTestDatabase, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInventoryRepository,
  createReservations,
  type InventoryRepository,
  isInventoryError,
  prepareInventoryDatabase,
  type Reservations,
} from '../src/index.js';

// Product ids above the seeded 1..1000: each test stocks its own row and knows its exact state.
let nextProductId = 5000;
const freshProduct = () => ++nextProductId;
// Reservations are keyed by order id (the orders saga's live path): each reservation its own order.
let nextOrderId = 0;
const freshOrder = () => ++nextOrderId;

/** Settled results split into values and the codes of the InventoryErrors (anything else fails). */
function outcomes<T>(results: PromiseSettledResult<T>[]): { fulfilled: T[]; codes: string[] } {
  const fulfilled: T[] = [];
  const codes: string[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') fulfilled.push(result.value);
    else if (isInventoryError(result.reason)) codes.push(result.reason.code);
    else throw result.reason;
  }
  return { fulfilled, codes };
}

describe.each(testBackends())('stock writes on %s', (kind) => {
  let database: TestDatabase;
  let repository: InventoryRepository;
  let reservations: Reservations;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareInventoryDatabase(root.handle()));
    repository = createInventoryRepository(database.root.handle());
    reservations = createReservations(database.root.handle());
  });
  afterAll(() => database.close());

  it('receives stock into a warehouse without a row for the product, then removes it', async () => {
    const productId = freshProduct();
    expect(await repository.adjustQuantity(productId, 2, 7)).toEqual({
      productId,
      warehouseId: 2,
      quantity: 7,
      reserved: 0,
    });
    expect(await repository.adjustQuantity(productId, 2, -3)).toEqual({
      productId,
      warehouseId: 2,
      quantity: 4,
      reserved: 0,
    });
    expect(await repository.findStock(productId, 2)).toEqual({ productId, warehouseId: 2, quantity: 4, reserved: 0 });
  });

  it('refuses changes with a typed code and changes nothing', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 1, 5);
    await reservations.reserve(freshOrder(), [{ productId, quantity: 2 }]);
    // 5 on the shelf, 2 reserved: 3 available, so removing 4 is refused.
    await expect(repository.adjustQuantity(productId, 1, -4)).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { productId, warehouseId: 1, available: 3, requested: 4 },
    });
    await expect(repository.adjustQuantity(productId, 3, -1)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    await expect(repository.adjustQuantity(productId, 99, 1)).rejects.toMatchObject({ code: 'UNKNOWN_WAREHOUSE' });
    await expect(repository.adjustQuantity(productId, 99, -1)).rejects.toMatchObject({ code: 'UNKNOWN_WAREHOUSE' });
    await expect(repository.adjustQuantity(productId, 1, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(repository.adjustQuantity(productId, 1, 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(repository.adjustQuantity(0, 1, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // 5 + (2^31 - 1) does not fit an integer column.
    await expect(repository.adjustQuantity(productId, 1, 2_147_483_647)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await repository.findStock(productId, 1)).toEqual({ productId, warehouseId: 1, quantity: 5, reserved: 2 });
  });

  it('reserves all lines of an order or none, and holds them once however often the order asks', async () => {
    const a = freshProduct();
    const b = freshProduct();
    await repository.adjustQuantity(a, 1, 10);
    await repository.adjustQuantity(b, 2, 1);
    // Line b asks for 2 of 1 available: the whole reservation is refused, line a included.
    const short = freshOrder();
    await expect(
      reservations.reserve(short, [
        { productId: a, quantity: 4 },
        { productId: b, quantity: 2 },
      ]),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: b, available: 1, requested: 2 } });
    expect(await repository.findStock(a, 1)).toMatchObject({ quantity: 10, reserved: 0 });
    expect(await reservations.find(short)).toBeNull();

    // Two lines of the same product add up: 3 + 4 = 7 reserved.
    const order = freshOrder();
    const lines = [
      { productId: b, quantity: 1 },
      { productId: a, quantity: 3 },
      { productId: a, quantity: 4 },
    ];
    const reserved = await reservations.reserve(order, lines);
    expect(reserved.lines).toEqual([
      { productId: a, warehouseId: 1, quantity: 7 },
      { productId: b, warehouseId: 2, quantity: 1 },
    ]);
    // The same order again (a retried saga step) gets the same reservation and holds nothing more.
    expect(await reservations.reserve(order, lines)).toEqual(reserved);
    expect(await repository.findStock(a, 1)).toMatchObject({ quantity: 10, reserved: 7 });
    expect(await repository.findStock(b, 2)).toMatchObject({ quantity: 1, reserved: 1 });
    // Released twice, given back once.
    expect(await reservations.release(order)).toBe(true);
    expect(await reservations.release(order)).toBe(false);
    expect(await repository.findStock(a, 1)).toMatchObject({ quantity: 10, reserved: 0 });
    expect(await repository.findStock(b, 2)).toMatchObject({ quantity: 1, reserved: 0 });
  });

  it('holds one order once when its reservation arrives twice at the same time', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 1, 10);
    const order = freshOrder();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => reservations.reserve(order, [{ productId, quantity: 3 }])),
    );
    const { fulfilled, codes } = outcomes(results);
    expect(codes).toEqual([]);
    expect(fulfilled).toHaveLength(5);
    // 5 calls for one order hold its 3 units once: 3 reserved, not 5 × 3 = 15 (more than the 10 there are).
    expect(await repository.findStock(productId, 1)).toMatchObject({ quantity: 10, reserved: 3 });
  });

  it('loses no update: 50 concurrent receipts of one unit all land', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 1, 10);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => repository.adjustQuantity(productId, 1, 1)),
    );
    const { fulfilled, codes } = outcomes(results);
    expect(codes).toEqual([]);
    // 10 + 50 × 1 = 60, and each call saw a different result: 11..60.
    expect(await repository.findStock(productId, 1)).toMatchObject({ quantity: 60 });
    expect(fulfilled.map((row) => row.quantity).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, index) => 11 + index),
    );
  });

  it('never goes below the reserved units: of 30 concurrent removals with 10 available, exactly 10 succeed', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 2, 12);
    await reservations.reserve(freshOrder(), [{ productId, quantity: 2 }]);
    // 12 on the shelf, 2 reserved: 10 available.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => repository.adjustQuantity(productId, 2, -1)),
    );
    const { fulfilled, codes } = outcomes(results);
    expect(fulfilled).toHaveLength(10);
    expect(codes).toEqual(Array.from({ length: 20 }, () => 'INSUFFICIENT_STOCK'));
    for (const row of fulfilled) expect(row.quantity).toBeGreaterThanOrEqual(row.reserved);
    // 12 - 10 = 2 left, both reserved.
    expect(await repository.findStock(productId, 2)).toMatchObject({ quantity: 2, reserved: 2 });
  });

  it('never over-reserves: of 30 concurrent reservations mixed with removals, available never drops below zero', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 3, 10);
    // 15 reservations (15 orders) and 15 removals of one unit each compete for 10 units.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) =>
        index % 2 === 0
          ? reservations.reserve(freshOrder(), [{ productId, quantity: 1 }])
          : repository.adjustQuantity(productId, 3, -1),
      ),
    );
    const { fulfilled, codes } = outcomes(results);
    expect(fulfilled).toHaveLength(10);
    expect(codes).toHaveLength(20);
    expect(new Set(codes)).toEqual(new Set(['INSUFFICIENT_STOCK']));
    const final = await repository.findStock(productId, 3);
    if (!final) throw new Error('stock row vanished');
    // Every unit went to exactly one winner: removed units + reserved units = 10, none left over.
    expect(10 - final.quantity + final.reserved).toBe(10);
    expect(final.quantity - final.reserved).toBe(0);
  });

  it('does not deadlock when concurrent reservations name the same rows in opposite orders', async () => {
    const a = freshProduct();
    const b = freshProduct();
    await repository.adjustQuantity(a, 1, 100);
    await repository.adjustQuantity(b, 1, 100);
    const ab = [
      { productId: a, quantity: 1 },
      { productId: b, quantity: 1 },
    ];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        reservations.reserve(freshOrder(), index % 2 === 0 ? ab : [...ab].reverse()),
      ),
    );
    expect(outcomes(results).codes).toEqual([]);
    // 20 reservations of one unit of each product: 20 × 1 = 20 reserved of each.
    expect(await repository.findStock(a, 1)).toMatchObject({ reserved: 20 });
    expect(await repository.findStock(b, 1)).toMatchObject({ reserved: 20 });
    // Releasing them all concurrently gives every unit back: 20 - 20 × 1 = 0 reserved.
    const released = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => reservations.release(nextOrderId - index)),
    );
    expect(outcomes(released)).toEqual({ fulfilled: Array.from({ length: 20 }, () => true), codes: [] });
    expect(await repository.findStock(a, 1)).toMatchObject({ reserved: 0 });
    expect(await repository.findStock(b, 1)).toMatchObject({ reserved: 0 });
  });

  it('leaves nothing visible of a transaction that updates and then fails', async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 1, 5);
    const db = database.root.handle();
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE inventory.stock SET quantity = quantity + 100 WHERE product_id = $1', [productId]);
        throw new Error('saga step failed');
      }),
    ).rejects.toThrow('saga step failed');
    expect(await repository.findStock(productId, 1)).toMatchObject({ quantity: 5 });
  });

  it("never lets a reader see another transaction's uncommitted change", async () => {
    const productId = freshProduct();
    await repository.adjustQuantity(productId, 1, 5);
    const db = database.root.handle();
    let read: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('UPDATE inventory.stock SET quantity = quantity + 100 WHERE product_id = $1', [productId]);
      read = repository.findStock(productId, 1);
      if (kind === 'postgres') {
        // Another connection reads the last committed row while this transaction is open.
        expect(await read).toMatchObject({ quantity: 5 });
      }
      // PGlite has one session: its transaction holds an exclusive lock and the read waits for
      // the commit (awaiting it here would deadlock), so it can only see the committed value.
    });
    expect(await read).toMatchObject({ quantity: kind === 'postgres' ? 5 : 105 });
    expect(await repository.findStock(productId, 1)).toMatchObject({ quantity: 105 });
  });
});
