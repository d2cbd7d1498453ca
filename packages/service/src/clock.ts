/**
 * The one clock of the platform: what code that depends on the passing of time reads instead of
 * `Date.now()` and `setTimeout`, so that tests can replace it (`ManualClock` in
 * `@switchyard/testing`) and move time on by hand rather than wait for it.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /**
   * Calls `callback` once, `ms` from now; returns a function that cancels it. The system clock's
   * timers never keep the process alive (they are `unref`'d): whatever they guard closes itself.
   */
  setTimeout(callback: () => void, ms: number): () => void;
}

/** `setTimeout` holds at most 2^31 - 1 ms (24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Wall-clock time and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const due = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const arm = (wait: number) => {
      timer = setTimeout(
        () => {
          const left = due - Date.now();
          if (left > 0) arm(left);
          else callback();
        },
        Math.min(Math.max(wait, 0), MAX_TIMER_MS),
      );
      timer.unref();
    };
    arm(ms);
    return () => clearTimeout(timer);
  },
};
