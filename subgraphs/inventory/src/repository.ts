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

/**
 * The SQL of warehouses and stock levels: rows in, rows out. Holding stock for an order is not
 * here: it has one way, the order-keyed reservations of `internal/reservations.ts`.
 */
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
