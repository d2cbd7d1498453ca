import type { Clock, Logger } from '@switchyard/service';
import type { BudgetStore } from './budget.js';
import { MemoryBudgetStore } from './memoryBudget.js';
import { RedisBudgetStore } from './redisBudget.js';

export interface BudgetStoreOptions {
  /** `REDIS_URL`: buckets in Redis, shared by every gateway instance. Unset: in this process's memory. */
  redisUrl?: string | undefined;
  /** `REDIS_PREFIX`: prefix of the bucket keys in Redis. @default 'switchyard:' */
  prefix?: string;
  /** `COST_REDIS_TIMEOUT_MS`: a slower Redis answer admits the request (fail open). @default 100 */
  commandTimeoutMs?: number;
  logger: Logger;
  /** @default systemClock */
  clock?: Clock;
}

/** The budget store the configuration asks for: Redis when a URL is given, memory otherwise. */
export async function createBudgetStore(options: BudgetStoreOptions): Promise<BudgetStore> {
  const clock = options.clock ? { clock: options.clock } : {};
  if (!options.redisUrl) return new MemoryBudgetStore(clock);
  return RedisBudgetStore.connect({
    url: options.redisUrl,
    logger: options.logger,
    ...clock,
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
}
