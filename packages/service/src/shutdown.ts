import type { Logger } from './logger.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Signals this soon after the first are the same Ctrl-C delivered twice (see below). */
const DUPLICATE_WINDOW_MS = 1_000;

/**
 * Closes what `close` closes on SIGINT/SIGTERM (Ctrl-C), then exits 0; exits 1 when closing
 * throws or takes longer than `timeoutMs`, or on another signal later than a second after the first.
 *
 * Written by hand rather than with close-with-grace: under `npm start` one Ctrl-C reaches the
 * process twice (from the terminal's process group and forwarded by npm), and close-with-grace
 * treats any second signal as "force exit", so every Ctrl-C skipped the graceful close.
 */
export function closeOnSignal(logger: Logger, close: () => Promise<void>, timeoutMs = 10_000): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt < DUPLICATE_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal: exiting without finishing the graceful close');
      process.exit(1);
    }
    firstAt = Date.now();
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'graceful close timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info('closed');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'graceful close failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
