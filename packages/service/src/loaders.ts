/**
 * DataLoader batch functions must return one result per key, in key order. These turn the rows
 * of one SQL statement into that shape.
 */

/** One row per key, `null` where the database had none. */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

/** All rows per key (a one-to-many edge), `[]` where the database had none; row order is kept. */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * The largest batch one DataLoader sends as one statement. The biggest list a single request can
 * hold is a page of 100 parents each with a nested page of 100 (10,000 keys), so up to that every
 * batch is one `= ANY($1)` statement and the SQL a request causes does not grow with its lists
 * (the N+1 rule). Beyond it (only lists the graph does not allow) a batch splits.
 */
export const LOADER_MAX_BATCH_SIZE = 10_000;
