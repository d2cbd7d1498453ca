import type { Clock } from '@switchyard/service';
import { markPaid } from '../domain/order.js';
import type { InventoryClient } from '../inventory/client.js';
import type { CommandContext, OrderCommands } from '../orderCommands.js';
import type { PaymentProvider } from '../payments/provider.js';
import type { PlacementData, SagaRow } from './sagaStore.js';
import { callWithTimeout } from './timeout.js';

/** One step of the placement saga: what it does, and how it is undone. */
export interface SagaStep {
  name: string;
  /** Does the step; returns what to merge into the saga's data. Idempotent by order id. */
  run(row: SagaRow, context: CommandContext): Promise<Partial<PlacementData> | undefined>;
  /** Undoes it (idempotent); a no-op when the step had no effect. Absent: nothing to undo. */
  compensate?(row: SagaRow): Promise<void>;
}

/** What the steps call, and how long each call may take. */
export interface PlacementStepsOptions {
  commands: OrderCommands;
  inventory: InventoryClient;
  payments: PaymentProvider;
  clock: Clock;
  /** A reservation or release call fails after this many ms. */
  inventoryTimeoutMs: number;
  /** A charge or refund call fails after this many ms (a charge with PAYMENT_TIMEOUT). */
  paymentTimeoutMs: number;
}

/** Lost races of `markPaid` with another writer of the order, retried at once. */
const MARK_PAID_RACE_RETRIES = 3;

/** The payment idempotency key of an order: one charge per order, however often it is retried. */
export const paymentKey = (orderId: number) => `order-${orderId}`;

/** The saga's commands carry the placement's correlation id and are caused by its PLACED event. */
export function sagaCommandContext(row: SagaRow): CommandContext {
  return {
    correlationId: row.correlationId,
    causationId: row.causationId,
    metadata: { userId: null, source: 'saga' },
  };
}

/** The placement's steps in order: reserve stock → charge payment → mark paid. */
export function createPlacementSteps(options: PlacementStepsOptions): readonly SagaStep[] {
  const { commands, inventory, payments, clock, inventoryTimeoutMs, paymentTimeoutMs } = options;
  return [
    {
      name: 'reserveStock',
      async run(row) {
        await callWithTimeout(clock, inventoryTimeoutMs, 'inventory', (signal) =>
          inventory.reserve(row.orderId, row.data.lines, signal),
        );
        return undefined;
      },
      compensate: (row) =>
        callWithTimeout(clock, inventoryTimeoutMs, 'inventory', (signal) => inventory.release(row.orderId, signal)),
    },
    {
      name: 'chargePayment',
      async run(row) {
        const charge = await callWithTimeout(clock, paymentTimeoutMs, 'payment', (signal) =>
          payments.charge({
            idempotencyKey: paymentKey(row.orderId),
            token: row.data.paymentToken,
            amountMinor: row.data.amountMinor,
            currency: row.data.currency,
            signal,
          }),
        );
        return { paymentId: charge.paymentId };
      },
      // A timed-out charge may still have gone through: voiding by key covers both cases.
      compensate: (row) =>
        callWithTimeout(clock, paymentTimeoutMs, 'payment', (signal) =>
          payments.refund({ idempotencyKey: paymentKey(row.orderId), signal }),
        ),
    },
    {
      name: 'markPaid',
      async run(row, context) {
        const paymentId = row.data.paymentId;
        if (!paymentId) throw new Error(`saga of order ${row.orderId}: markPaid without a payment id`);
        await commands.execute(
          row.orderId,
          (state) => (state.status === 'PAID' ? [] : markPaid(state, { paymentId, amountMinor: row.data.amountMinor })),
          context,
          { retries: MARK_PAID_RACE_RETRIES },
        );
        return undefined;
      },
    },
  ];
}
