/**
 * What the seed data holds. Every subgraph seeds its own tables from these numbers and the same
 * deterministic generator, so ids line up across services without reading each other's tables:
 * user ids are 1..users (1 is the admin), product ids 1..products, warehouse ids 1..warehouses.
 */
export const SEED = {
  users: 200,
  products: 1000,
  warehouses: 3,
  reviews: 5000,
  orders: 500,
  /** The instant the seeded history ends; all seeded timestamps lie before it. */
  epoch: Date.parse('2026-01-01T00:00:00Z'),
} as const;

/** A small seeded PRNG (mulberry32): the same seed always yields the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] from `next`. */
export function between(next: () => number, min: number, max: number): number {
  return min + Math.floor(next() * (max - min + 1));
}

/** Picks one element of a non-empty list. */
export function pick<T>(next: () => number, items: readonly T[]): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

/**
 * Inserts rows in multi-row statements of `chunk` rows: a 5,000-row seed is ten statements,
 * not five thousand round trips to the database.
 */
export async function insertRows(
  db: { query(text: string, params?: readonly unknown[]): Promise<unknown> },
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  chunk = 500,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const marks = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** The currencies seeded prices come in, with the rate from USD used to derive them. */
export const SEED_CURRENCIES = { USD: 1, EUR: 0.92, GBP: 0.79 } as const;
export type SeedCurrency = keyof typeof SEED_CURRENCIES;

/**
 * The seeded catalog price of a product in minor units (cents): products seeds its price table
 * from it and orders its past orders' unit prices, so both agree without sharing tables.
 * USD prices run from 4.99 to 499.99 and always end in .99.
 */
export function seedPriceMinor(productId: number, currency: SeedCurrency): number {
  const usd = (between(rng(productId * 7919), 4, 499) + 0.99) * 100;
  return Math.round(usd * SEED_CURRENCIES[currency]);
}
