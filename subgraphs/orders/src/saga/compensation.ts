import type { Logger } from '@switchyard/service';
import { cancel } from '../domain/order.js';
import type { OrderCommands } from '../orderCommands.js';
import { type BackoffOptions, compensationRetry } from '../retry.js';
import type { SagaRow, SagaStore } from './sagaStore.js';
import { type SagaStep, sagaCommandContext } from './steps.js';

export interface CompensationOptions {
  steps: readonly SagaStep[];
  store: SagaStore;
  commands: OrderCommands;
  logger: Logger;
  /** Retries of a compensation (and of the cancellation) before it is left to a recovery sweep. */
  retry: BackoffOptions;
}

/** Lost races of the cancellation with another writer of the order, retried at once. */
const CANCEL_RACE_RETRIES = 3;

/**
 * Undoes the steps from `row.step` down to the first, saving progress after each, then cancels
 * the order with the saga's failure and marks the saga COMPENSATED. Returns false (the saga stays
 * COMPENSATING at the step that failed) when a compensation or the cancellation keeps failing.
 * @throws SagaLeaseLost when another instance took the saga over.
 */
export async function runCompensation(row: SagaRow, options: CompensationOptions): Promise<boolean> {
  const { steps, store, commands, logger } = options;
  while (row.step >= 0) {
    const step = steps[row.step] as SagaStep;
    if (step.compensate) {
      const undo = step.compensate;
      try {
        await compensationRetry(options.retry).execute(() => undo(row));
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
    await compensationRetry(options.retry).execute(() =>
      commands.execute(
        row.orderId,
        (state) =>
          state.status === 'CANCELLED'
            ? []
            : cancel(state, { reason: failure.message, code: failure.code, bySaga: true }),
        sagaCommandContext(row),
        { retries: CANCEL_RACE_RETRIES },
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
