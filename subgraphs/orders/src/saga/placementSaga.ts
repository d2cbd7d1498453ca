/**
 * saga/: the placement saga of orders (orchestrated; docs/adr/0007-orders-event-sourcing-and-saga.md) and nothing else:
 * its steps (steps.ts), the forward run (forward.ts), the compensation (compensation.ts), the
 * runs in this process (tracker.ts), the timeouts of its calls (timeout.ts) and its table
 * (sagaStore.ts). It changes orders only through `OrderCommands`; retries come from ../retry.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@switchyard/db';
import { type Clock, type Logger, systemClock } from '@switchyard/service';
import { type OrderState, place } from '../domain/order.js';
import type { InventoryClient } from '../inventory/client.js';
import type { CommandContext, OrderCommands } from '../orderCommands.js';
import type { PaymentProvider } from '../payments/provider.js';
import { runCompensation } from './compensation.js';
import { runForward } from './forward.js';
import { createSagaStore, SagaLeaseLost, type SagaRow } from './sagaStore.js';
import { createPlacementSteps } from './steps.js';
import { createSagaTracker } from './tracker.js';

/**
 * The placement saga: reserve stock → charge payment → mark paid. A failed step runs the
 * compensations in reverse (release stock, void the charge) and then cancels the order with the
 * reason. Every step and compensation is idempotent (keyed by the order id), and progress is saved
 * after each, so `resumeSagas` can finish or compensate a saga whose process died. Calls to other
 * services happen outside any transaction.
 */
export interface PlacementSagaOptions {
  db: Database;
  commands: OrderCommands;
  inventory: InventoryClient;
  payments: PaymentProvider;
  logger: Logger;
  /** Time of leases and of call timeouts. @default systemClock */
  clock?: Clock;
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
  /** First pause before a retry of a step or a compensation, in ms (about doubled each time). @default 200 */
  retryDelayMs?: number;
}

/** Attempts of a compensation, the first included, before a recovery sweep is left to retry it. */
const COMPENSATION_ATTEMPTS = 3;

/** The placement saga wired to its store, steps and tracker. */
export function createPlacementSaga(options: PlacementSagaOptions) {
  const { commands, payments, logger } = options;
  const clock = options.clock ?? systemClock;
  const owner = options.instanceId ?? randomUUID();
  const retryDelayMs = options.retryDelayMs ?? 200;
  const store = createSagaStore(options.db, owner, options.leaseMs ?? 30_000, clock);
  const steps = createPlacementSteps({
    commands,
    inventory: options.inventory,
    payments,
    clock,
    inventoryTimeoutMs: options.inventoryTimeoutMs ?? 3000,
    paymentTimeoutMs: options.paymentTimeoutMs ?? 5000,
  });
  const stepRetry = { retries: options.stepRetries ?? 1, initialDelayMs: retryDelayMs };
  const compensationRetry = { retries: COMPENSATION_ATTEMPTS - 1, initialDelayMs: retryDelayMs };
  const tracker = createSagaTracker();

  /** Runs a claimed saga forward and, when a step failed, compensates it; never throws. */
  async function drive(row: SagaRow): Promise<void> {
    try {
      await runForward(row, { steps, store, logger, retry: stepRetry });
      if (row.status !== 'COMPENSATING') return;
      const compensated = await runCompensation(row, { steps, store, commands, logger, retry: compensationRetry });
      if (!compensated) await store.unlock(row.orderId);
    } catch (error) {
      if (error instanceof SagaLeaseLost) {
        logger.warn({ orderId: row.orderId }, 'placement saga taken over by another instance');
        return;
      }
      logger.error({ err: error, orderId: row.orderId }, 'placement saga stopped; a recovery sweep will resume it');
      await store.unlock(row.orderId).catch(() => {});
    }
  }

  const saga = {
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
      await saga.run(orderId);
      const final = await commands.load(orderId);
      if (!final) throw new Error(`order ${orderId} vanished after placement`);
      return final;
    },

    /**
     * Runs (or continues) the saga of an order this instance holds or can claim, to its end:
     * COMPLETED, COMPENSATED, or left for a recovery sweep when a compensation keeps failing.
     */
    run(orderId: number): Promise<void> {
      return tracker.track(orderId, async () => {
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
        if (tracker.isRunning(orderId)) continue;
        await tracker.track(orderId, async () => {
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
    drain: () => tracker.drain(),
  };
  return saga;
}

export type PlacementSaga = ReturnType<typeof createPlacementSaga>;
