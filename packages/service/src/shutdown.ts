import closeWithGrace from 'close-with-grace';
import type { Logger } from './logger.js';

/**
 * Closes what `close` closes on SIGINT/SIGTERM (Ctrl-C) or an uncaught error, then exits.
 * A second signal, or `delayMs` without finishing, exits at once.
 */
export function closeOnSignal(logger: Logger, close: () => Promise<void>, delayMs = 10_000): void {
  closeWithGrace({ delay: delayMs }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'closing after an uncaught error');
    else logger.info({ signal }, 'shutting down');
    await close();
  });
}
