import { randomUUID } from 'node:crypto';
import type { Queryable } from '@switchyard/db';
import { OrderDomainError } from '../domain/errors.js';
import {
  type DomainEvent,
  type EventMetadata,
  isStatusChange,
  type OrderEventType,
  type OrderState,
  type RecordedEvent,
} from '../domain/order.js';

/** Where an append comes from: the request or saga (correlation) and what caused it (causation). */
export interface AppendContext {
  correlationId: string;
  causationId: string | null;
  metadata: EventMetadata;
  /** When the events happened. @default now (the seed backfill passes historical times) */
  occurredAt?: Date;
}

/** The unique constraint that turns a lost race into ORDER_CONCURRENT_MODIFICATION. */
const VERSION_CONSTRAINT = 'order_event_order_version_key';
const UNIQUE_VIOLATION = '23505';

const EVENT_COLUMNS = `event_id AS "eventId", order_id AS "orderId", version, type, payload,
  occurred_at AS "occurredAt", correlation_id AS "correlationId", causation_id AS "causationId", metadata`;

/** The event types that change an order's status, as an SQL array parameter. */
const STATUS_EVENT_TYPES = (
  [
    'order.created',
    'order.item_added',
    'order.item_removed',
    'order.placed',
    'order.paid',
    'order.cancelled',
    'order.shipped',
    'order.delivered',
  ] as const satisfies readonly OrderEventType[]
).filter(isStatusChange);

/** All SQL of the event stream: reads in version order, appends with an expected version. */
export function createEventStore(db: Queryable) {
  return {
    /** One order's events in version order, up to `upToVersion` when given. */
    async load(orderId: number, upToVersion?: number): Promise<RecordedEvent[]> {
      const limit = upToVersion === undefined ? '' : 'AND version <= $2';
      const params = upToVersion === undefined ? [orderId] : [orderId, upToVersion];
      return db.query<RecordedEvent>(
        `SELECT ${EVENT_COLUMNS} FROM orders.order_event WHERE order_id = $1 ${limit} ORDER BY version`,
        params,
      );
    },

    /** The events of several orders (for `Order.history` batches), by order id then version. */
    async loadMany(orderIds: readonly number[]): Promise<RecordedEvent[]> {
      return db.query<RecordedEvent>(
        `SELECT ${EVENT_COLUMNS} FROM orders.order_event WHERE order_id = ANY($1::int[]) ORDER BY order_id, version`,
        [orderIds],
      );
    },

    /** The status-changing events of an order after `afterVersion`, in version order (replay). */
    async loadStatusChangesAfter(orderId: number, afterVersion: number): Promise<RecordedEvent[]> {
      return db.query<RecordedEvent>(
        `SELECT ${EVENT_COLUMNS} FROM orders.order_event
          WHERE order_id = $1 AND version > $2 AND type = ANY($3::text[]) ORDER BY version`,
        [orderId, afterVersion, STATUS_EVENT_TYPES],
      );
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;

/** Allocates the id of a new order from the projection's identity sequence. */
export async function nextOrderId(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('orders.purchase_order', 'id'))::int AS id`,
  );
  if (!row) throw new Error('nextOrderId: the sequence returned nothing');
  return row.id;
}

/**
 * Appends `events` to an order's stream after `expectedVersion` (0 for a new order), inside the
 * caller's transaction, and returns them as recorded.
 * @throws OrderDomainError ORDER_CONCURRENT_MODIFICATION when another writer appended first.
 */
export async function appendEvents(
  tx: Queryable,
  orderId: number,
  expectedVersion: number,
  events: readonly DomainEvent[],
  context: AppendContext,
): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const occurredAt = context.occurredAt ?? new Date();
  const recorded: RecordedEvent[] = events.map(
    (event, index) =>
      ({
        ...event,
        eventId: randomUUID(),
        orderId,
        version: expectedVersion + index + 1,
        occurredAt,
        correlationId: context.correlationId,
        // The first event is caused by the command; each further one by the event before it.
        causationId: index === 0 ? context.causationId : null,
        metadata: context.metadata,
      }) as RecordedEvent,
  );
  for (let i = 1; i < recorded.length; i++) {
    (recorded[i] as RecordedEvent).causationId = (recorded[i - 1] as RecordedEvent).eventId;
  }
  const params: unknown[] = [];
  const tuples = recorded.map((event) => {
    params.push(
      event.eventId,
      orderId,
      event.version,
      event.type,
      JSON.stringify(event.payload),
      event.occurredAt,
      event.correlationId,
      event.causationId,
      JSON.stringify(event.metadata),
    );
    const n = params.length;
    return `($${n - 8}::uuid, $${n - 7}::int, $${n - 6}::int, $${n - 5}, $${n - 4}::jsonb, $${n - 3}::timestamptz, $${n - 2}::uuid, $${n - 1}::uuid, $${n}::jsonb)`;
  });
  try {
    await tx.query(
      `INSERT INTO orders.order_event
         (event_id, order_id, version, type, payload, occurred_at, correlation_id, causation_id, metadata)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  } catch (error) {
    if (isVersionConflict(error)) {
      throw new OrderDomainError(
        'ORDER_CONCURRENT_MODIFICATION',
        `Order ${orderId} changed after version ${expectedVersion} was read; read it again and retry`,
        { expectedVersion },
      );
    }
    throw error;
  }
  return recorded;
}

function isVersionConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== UNIQUE_VIOLATION) return false;
  // pg names the constraint; PGlite's error carries it in the message too.
  return e.constraint === VERSION_CONSTRAINT || (e.message ?? '').includes(VERSION_CONSTRAINT);
}

/**
 * Writes the read model (purchase_order, order_item) for `state`, inside the append's transaction.
 * `linesChanged` says whether the items must be rewritten (most status changes leave them alone).
 */
export async function project(tx: Queryable, state: OrderState, linesChanged: boolean): Promise<void> {
  await tx.query(
    `INSERT INTO orders.purchase_order AS o
       (id, customer_id, status, currency, created_at, updated_at, version, cancellation_reason,
        cancellation_code, card_last4)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
       version = EXCLUDED.version, cancellation_reason = EXCLUDED.cancellation_reason,
       cancellation_code = EXCLUDED.cancellation_code, card_last4 = EXCLUDED.card_last4`,
    [
      state.id,
      state.customerId,
      state.status,
      state.currency,
      state.createdAt,
      state.updatedAt,
      state.version,
      state.cancellationReason,
      state.cancellationCode,
      state.cardLast4,
    ],
  );
  if (!linesChanged) return;
  await tx.query('DELETE FROM orders.order_item WHERE order_id = $1', [state.id]);
  if (state.lines.length === 0) return;
  const params: unknown[] = [state.id];
  const tuples = state.lines.map((line, index) => {
    params.push(index + 1, line.productId, line.quantity, line.unitPriceMinor);
    const n = params.length;
    return `($1, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await tx.query(
    `INSERT INTO orders.order_item (order_id, position, product_id, quantity, unit_price_minor)
     VALUES ${tuples.join(', ')}`,
    params,
  );
}
