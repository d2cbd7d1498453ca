import type { Queryable } from '@switchyard/db';
import type { CurrencyCode, OrderState, OrderStatus } from './domain/order.js';

export type { CurrencyCode, OrderStatus } from './domain/order.js';

/**
 * An order's state: a row of the read model (purchase_order, the projection of its events), or a
 * state replayed from the events (`asOfVersion`, subscription events), which brings its items.
 */
export interface OrderRow {
  id: number;
  customerId: number;
  status: OrderStatus;
  currency: CurrencyCode;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  cancellationReason: string | null;
  cancellationCode: string | null;
  cardLast4: string | null;
  /** The items of a replayed state; absent on read-model rows (their items load by order id). */
  replayedItems?: OrderItemRow[];
}

/** One line of an order, with the order's currency so a line can price itself. */
export interface OrderItemRow {
  orderId: number;
  position: number;
  productId: number;
  quantity: number;
  unitPriceMinor: number;
  currency: CurrencyCode;
}

/** An amount in minor units (cents) of one currency. */
export interface MoneyRow {
  minorUnits: number;
  currency: CurrencyCode;
}

const ORDER_COLUMNS = `id, customer_id AS "customerId", status, currency, created_at AS "createdAt",
  updated_at AS "updatedAt", version, cancellation_reason AS "cancellationReason",
  cancellation_code AS "cancellationCode", card_last4 AS "cardLast4"`;

/** A replayed state as the graph reads it, items included. */
export function orderRowOf(state: OrderState): OrderRow {
  return {
    id: state.id,
    customerId: state.customerId,
    status: state.status,
    currency: state.currency,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    version: state.version,
    cancellationReason: state.cancellationReason,
    cancellationCode: state.cancellationCode,
    cardLast4: state.cardLast4,
    replayedItems: state.lines.map((line, index) => ({
      orderId: state.id,
      position: index + 1,
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      currency: state.currency,
    })),
  };
}

/** All SQL of the orders domain: rows in, rows out. */
export function createOrdersRepository(db: Queryable) {
  return {
    /** The orders with these ids, in any order; missing ids are simply absent. */
    async findByIds(ids: readonly number[]): Promise<OrderRow[]> {
      return db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders.purchase_order WHERE id = ANY($1::int[])`, [ids]);
    },

    /** The items of these orders, by order id and position. */
    async findItemsByOrderIds(orderIds: readonly number[]): Promise<OrderItemRow[]> {
      return db.query<OrderItemRow>(
        `SELECT i.order_id AS "orderId", i.position, i.product_id AS "productId", i.quantity,
                i.unit_price_minor AS "unitPriceMinor", o.currency
           FROM orders.order_item i
           JOIN orders.purchase_order o ON o.id = i.order_id
          WHERE i.order_id = ANY($1::int[])
          ORDER BY i.order_id, i.position`,
        [orderIds],
      );
    },

    /**
     * The newest `perCustomer` orders of each customer, below `beforeId` when it is set (keyset
     * paging), in one statement however many customers: ordered by customer, then id descending.
     */
    async findNewestByCustomerIds(
      customerIds: readonly number[],
      perCustomer: number,
      beforeId: number | null,
    ): Promise<OrderRow[]> {
      const params: unknown[] = [customerIds, perCustomer];
      // Two statement shapes rather than `$3 IS NULL OR id < $3`, so the planner sees a plain range.
      let before = '';
      if (beforeId !== null) {
        params.push(beforeId);
        before = 'AND id < $3';
      }
      return db.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS}
           FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY id DESC) AS recency
                   FROM orders.purchase_order
                  WHERE customer_id = ANY($1::int[]) ${before}) AS ranked
          WHERE recency <= $2
          ORDER BY customer_id, id DESC`,
        params,
      );
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
