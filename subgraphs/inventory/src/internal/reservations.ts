import type { Database, Queryable } from '@switchyard/db';
import { InventoryError } from '../errors.js';

/** Units of a product an order needs; the warehouses are inventory's choice. */
export interface OrderLine {
  productId: number;
  quantity: number;
}

/** Units held for an order in one warehouse. */
export interface ReservedLine {
  productId: number;
  warehouseId: number;
  quantity: number;
}

export interface Reservation {
  orderId: number;
  status: 'RESERVED' | 'RELEASED';
  lines: ReservedLine[];
}

/**
 * The reservations of orders, idempotent by order id (migrations/0002). Each command is one
 * transaction; stock rows are locked in (product, warehouse) order, so concurrent reservations
 * queue instead of deadlocking, and the table's CHECKs keep `reserved <= quantity`.
 */
export function createReservations(db: Database) {
  async function linesOf(tx: Queryable, orderId: number): Promise<ReservedLine[]> {
    return tx.query<ReservedLine>(
      `SELECT product_id AS "productId", warehouse_id AS "warehouseId", quantity
         FROM inventory.reservation_line WHERE order_id = $1 ORDER BY product_id, warehouse_id`,
      [orderId],
    );
  }

  return {
    /**
     * Holds stock for every line of an order, all or nothing, taking each product from the
     * warehouses with the most available units first. A second call for the same order returns
     * the first reservation and holds nothing more.
     * @throws InventoryError INSUFFICIENT_STOCK (nothing held), or RESERVATION_RELEASED when the
     *   order's reservation was released already.
     */
    async reserve(orderId: number, lines: readonly OrderLine[]): Promise<Reservation> {
      const merged = new Map<number, number>();
      for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
      const products = [...merged.entries()].sort(([a], [b]) => a - b);
      return db.transaction(async (tx) => {
        // The primary key serialises two reserves of one order: the second waits, then sees the first.
        const [created] = await tx.query(
          `INSERT INTO inventory.reservation (order_id, status) VALUES ($1, 'RESERVED')
           ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          [orderId],
        );
        if (!created) {
          const [existing] = await tx.query<{ status: Reservation['status'] }>(
            'SELECT status FROM inventory.reservation WHERE order_id = $1',
            [orderId],
          );
          if (existing?.status === 'RELEASED') {
            throw new InventoryError('RESERVATION_RELEASED', `the reservation of order ${orderId} was released`, {
              orderId,
            });
          }
          return { orderId, status: 'RESERVED', lines: await linesOf(tx, orderId) };
        }
        const reserved: ReservedLine[] = [];
        for (const [productId, wanted] of products) {
          const stock = await tx.query<{ warehouseId: number; available: number }>(
            `SELECT warehouse_id AS "warehouseId", quantity - reserved AS available
               FROM inventory.stock WHERE product_id = $1 ORDER BY warehouse_id FOR UPDATE`,
            [productId],
          );
          const available = stock.reduce((sum, row) => sum + row.available, 0);
          if (available < wanted) {
            throw new InventoryError(
              'INSUFFICIENT_STOCK',
              `product ${productId}: ${wanted} units requested, ${available} available`,
              { productId, available, requested: wanted },
            );
          }
          let left = wanted;
          for (const row of [...stock].sort((a, b) => b.available - a.available || a.warehouseId - b.warehouseId)) {
            if (left === 0) break;
            const take = Math.min(left, row.available);
            if (take <= 0) continue;
            await tx.query(
              `UPDATE inventory.stock SET reserved = reserved + $3 WHERE product_id = $1 AND warehouse_id = $2`,
              [productId, row.warehouseId, take],
            );
            reserved.push({ productId, warehouseId: row.warehouseId, quantity: take });
            left -= take;
          }
        }
        for (const line of reserved) {
          await tx.query(
            `INSERT INTO inventory.reservation_line (order_id, product_id, warehouse_id, quantity) VALUES ($1, $2, $3, $4)`,
            [orderId, line.productId, line.warehouseId, line.quantity],
          );
        }
        return {
          orderId,
          status: 'RESERVED',
          lines: reserved.sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId),
        };
      });
    },

    /**
     * Gives an order's held stock back. Idempotent: releasing twice, or an order never reserved,
     * changes nothing more (the latter leaves a RELEASED marker that refuses a late reserve).
     * Returns whether this call released anything.
     */
    async release(orderId: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [marked] = await tx.query(
          `INSERT INTO inventory.reservation (order_id, status, released_at) VALUES ($1, 'RELEASED', now())
           ON CONFLICT (order_id) DO UPDATE SET status = 'RELEASED', released_at = now()
             WHERE inventory.reservation.status = 'RESERVED'
           RETURNING order_id`,
          [orderId],
        );
        if (!marked) return false;
        const lines = await linesOf(tx, orderId);
        for (const line of lines) {
          await tx.query(
            `UPDATE inventory.stock SET reserved = reserved - $3 WHERE product_id = $1 AND warehouse_id = $2`,
            [line.productId, line.warehouseId, line.quantity],
          );
        }
        return lines.length > 0;
      });
    },

    /** An order's reservation, or null when there is none. */
    async find(orderId: number): Promise<Reservation | null> {
      const [row] = await db.query<{ status: Reservation['status'] }>(
        'SELECT status FROM inventory.reservation WHERE order_id = $1',
        [orderId],
      );
      if (!row) return null;
      return { orderId, status: row.status, lines: await linesOf(db, orderId) };
    },
  };
}

export type Reservations = ReturnType<typeof createReservations>;
