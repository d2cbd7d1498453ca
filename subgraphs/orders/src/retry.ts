/**
 * Every retry loop of orders, each a named cockatiel policy (STYLE.md "one retry policy"): the
 * placement saga's steps and compensations, and a command that lost a race for an order.
 */
import { ConstantBackoff, ExponentialBackoff, handleAll, handleWhen, type RetryPolicy, retry } from 'cockatiel';
import { isOrderError, type OrderErrorCode } from './domain/errors.js';

/** Business failures of a placement: retrying cannot change the answer, so the saga compensates at once. */
export const FINAL_PLACEMENT_CODES: ReadonlySet<OrderErrorCode> = new Set<OrderErrorCode>([
  'INSUFFICIENT_STOCK',
  'PAYMENT_DECLINED',
  'PAYMENT_TIMEOUT',
  'ORDER_INVALID_TRANSITION',
]);

/** How a backed-off policy retries. */
export interface BackoffOptions {
  /** Retries after the first attempt; 0 runs it once. */
  retries: number;
  /** The first pause, in ms; each next one about doubles (with jitter, so instances spread out). */
  initialDelayMs: number;
}

const isFinal = (error: unknown) =>
  isOrderError(error) && (FINAL_PLACEMENT_CODES as ReadonlySet<string>).has(error.code);

const exponential = (initialDelayMs: number) =>
  new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: Math.max(initialDelayMs, 10_000) });

/**
 * A saga step (a reservation, a charge, marking paid): transient failures (a service unreachable,
 * a timed-out reservation) are retried with exponential backoff; a final business code never is.
 */
export function sagaStepRetry(options: BackoffOptions): RetryPolicy {
  return retry(
    handleWhen((error) => !isFinal(error)),
    { maxAttempts: options.retries, backoff: exponential(options.initialDelayMs) },
  );
}

/**
 * A compensation (release the stock, void the charge, cancel the order): each is idempotent, so
 * any failure is retried with exponential backoff before the saga leaves it to a recovery sweep.
 */
export function compensationRetry(options: BackoffOptions): RetryPolicy {
  return retry(handleAll, {
    maxAttempts: options.retries,
    backoff: exponential(options.initialDelayMs),
  });
}

/**
 * `commands.execute` when another writer appended to the order first: reload and decide again at
 * once (the race is already over; waiting helps nothing). Other failures are not retried.
 */
export function concurrentModificationRetry(retries: number): RetryPolicy {
  return retry(
    handleWhen((error) => isOrderError(error, 'ORDER_CONCURRENT_MODIFICATION')),
    { maxAttempts: retries, backoff: new ConstantBackoff(0) },
  );
}
