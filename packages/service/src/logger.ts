import { type Logger, pino } from 'pino';

export type { Logger };

/** The structured JSON logger of a service: one line per event, `service` on every line. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service } });
}
