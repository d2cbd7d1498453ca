import type { Database, Queryable } from '@switchyard/db';
import type { Clock } from '@switchyard/service';
import type { CurrencyCode } from '../domain/order.js';
import type { ReservationLine } from '../inventory/client.js';

export type SagaStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED';

/** What the placement saga's steps need, and what they produced. Never a card number. */
export interface PlacementData {
  lines: ReservationLine[];
  amountMinor: number;
  currency: CurrencyCode;
  /** The payment provider's token for the card. */
  paymentToken: string;
  cardLast4: string;
  /** Set once the charge went through. */
  paymentId?: string;
}

/** Why a saga compensates. */
export interface SagaFailure {
  code: string;
  message: string;
  /** The step that failed. */
  step: string;
}

export interface SagaRow {
  orderId: number;
  status: SagaStatus;
  /** RUNNING: the next step to run. COMPENSATING: the next step to undo (-1: only the cancellation left). */
  step: number;
  data: PlacementData;
  failure: SagaFailure | null;
  correlationId: string;
  causationId: string | null;
}

const COLUMNS = `order_id AS "orderId", status, step, data, failure, correlation_id AS "correlationId",
  causation_id AS "causationId"`;

/** Thrown when another instance took over a saga whose lease this one let expire. */
export class SagaLeaseLost extends Error {
  override readonly name = 'SagaLeaseLost';
}

/**
 * All SQL of the saga table. Every write after the first checks this instance still holds the lease.
 * Leases are read from `clock` and passed as parameters, never the database's `now()`: every
 * instance (and a test's ManualClock) decides expiry on the same time line.
 */
export function createSagaStore(db: Database, owner: string, leaseMs: number, clock: Clock) {
  const at = (ms: number) => new Date(ms).toISOString();
  /** The current time, and when a lease taken now ends. */
  const lease = () => {
    const now = clock.now();
    return { now: at(now), until: at(now + leaseMs) };
  };
  return {
    /** Records a new saga, leased to this instance, in the transaction that placed the order. */
    async insert(tx: Queryable, row: Omit<SagaRow, 'status' | 'step' | 'failure'>): Promise<void> {
      await tx.query(
        `INSERT INTO orders.order_saga (order_id, status, step, data, correlation_id, causation_id, locked_by, locked_until)
         VALUES ($1, 'RUNNING', 0, $2::jsonb, $3, $4, $5, $6::timestamptz)`,
        [row.orderId, JSON.stringify(row.data), row.correlationId, row.causationId, owner, lease().until],
      );
    },

    /** Takes the lease of an unfinished saga whose lease is free or expired; null when it cannot. */
    async claim(orderId: number): Promise<SagaRow | null> {
      const { now, until } = lease();
      const [row] = await db.query<SagaRow>(
        `UPDATE orders.order_saga
            SET locked_by = $2, locked_until = $4::timestamptz, updated_at = $3::timestamptz
          WHERE order_id = $1 AND status IN ('RUNNING', 'COMPENSATING')
            AND (locked_by = $2 OR locked_until IS NULL OR locked_until < $3::timestamptz)
          RETURNING ${COLUMNS}`,
        [orderId, owner, now, until],
      );
      return row ?? null;
    },

    /** Saves progress and renews the lease. @throws SagaLeaseLost when another instance holds it. */
    async save(row: SagaRow, done: boolean): Promise<void> {
      const { now, until } = lease();
      const updated = await db.query(
        `UPDATE orders.order_saga
            SET status = $3, step = $4, data = $5::jsonb, failure = $6::jsonb, updated_at = $9::timestamptz,
                locked_by = CASE WHEN $7::boolean THEN NULL ELSE locked_by END,
                locked_until = CASE WHEN $7::boolean THEN NULL ELSE $8::timestamptz END
          WHERE order_id = $1 AND locked_by = $2
          RETURNING order_id`,
        [
          row.orderId,
          owner,
          row.status,
          row.step,
          JSON.stringify(row.data),
          row.failure ? JSON.stringify(row.failure) : null,
          done,
          until,
          now,
        ],
      );
      if (updated.length === 0) throw new SagaLeaseLost(`saga of order ${row.orderId} is no longer leased to ${owner}`);
    },

    /** Lets the lease go now, so any instance's next recovery sweep retries the saga. */
    async unlock(orderId: number): Promise<void> {
      await db.query(
        `UPDATE orders.order_saga SET locked_by = NULL, locked_until = NULL WHERE order_id = $1 AND locked_by = $2`,
        [orderId, owner],
      );
    },

    /** Unfinished sagas nobody holds (a lease that expired: its instance died or gave up). */
    async findResumable(limit: number): Promise<number[]> {
      const rows = await db.query<{ orderId: number }>(
        `SELECT order_id AS "orderId" FROM orders.order_saga
          WHERE status IN ('RUNNING', 'COMPENSATING') AND (locked_until IS NULL OR locked_until < $2::timestamptz)
          ORDER BY order_id LIMIT $1`,
        [limit, lease().now],
      );
      return rows.map((row) => row.orderId);
    },

    async find(orderId: number): Promise<SagaRow | null> {
      const [row] = await db.query<SagaRow>(`SELECT ${COLUMNS} FROM orders.order_saga WHERE order_id = $1`, [orderId]);
      return row ?? null;
    },
  };
}

export type SagaStore = ReturnType<typeof createSagaStore>;
