import { randomUUID } from 'node:crypto';
import { type Database, insertRows } from '@switchyard/db';
import { type DomainEvent, type OrderStatus, totalMinor } from '../domain/order.js';
import type { OrderItemRow, OrderRow } from '../repository.js';

const HOUR = 3_600_000;
/** The card the seeded history says placed orders were paid with (the simulated processor's). */
const SEED_CARD_LAST4 = '4242';
const SEED_CANCEL_REASON = 'Cancelled by the customer';

/** How far each seeded order got, in event order. */
const PATH: Record<OrderStatus, DomainEvent['type'][]> = {
  PENDING: [],
  PLACED: ['order.placed'],
  PAID: ['order.placed', 'order.paid'],
  SHIPPED: ['order.placed', 'order.paid', 'order.shipped'],
  DELIVERED: ['order.placed', 'order.paid', 'order.shipped', 'order.delivered'],
  CANCELLED: ['order.cancelled'],
};

/** When a step of a seeded order happened: its own offset, never after the order's last change. */
const AFTER: Partial<Record<DomainEvent['type'], number>> = {
  'order.paid': 1 * HOUR,
  'order.shipped': 30 * HOUR,
};

/**
 * Gives every order without events (seeded past orders: the seed writes the read model) the
 * history that leads to its row: created, its items added, then placed, paid, shipped, delivered
 * as far as its status says, or cancelled while pending. Replaying them yields the row, so
 * `history` and `asOfVersion` work for past orders like for new ones. Idempotent.
 */
export async function backfillOrderEvents(db: Database): Promise<number> {
  const orders = await db.query<OrderRow>(
    `SELECT id, customer_id AS "customerId", status, currency, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM orders.purchase_order o
      WHERE version = 0 AND NOT EXISTS (SELECT 1 FROM orders.order_event e WHERE e.order_id = o.id)
      ORDER BY id`,
  );
  if (orders.length === 0) return 0;
  const items = await db.query<OrderItemRow>(
    `SELECT order_id AS "orderId", position, product_id AS "productId", quantity, unit_price_minor AS "unitPriceMinor"
       FROM orders.order_item WHERE order_id = ANY($1::int[]) ORDER BY order_id, position`,
    [orders.map((order) => order.id)],
  );
  const itemsOf = new Map<number, OrderItemRow[]>();
  for (const item of items) itemsOf.set(item.orderId, [...(itemsOf.get(item.orderId) ?? []), item]);

  const rows: unknown[][] = [];
  const versions: [number, number, string | null, string | null][] = [];
  for (const order of orders) {
    const lines = itemsOf.get(order.id) ?? [];
    const created = new Date(order.createdAt).getTime();
    const settled = new Date(order.updatedAt).getTime();
    const events: { event: DomainEvent; at: number }[] = [
      {
        event: { type: 'order.created', payload: { customerId: order.customerId, currency: order.currency } },
        at: created,
      },
      ...lines.map((line) => ({
        event: {
          type: 'order.item_added' as const,
          payload: { productId: line.productId, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor },
        },
        at: created,
      })),
    ];
    for (const type of PATH[order.status]) {
      const at = Math.min(created + (AFTER[type] ?? 0), settled);
      const last = type === PATH[order.status].at(-1);
      const event: DomainEvent =
        type === 'order.placed'
          ? { type, payload: { cardLast4: SEED_CARD_LAST4, totalMinor: totalMinor(lines) } }
          : type === 'order.paid'
            ? { type, payload: { paymentId: `pay_seed_${order.id}`, amountMinor: totalMinor(lines) } }
            : type === 'order.cancelled'
              ? { type, payload: { reason: SEED_CANCEL_REASON, code: null } }
              : ({ type, payload: {} } as DomainEvent);
      events.push({ event, at: last ? settled : at });
    }
    const correlationId = randomUUID();
    let causationId: string | null = null;
    for (const [index, { event, at }] of events.entries()) {
      const eventId = randomUUID();
      rows.push([
        eventId,
        order.id,
        index + 1,
        event.type,
        JSON.stringify(event.payload),
        new Date(at),
        correlationId,
        causationId,
        JSON.stringify({ userId: order.customerId, source: 'seed' }),
      ]);
      causationId = eventId;
    }
    const placed = PATH[order.status].includes('order.placed');
    versions.push([
      order.id,
      events.length,
      placed ? SEED_CARD_LAST4 : null,
      order.status === 'CANCELLED' ? SEED_CANCEL_REASON : null,
    ]);
  }
  await db.transaction(async (tx) => {
    await insertRows(
      tx,
      'orders.order_event',
      [
        'event_id',
        'order_id',
        'version',
        'type',
        'payload',
        'occurred_at',
        'correlation_id',
        'causation_id',
        'metadata',
      ],
      rows,
    );
    for (let start = 0; start < versions.length; start += 500) {
      const slice = versions.slice(start, start + 500);
      await tx.query(
        `UPDATE orders.purchase_order o SET version = v.version, card_last4 = v.card_last4,
                cancellation_reason = v.reason
           FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS v(id, version, card_last4, reason)
          WHERE o.id = v.id`,
        [slice.map((v) => v[0]), slice.map((v) => v[1]), slice.map((v) => v[2]), slice.map((v) => v[3])],
      );
    }
  });
  return orders.length;
}
