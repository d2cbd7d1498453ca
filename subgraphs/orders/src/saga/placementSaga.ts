import { randomUUID } from 'node:crypto';
import type { Database } from '@switchyard/db';
import type { Logger } from '@switchyard/service';
import { isOrderError, OrderDomainError } from '../domain/errors.js';
import { cancel, markPaid, type OrderState, place } from '../domain/order.js';
import type { InventoryClient } from '../inventory/client.js';
import type { CommandContext, OrderCommands } from '../orderCommands.js';
import type { PaymentProvider } from '../payments/provider.js';
import { createSagaStore, type PlacementData, SagaLeaseLost, type SagaRow } from './sagaStore.js';

/**
 * The placement saga (orchestrated, ARCHITECTURE.md "Orders"): reserve stock → charge payment →
 * mark paid. A failed step runs the compensations in reverse (release stock, void the charge) and
 * then cancels the order with the reason. Every step and compensation is idempotent (keyed by the
 * order id), and progress is saved after each, so `resumeSagas` can finish or compensate a saga
 * whose process died. Calls to other services happen outside any transaction.
 */
export interface PlacementSagaOptions {
  db: Database;
  commands: OrderCommands;
  inventory: InventoryClient;
  payments: PaymentProvider;
  logger: Logger;
  /** This instance's name in saga leases. @default a random UUID */
  instanceId?: string;
  /**
   * How long a saga stays leased to the instance running it without progress; after that another
   * instance may resume it. Must exceed the longest step (the timeouts below). @default 30000
   */
  leaseMs?: number;
  /** A reservation or release call to inventory fails after this many ms. @default 3000 */
  inventoryTimeoutMs?: number;
  /** A charge gets no answer within this many ms: PAYMENT_TIMEOUT, compensated. @default 5000 */
  paymentTimeoutMs?: number;
  /** Extra attempts of a step that failed for a transient reason (a service unreachable). @default 1 */
  stepRetries?: number;
  /** Pause before a retry, in ms (doubled each time). @default 200 */
  retryDelayMs?: number;
}

interface Step {
  name: string;
  /** Does the step; returns what to merge into the saga's data. */
  run(row: SagaRow, context: CommandContext): Promise<Partial<PlacementData> | undefined>;
  /** Undoes it; a no-op when the step had no effect. */
  compensate?(row: SagaRow): Promise<void>;
}

/** Business failures: retrying cannot help, compensate at once. */
const FINAL_CODES = new Set(['INSUFFICIENT_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_TIMEOUT', 'ORDER_INVALID_TRANSITION']);
const COMPENSATION_ATTEMPTS = 3;

/** The payment idempotency key of an order: one charge per order, however often it is retried. */
export const paymentKey = (orderId: number) => `order-${orderId}`;

export function createPlacementSaga(options: PlacementSagaOptions) {
  const { commands, inventory, payments, logger } = options;
  const owner = options.instanceId ?? randomUUID();
  const leaseMs = options.leaseMs ?? 30_000;
  const inventoryTimeoutMs = options.inventoryTimeoutMs ?? 3000;
  const paymentTimeoutMs = options.paymentTimeoutMs ?? 5000;
  const stepRetries = options.stepRetries ?? 1;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const store = createSagaStore(options.db, owner, leaseMs);
  const running = new Map<number, Promise<void>>();

  const steps: Step[] = [
    {
      name: 'reserveStock',
      async run(row) {
        await withTimeout(inventoryTimeoutMs, 'inventory', (signal) =>
          inventory.reserve(row.orderId, row.data.lines, signal),
        );
        return undefined;
      },
      compensate: (row) =>
        withTimeout(inventoryTimeoutMs, 'inventory', (signal) => inventory.release(row.orderId, signal)),
    },
    {
      name: 'chargePayment',
      async run(row) {
        const charge = await withTimeout(paymentTimeoutMs, 'payment', (signal) =>
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
        withTimeout(paymentTimeoutMs, 'payment', (signal) =>
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
          { retries: 3 },
        );
        return undefined;
      },
    },
  ];

  function contextOf(row: SagaRow): CommandContext {
    return {
      correlationId: row.correlationId,
      causationId: row.causationId,
      metadata: { userId: null, source: 'saga' },
    };
  }

  async function runForward(row: SagaRow): Promise<void> {
    while (row.status === 'RUNNING' && row.step < steps.length) {
      const step = steps[row.step] as Step;
      try {
        const produced = await attempt(step, () => step.run(row, contextOf(row)));
        row.data = { ...row.data, ...produced };
        row.step += 1;
        const done = row.step === steps.length;
        if (done) row.status = 'COMPLETED';
        await store.save(row, done);
      } catch (error) {
        if (error instanceof SagaLeaseLost) throw error;
        const failure = describe(error);
        logger.info({ orderId: row.orderId, step: step.name, failure }, 'placement saga step failed; compensating');
        // The failed step is undone too: a timed-out call may have taken effect after all.
        row.status = 'COMPENSATING';
        row.failure = { ...failure, step: step.name };
        await store.save(row, false);
      }
    }
  }

  async function runCompensation(row: SagaRow): Promise<boolean> {
    while (row.step >= 0) {
      const step = steps[row.step] as Step;
      if (step.compensate) {
        const undo = step.compensate;
        try {
          await retrying(COMPENSATION_ATTEMPTS, () => undo(row));
        } catch (error) {
          logger.error(
            { err: error, orderId: row.orderId, step: step.name },
            'placement saga compensation failed; a recovery sweep will retry it',
          );
          return false;
        }
      }
      row.step -= 1;
      await store.save(row, false);
    }
    const failure = row.failure ?? { code: 'INTERNAL_SERVER_ERROR', message: 'the placement failed', step: 'unknown' };
    try {
      await retrying(COMPENSATION_ATTEMPTS, () =>
        commands.execute(
          row.orderId,
          (state) =>
            state.status === 'CANCELLED'
              ? []
              : cancel(state, { reason: failure.message, code: failure.code, bySaga: true }),
          contextOf(row),
          { retries: 3 },
        ),
      );
    } catch (error) {
      logger.error({ err: error, orderId: row.orderId }, 'cancelling a failed placement failed; will retry');
      return false;
    }
    row.status = 'COMPENSATED';
    await store.save(row, true);
    return true;
  }

  async function drive(row: SagaRow): Promise<void> {
    try {
      await runForward(row);
      if (row.status === 'COMPENSATING' && !(await runCompensation(row))) await store.unlock(row.orderId);
    } catch (error) {
      if (error instanceof SagaLeaseLost) {
        logger.warn({ orderId: row.orderId }, 'placement saga taken over by another instance');
        return;
      }
      logger.error({ err: error, orderId: row.orderId }, 'placement saga stopped; a recovery sweep will resume it');
      await store.unlock(row.orderId).catch(() => {});
    }
  }

  /** Runs one attempt plus `stepRetries` retries for transient failures. */
  async function attempt<T>(step: Step, fn: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await fn();
      } catch (error) {
        const final = isOrderError(error) && FINAL_CODES.has(error.code);
        if (final || n >= stepRetries) throw error;
        logger.warn({ err: error, step: step.name, attempt: n + 1 }, 'placement saga step failed; retrying');
        await delay(retryDelayMs * 2 ** n);
      }
    }
  }

  async function retrying<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await fn();
      } catch (error) {
        if (n >= attempts) throw error;
        await delay(retryDelayMs * 2 ** (n - 1));
      }
    }
  }

  /** Runs the saga of `orderId` once, unless it already runs in this process. */
  function track(orderId: number, work: () => Promise<void>): Promise<void> {
    const existing = running.get(orderId);
    if (existing) return existing;
    const promise = work().finally(() => running.delete(orderId));
    running.set(orderId, promise);
    return promise;
  }

  return {
    store,
    /** This instance's lease owner name. */
    owner,

    /**
     * Places an order and runs its saga to the end: tokenizes the card (nothing is written for a
     * bad number), appends PLACED together with the saga row in one transaction, publishes PLACED,
     * then reserves, charges and marks paid, or compensates and cancels. Resolves with the final
     * state (PAID or CANCELLED; PLACED only when a compensation keeps failing and a recovery sweep
     * takes over). `check` runs on the loaded state first (ownership).
     */
    async place(
      orderId: number,
      cardNumber: string,
      context: CommandContext,
      check: (state: OrderState) => void = () => {},
    ): Promise<OrderState> {
      const method = await payments.tokenize(cardNumber);
      await commands.execute(
        orderId,
        (state) => {
          check(state);
          return place(state, { cardLast4: method.last4 });
        },
        context,
        {
          alsoInTx: async (tx, state, recorded) => {
            await store.insert(tx, {
              orderId,
              data: {
                lines: state.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
                amountMinor: state.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0),
                currency: state.currency,
                paymentToken: method.token,
                cardLast4: method.last4,
              },
              correlationId: context.correlationId,
              causationId: recorded.at(-1)?.eventId ?? null,
            });
          },
        },
      );
      await this.run(orderId);
      const final = await commands.load(orderId);
      if (!final) throw new Error(`order ${orderId} vanished after placement`);
      return final;
    },

    /**
     * Runs (or continues) the saga of an order this instance holds or can claim, to its end:
     * COMPLETED, COMPENSATED, or left for a recovery sweep when a compensation keeps failing.
     */
    run(orderId: number): Promise<void> {
      return track(orderId, async () => {
        const row = await store.claim(orderId);
        if (row) await drive(row);
      });
    },

    /**
     * Finishes or compensates every unfinished saga nobody holds (its instance died mid-saga, or
     * gave up on a failing compensation). Returns how many it took on. Call at start-up and now
     * and then (`createOrdersSubgraph` sweeps every `sagaRecoveryIntervalMs`).
     */
    async resumeSagas(limit = 100): Promise<number> {
      const ids = await store.findResumable(limit);
      let resumed = 0;
      for (const orderId of ids) {
        if (running.has(orderId)) continue;
        await track(orderId, async () => {
          const row = await store.claim(orderId);
          if (!row) return;
          resumed += 1;
          logger.info({ orderId, status: row.status, step: row.step }, 'resuming placement saga');
          await drive(row);
        });
      }
      return resumed;
    },

    /** Waits for the sagas running in this process (graceful shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type PlacementSaga = ReturnType<typeof createPlacementSaga>;

/** Runs `fn` with a signal that aborts after `ms`; a timeout becomes a coded failure. */
async function withTimeout<T>(ms: number, what: 'inventory' | 'payment', fn: (signal: AbortSignal) => Promise<T>) {
  const signal = AbortSignal.timeout(ms);
  // Race the signal too: a provider that ignores it must not hold the saga forever.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([fn(signal), aborted]);
  } catch (error) {
    if (signal.aborted && !isOrderError(error)) {
      throw what === 'payment'
        ? new OrderDomainError('PAYMENT_TIMEOUT', `The payment provider did not answer within ${ms} ms`, {
            timeoutMs: ms,
          })
        : new OrderDomainError('DEPENDENCY_UNAVAILABLE', `inventory did not answer within ${ms} ms`, {
            service: 'inventory',
            timeoutMs: ms,
          });
    }
    throw error;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    aborted.catch(() => {});
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (isOrderError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL_SERVER_ERROR', message: 'The order could not be placed because of an internal error' };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
