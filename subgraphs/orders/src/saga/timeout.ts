import type { Clock } from '@switchyard/service';
import { isOrderError, OrderDomainError } from '../domain/errors.js';

/** Which dependency a timed call goes to: it decides the code a timeout becomes. */
export type TimedDependency = 'inventory' | 'payment';

/**
 * Runs `fn` with a signal that aborts `ms` after the start on `clock`; a timeout becomes a coded
 * failure: PAYMENT_TIMEOUT (final: the saga compensates) for a charge, DEPENDENCY_UNAVAILABLE
 * (transient: retried) for inventory.
 */
export async function callWithTimeout<T>(
  clock: Clock,
  ms: number,
  what: TimedDependency,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const { signal } = controller;
  // Race the signal too: a provider that ignores it must not hold the saga forever.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const cancel = clock.setTimeout(
    () => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')),
    ms,
  );
  try {
    return await Promise.race([fn(signal), aborted]);
  } catch (error) {
    if (signal.aborted && !isOrderError(error)) throw timeoutError(what, ms);
    throw error;
  } finally {
    cancel();
    if (onAbort) signal.removeEventListener('abort', onAbort);
    aborted.catch(() => {});
  }
}

function timeoutError(what: TimedDependency, ms: number): OrderDomainError {
  return what === 'payment'
    ? new OrderDomainError('PAYMENT_TIMEOUT', `The payment provider did not answer within ${ms} ms`, { timeoutMs: ms })
    : new OrderDomainError('DEPENDENCY_UNAVAILABLE', `inventory did not answer within ${ms} ms`, {
        service: 'inventory',
        timeoutMs: ms,
      });
}
