import { between, type Database, insertRows, rng, SEED } from '@switchyard/db';

/** The seeded warehouses, ids 1..SEED.warehouses in this order. */
export const SEED_WAREHOUSES = [
  { code: 'BER-1', name: 'Berlin Tempelhof', city: 'Berlin' },
  { code: 'LON-1', name: 'London Park Royal', city: 'London' },
  { code: 'NYC-1', name: 'New York Red Hook', city: 'New York' },
] as const;

/**
 * Three warehouses, and stock for products 1..SEED.products in one to three of them: about one
 * product in twenty never stocked (no rows), one stock row in twenty sold out (quantity 0), and
 * one in five with a few units reserved. Does nothing when warehouses exist already.
 */
export async function seedInventory(db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory.warehouse');
  if ((existing?.n ?? 0) > 0) return;
  if (SEED_WAREHOUSES.length !== SEED.warehouses) throw new Error('seedInventory: SEED.warehouses does not match');
  const next = rng(3);
  const warehouses = SEED_WAREHOUSES.map((w, index) => [index + 1, w.code, w.name, w.city]);
  const stock: unknown[][] = [];
  for (let productId = 1; productId <= SEED.products; productId++) {
    if (next() < 0.05) continue;
    const count = between(next, 1, SEED.warehouses);
    // `count` distinct warehouses: a partial Fisher-Yates shuffle of the ids, then by id.
    const ids = Array.from({ length: SEED.warehouses }, (_, index) => index + 1);
    for (let i = 0; i < count; i++) {
      const j = between(next, i, ids.length - 1);
      [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
    }
    for (const warehouseId of ids.slice(0, count).sort((a, b) => a - b)) {
      const quantity = next() < 0.05 ? 0 : between(next, 1, 250);
      const reserved = quantity > 0 && next() < 0.2 ? between(next, 1, Math.min(quantity, 5)) : 0;
      stock.push([productId, warehouseId, quantity, reserved]);
    }
  }
  await db.transaction(async (tx) => {
    await insertRows(tx, 'inventory.warehouse', ['id', 'code', 'name', 'city'], warehouses);
    // Explicit ids leave the identity sequence behind; move it past them.
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('inventory.warehouse', 'id'), (SELECT max(id) FROM inventory.warehouse))`,
    );
    await insertRows(tx, 'inventory.stock', ['product_id', 'warehouse_id', 'quantity', 'reserved'], stock);
  });
}
