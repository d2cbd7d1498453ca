import type { Logger } from '@switchyard/service';
import { isOrderError } from '../domain/errors.js';
import { type BackoffOptions, sagaStepRetry } from '../retry.js';
import { SagaLeaseLost, type SagaRow, type SagaStore } from './sagaStore.js';
import { type SagaStep, sagaCommandContext } from './steps.js';

export interface ForwardRunOptions {
  steps: readonly SagaStep[];
  store: SagaStore;
  logger: Logger;
  /** Retries of a step that failed for a transient reason. */
  retry: BackoffOptions;
}

/**
 * Runs the saga's steps from `row.step` on, saving progress after each. A step that fails (after
 * its retries, or at once with a final business code) turns the saga to COMPENSATING at that
 * step, saved, and returns: `runCompensation` takes it from there.
 * @throws SagaLeaseLost when another instance took the saga over.
 */
export async function runForward(row: SagaRow, options: ForwardRunOptions): Promise<void> {
  const { steps, store, logger } = options;
  while (row.status === 'RUNNING' && row.step < steps.length) {
    const step = steps[row.step] as SagaStep;
    try {
      const policy = sagaStepRetry(options.retry);
      const listener = policy.onRetry((reason) =>
        logger.warn(
          { err: 'error' in reason ? reason.error : undefined, step: step.name, attempt: reason.attempt },
          'placement saga step failed; retrying',
        ),
      );
      const produced = await policy
        .execute(() => step.run(row, sagaCommandContext(row)))
        .finally(() => listener.dispose());
      row.data = { ...row.data, ...produced };
      row.step += 1;
      const done = row.step === steps.length;
      if (done) row.status = 'COMPLETED';
      await store.save(row, done);
    } catch (error) {
      if (error instanceof SagaLeaseLost) throw error;
      const failure = describeFailure(error);
      logger.info({ orderId: row.orderId, step: step.name, failure }, 'placement saga step failed; compensating');
      // The failed step is undone too: a timed-out call may have taken effect after all.
      row.status = 'COMPENSATING';
      row.failure = { ...failure, step: step.name };
      await store.save(row, false);
    }
  }
}

/** The code and message a cancelled order shows: a domain error's own, or a generic internal one. */
function describeFailure(error: unknown): { code: string; message: string } {
  if (isOrderError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL_SERVER_ERROR', message: 'The order could not be placed because of an internal error' };
}
