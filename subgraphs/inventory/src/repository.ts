import type { Database, Queryable } from '@switchyard/db';
import { InventoryError } from './errors.js';

/** A place where stock is kept. */
export interface WarehouseRow {
  id: number;
  code: string;
  name: string;
  city: string;
}

/** Stock of one product in one warehouse; `reserved` units are part of `quantity`. */
export interface StockRow {
  productId: number;
  warehouseId: number;
  quantity: number;
  reserved: number;
}

/** Stock of one product summed over its warehouses; zeros and no rows when never stocked. */
export interface InventoryRow {
  productId: number;
  total: number;
  reserved: number;
  /** By warehouse id. */
  warehouses: StockRow[];
}

/** Units of one product in one warehouse, for `reserve` and `release`. */
export interface StockLine {
  productId: number;
  warehouseId: number;
  /** A positive number of units. */
  quantity: number;
}

/** The largest value of a PostgreSQL `integer` column. */
const MAX_INT = 2_147_483_647;

const WAREHOUSE_COLUMNS = 'id, code, name, city';
const STOCK_COLUMNS = `product_id AS "productId", warehouse_id AS "warehouseId", quantity, reserved`;

/** Sums the stock rows of one product (all of them that product's) into its inventory. */
export function inventoryOf(productId: number, rows: readonly StockRow[]): InventoryRow {
  let total = 0;
  let reserved = 0;
  for (const row of rows) {
    total += row.quantity;
    reserved += row.reserved;
  }
  return { productId, total, reserved, warehouses: [...rows] };
}

/** All SQL of the inventory domain: rows in, rows out. */
export function createInventoryRepository(db: Database) {
  return {
    /** The warehouses with these ids, in any order; missing ids are simply absent. */
    async findWarehousesByIds(ids: readonly number[]): Promise<WarehouseRow[]> {
      return db.query<WarehouseRow>(`SELECT ${WAREHOUSE_COLUMNS} FROM inventory.warehouse WHERE id = ANY($1::int[])`, [
        ids,
      ]);
    },

    /** Every warehouse, by id. */
    async listWarehouses(): Promise<WarehouseRow[]> {
      return db.query<WarehouseRow>(`SELECT ${WAREHOUSE_COLUMNS} FROM inventory.warehouse ORDER BY id`);
    },

    /** The stock rows of these products, by product id and then warehouse id. */
    async findStockByProductIds(productIds: readonly number[]): Promise<StockRow[]> {
      return db.query<StockRow>(
        `SELECT ${STOCK_COLUMNS} FROM inventory.stock
         WHERE product_id = ANY($1::int[])
         ORDER BY product_id, warehouse_id`,
        [productIds],
      );
    },

    /** One product's stock in one warehouse, or null when it has no row there. */
    async findStock(productId: number, warehouseId: number): Promise<StockRow | null> {
      const [row] = await db.query<StockRow>(
        `SELECT ${STOCK_COLUMNS} FROM inventory.stock WHERE product_id = $1 AND warehouse_id = $2`,
        [productId, warehouseId],
      );
      return row ?? null;
    },

    /**
     * Receives (`delta > 0`) or removes (`delta < 0`) units of a product in a warehouse and returns
     * the row after the change; receiving into a warehouse without a row for the product creates it.
     * One conditional statement does the change, so concurrent calls queue on the row lock and
     * each sees the others' committed result: no update is lost and `quantity` never drops below
     * `reserved`.
     * @throws InventoryError INSUFFICIENT_STOCK when fewer than `-delta` units are available,
     *   UNKNOWN_WAREHOUSE, or INVALID_ARGUMENT (a bad id, a zero or non-integer delta, overflow).
     */
    async adjustQuantity(productId: number, warehouseId: number, delta: number): Promise<StockRow> {
      assertId('productId', productId);
      assertId('warehouseId', warehouseId);
      if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_INT) {
        throw new InventoryError(
          'INVALID_ARGUMENT',
          `delta must be a non-zero integer within ±${MAX_INT}, got ${delta}`,
          {
            delta,
          },
        );
      }
      return db.transaction(async (tx) => {
        const [row] =
          delta > 0
            ? await tx.query<StockRow>(
                // The SELECT inserts nothing for an unknown warehouse, so no row comes back.
                `INSERT INTO inventory.stock AS s (product_id, warehouse_id, quantity, reserved)
                 SELECT $1::int, w.id, $3::int, 0 FROM inventory.warehouse w WHERE w.id = $2::int
                 ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity
                 WHERE s.quantity::bigint + EXCLUDED.quantity <= ${MAX_INT}
                 RETURNING ${STOCK_COLUMNS}`,
                [productId, warehouseId, delta],
              )
            : await tx.query<StockRow>(
                `UPDATE inventory.stock SET quantity = quantity + $3::int
                 WHERE product_id = $1 AND warehouse_id = $2 AND quantity + $3::int >= reserved
                 RETURNING ${STOCK_COLUMNS}`,
                [productId, warehouseId, delta],
              );
        if (row) return row;
        const current = await currentStock(tx, productId, warehouseId);
        if (delta > 0) {
          throw new InventoryError(
            'INVALID_ARGUMENT',
            `receiving ${delta} units of product ${productId} in warehouse ${warehouseId} would exceed ${MAX_INT} (has ${current.quantity})`,
            { productId, warehouseId, quantity: current.quantity, requested: delta },
          );
        }
        throw insufficientStock(productId, warehouseId, current, -delta);
      });
    },

    /**
     * Holds units of several products for an order, all or nothing: when one line cannot be
     * reserved nothing is. Lines of the same product and warehouse are added up. Returns the rows
     * after the change, by product id and warehouse id.
     * @throws InventoryError INSUFFICIENT_STOCK, UNKNOWN_WAREHOUSE or INVALID_ARGUMENT.
     */
    async reserve(lines: readonly StockLine[]): Promise<StockRow[]> {
      const merged = mergeLines(lines);
      return db.transaction(async (tx) => {
        const rows: StockRow[] = [];
        for (const line of merged) {
          const [row] = await tx.query<StockRow>(
            `UPDATE inventory.stock SET reserved = reserved + $3::int
             WHERE product_id = $1 AND warehouse_id = $2 AND quantity - reserved >= $3::int
             RETURNING ${STOCK_COLUMNS}`,
            [line.productId, line.warehouseId, line.quantity],
          );
          if (!row) {
            const current = await currentStock(tx, line.productId, line.warehouseId);
            throw insufficientStock(line.productId, line.warehouseId, current, line.quantity);
          }
          rows.push(row);
        }
        return rows;
      });
    },

    /**
     * Gives reserved units back to sale (a cancelled order), all or nothing, like `reserve`.
     * @throws InventoryError INSUFFICIENT_RESERVED when a line releases more than is reserved,
     *   UNKNOWN_WAREHOUSE or INVALID_ARGUMENT.
     */
    async release(lines: readonly StockLine[]): Promise<StockRow[]> {
      const merged = mergeLines(lines);
      return db.transaction(async (tx) => {
        const rows: StockRow[] = [];
        for (const line of merged) {
          const [row] = await tx.query<StockRow>(
            `UPDATE inventory.stock SET reserved = reserved - $3::int
             WHERE product_id = $1 AND warehouse_id = $2 AND reserved >= $3::int
             RETURNING ${STOCK_COLUMNS}`,
            [line.productId, line.warehouseId, line.quantity],
          );
          if (!row) {
            const { productId, warehouseId, quantity } = line;
            const current = await currentStock(tx, productId, warehouseId);
            throw new InventoryError(
              'INSUFFICIENT_RESERVED',
              `cannot release ${quantity} units of product ${productId} in warehouse ${warehouseId}: ${current.reserved} reserved`,
              { productId, warehouseId, reserved: current.reserved, requested: quantity },
            );
          }
          rows.push(row);
        }
        return rows;
      });
    },
  };
}

export type InventoryRepository = ReturnType<typeof createInventoryRepository>;

/**
 * The stock of a product in a warehouse after a conditional write matched nothing, to say why.
 * Zeros when the warehouse has no row for the product.
 * @throws InventoryError UNKNOWN_WAREHOUSE when the warehouse does not exist.
 */
async function currentStock(
  tx: Queryable,
  productId: number,
  warehouseId: number,
): Promise<{ quantity: number; reserved: number }> {
  const [row] = await tx.query<{ quantity: number | null; reserved: number | null }>(
    `SELECT s.quantity, s.reserved FROM inventory.warehouse w
     LEFT JOIN inventory.stock s ON s.warehouse_id = w.id AND s.product_id = $1
     WHERE w.id = $2`,
    [productId, warehouseId],
  );
  if (!row) throw new InventoryError('UNKNOWN_WAREHOUSE', `no warehouse with id ${warehouseId}`, { warehouseId });
  return { quantity: row.quantity ?? 0, reserved: row.reserved ?? 0 };
}

function insufficientStock(
  productId: number,
  warehouseId: number,
  current: { quantity: number; reserved: number },
  requested: number,
): InventoryError {
  const available = current.quantity - current.reserved;
  return new InventoryError(
    'INSUFFICIENT_STOCK',
    `product ${productId} in warehouse ${warehouseId}: ${requested} units requested, ${available} available`,
    { productId, warehouseId, available, requested },
  );
}

function assertId(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_INT) {
    throw new InventoryError('INVALID_ARGUMENT', `${name} must be an integer in 1..${MAX_INT}, got ${value}`, {
      [name]: value,
    });
  }
}

/**
 * Validates lines, adds up those of the same product and warehouse, and sorts them by key: every
 * transaction then locks rows in the same order, so two of them cannot deadlock on each other.
 */
function mergeLines(lines: readonly StockLine[]): StockLine[] {
  const byKey = new Map<string, StockLine>();
  for (const line of lines) {
    assertId('productId', line.productId);
    assertId('warehouseId', line.warehouseId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new InventoryError('INVALID_ARGUMENT', `quantity must be a positive integer, got ${line.quantity}`, {
        productId: line.productId,
        warehouseId: line.warehouseId,
        quantity: line.quantity,
      });
    }
    const key = `${line.productId}:${line.warehouseId}`;
    const existing = byKey.get(key);
    const quantity = (existing?.quantity ?? 0) + line.quantity;
    if (quantity > MAX_INT) {
      throw new InventoryError('INVALID_ARGUMENT', `quantity must be at most ${MAX_INT}, got ${quantity}`, {
        productId: line.productId,
        warehouseId: line.warehouseId,
        quantity,
      });
    }
    byKey.set(key, { productId: line.productId, warehouseId: line.warehouseId, quantity });
  }
  return [...byKey.values()].sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId);
}
