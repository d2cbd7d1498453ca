import { between, type Database, insertRows, rng, SEED, type SeedCurrency, seedPriceMinor } from '@switchyard/db';
import type { OrderStatus } from './domain/order.js';

/** The README's customer (users' seed: id 2); every 20th seeded order is theirs. */
export const SEED_CUSTOMER_ID = 2;
const SEED_CUSTOMER_EVERY = 20;

const HOUR = 3_600_000;
/** Seeded orders are spread over the year before the seed epoch, one every ~17.5 hours. */
const SPACING = Math.floor((365 * 24 * HOUR) / SEED.orders);
/** How long after creation an order reached its status (its updated_at). */
const SETTLED_AFTER: Record<OrderStatus, number> = {
  PENDING: 0,
  PLACED: 0,
  PAID: 1 * HOUR,
  SHIPPED: 30 * HOUR,
  DELIVERED: 100 * HOUR,
  CANCELLED: 2 * HOUR,
};

/** Mostly USD, some EUR and GBP. */
function seedCurrency(next: () => number): SeedCurrency {
  const r = next();
  return r < 0.8 ? 'USD' : r < 0.9 ? 'EUR' : 'GBP';
}

/**
 * Some orders are cancelled; the rest moved as far as their age allows: the last few days' orders
 * are paid or on their way, older ones delivered.
 */
function seedStatus(next: () => number, id: number): OrderStatus {
  if (next() < 0.06) return 'CANCELLED';
  const fromEnd = SEED.orders - id;
  if (fromEnd < 10) return next() < 0.5 ? 'PAID' : 'SHIPPED';
  if (fromEnd < 30) return next() < 0.4 ? 'SHIPPED' : 'DELIVERED';
  return 'DELIVERED';
}

/**
 * 500 past orders (ids 1..500, created in id order over the year before the seed epoch) by
 * customers 2..200, each with 1 to 5 distinct products of 1..1000 priced at the seeded catalog
 * price in the order's currency. Does nothing when orders exist already.
 */
export async function seedOrders(db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.purchase_order');
  if ((existing?.n ?? 0) > 0) return;
  const next = rng(4);
  const orders: unknown[][] = [];
  const items: unknown[][] = [];
  for (let id = 1; id <= SEED.orders; id++) {
    const customerId = id % SEED_CUSTOMER_EVERY === 0 ? SEED_CUSTOMER_ID : between(next, 2, SEED.users);
    const currency = seedCurrency(next);
    const status = seedStatus(next, id);
    // Strictly increasing with id: the jitter stays below the spacing.
    const createdAt = SEED.epoch - (SEED.orders - id + 1) * SPACING + between(next, 0, SPACING / 2);
    const updatedAt = Math.min(createdAt + SETTLED_AFTER[status], SEED.epoch - 60_000);
    orders.push([id, customerId, status, currency, new Date(createdAt), new Date(updatedAt)]);

    const products = new Set<number>();
    const count = between(next, 1, 5);
    while (products.size < count) products.add(between(next, 1, SEED.products));
    let position = 0;
    for (const productId of products) {
      const quantity = next() < 0.7 ? 1 : between(next, 2, 4);
      items.push([id, ++position, productId, quantity, seedPriceMinor(productId, currency)]);
    }
  }
  await db.transaction(async (tx) => {
    await insertRows(
      tx,
      'orders.purchase_order',
      ['id', 'customer_id', 'status', 'currency', 'created_at', 'updated_at'],
      orders,
    );
    await insertRows(
      tx,
      'orders.order_item',
      ['order_id', 'position', 'product_id', 'quantity', 'unit_price_minor'],
      items,
    );
    // Explicit ids leave the identity sequence behind; move it past them.
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('orders.purchase_order', 'id'), (SELECT max(id) FROM orders.purchase_order))`,
    );
  });
}
