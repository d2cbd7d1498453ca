import { type Clock, type Logger, systemClock } from '@switchyard/service';
import { Redis } from 'ioredis';
import type { Admission, BudgetStore, ClientProfile, ThrottleStatus } from './budget.js';
import { admissionOf, statusOf } from './memoryBudget.js';

/** A bucket's key, after the prefix: `switchyard:budget:anonymous:203.0.113.7`. */
export const BUDGET_KEY = (profileKey: string) => `budget:${profileKey}`;

/**
 * The bucket of memoryBudget.ts (`refill`), in Lua so that reading, refilling, taking and writing
 * back are one atomic step on the Redis server, whichever instance asks. A bucket is a hash
 * { level, at }; no hash is a full bucket, so a bucket that refills to the top is deleted, and
 * otherwise expires when it would be full (nothing is left behind for clients that went away).
 * KEYS[1]: the bucket. ARGV: now (ms), maximumAvailable, restoreRate (points/s), amount.
 */
const REFILL = `
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local amount = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1])
local at = tonumber(state[2])
if level == nil or at == nil then
  level = max
  at = now
end
-- A clock behind the bucket's (another instance's) refills nothing and keeps the later time.
if now > at then
  level = level + (now - at) / 1000 * rate
  at = now
end
level = math.min(max, level)
`;

const WRITE_BACK = `
if level >= max then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[1], math.ceil((max - level) / rate * 1000))
end
`;

/** Takes `amount` points when the bucket holds them. Returns { 1 | 0, level after }. */
const ADMIT_SCRIPT = `${REFILL}
local admitted = 0
if level >= amount then
  level = level - math.max(0, amount)
  admitted = 1
end
${WRITE_BACK}
return { admitted, tostring(level) }
`;

/** Adds `amount` points (requested - actual; negative charges the rest), between 0 and the max. */
const SETTLE_SCRIPT = `${REFILL}
level = math.min(max, math.max(0, level + amount))
${WRITE_BACK}
return tostring(level)
`;

/** The scripts as ioredis commands: EVALSHA, and EVAL once when the server does not know them. */
interface BudgetCommands {
  budgetAdmit(key: string, now: number, max: number, rate: number, amount: number): Promise<[number, string]>;
  budgetSettle(key: string, now: number, max: number, rate: number, amount: number): Promise<string>;
}

export interface RedisBudgetOptions {
  /** redis://… */
  url: string;
  /**
   * Prefix of every key, so several deployments (or test runs) can share one Redis.
   * @default 'switchyard:'
   */
  prefix?: string;
  /**
   * A Redis command without an answer by then is given up and the request admitted (fail open):
   * this is the most a stalled Redis adds to a request. @default 100
   */
  commandTimeoutMs?: number;
  /**
   * Where "now" comes from: it is passed to the scripts rather than read from Redis's TIME, so
   * tests can move it by hand (ManualClock), and because instances' clocks are kept in sync
   * (NTP) as the orders saga leases already require; a clock slightly behind refills nothing.
   * @default systemClock
   */
  clock?: Clock;
  logger: Logger;
}

/** Counted fail-opens: what a dashboard or a test reads. */
export interface BudgetHealth {
  /** Operations answered without Redis (admitted, or settled without a refund). */
  failedOpen: number;
  /** Outages seen: a first failure after a success (or after start-up). */
  outages: number;
}

/**
 * The budget store shared by every gateway instance: each bucket in Redis, changed by one atomic
 * script per operation. Redis trouble never blocks traffic: a command that fails (Redis down:
 * at once, no offline queue) or gets no answer within the command timeout (Redis stalled) admits
 * the request with a full bucket's status. An outage is logged once when it starts and once when
 * Redis answers again, not per request; ioredis reconnects by itself meanwhile. A command given up
 * on a stalled Redis may still run when Redis resumes: the client is then charged after the fact.
 */
export class RedisBudgetStore implements BudgetStore {
  readonly #redis: Redis & BudgetCommands;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #down = false;
  #closed = false;
  #failedDuringOutage = 0;
  readonly #health: BudgetHealth = { failedOpen: 0, outages: 0 };

  private constructor(redis: Redis, options: RedisBudgetOptions) {
    this.#redis = redis as Redis & BudgetCommands;
    this.#prefix = options.prefix ?? 'switchyard:';
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
  }

  /**
   * Connects to Redis. Never rejects: a Redis unreachable at start-up is an outage like any other
   * (logged, requests admitted) and the connection is retried in the background.
   */
  static async connect(options: RedisBudgetOptions): Promise<RedisBudgetStore> {
    // STACK.md: without these, ioredis queues commands while disconnected and takes 73 s to fail
    // when Redis is down, and waits forever when it is stalled.
    const redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 100,
      maxRetriesPerRequest: 1,
      connectionName: 'switchyard-gateway-budget',
    });
    redis.defineCommand('budgetAdmit', { numberOfKeys: 1, lua: ADMIT_SCRIPT });
    redis.defineCommand('budgetSettle', { numberOfKeys: 1, lua: SETTLE_SCRIPT });
    // Connection errors repeat on every reconnect attempt: the outage itself is logged once, by
    // the first operation that fails (#failOpen).
    redis.on('error', (error: Error) => options.logger.debug({ err: error }, 'redis budget connection error'));
    const store = new RedisBudgetStore(redis, options);
    try {
      await redis.connect();
    } catch (error) {
      store.#failOpen(error);
    }
    return store;
  }

  /** Fail-opens so far. */
  get health(): Readonly<BudgetHealth> {
    return { ...this.#health };
  }

  async admit(profile: ClientProfile, requested: number): Promise<Admission> {
    try {
      const [admitted, level] = await this.#redis.budgetAdmit(this.#key(profile), ...this.#args(profile, requested));
      this.#answered();
      return admissionOf(admitted === 1, Number(level), requested, profile);
    } catch (error) {
      this.#failOpen(error);
      return { admitted: true, status: statusOf(profile.maximumAvailable, profile) };
    }
  }

  async refund(profile: ClientProfile, requested: number, actual: number): Promise<ThrottleStatus> {
    try {
      const level = await this.#redis.budgetSettle(this.#key(profile), ...this.#args(profile, requested - actual));
      this.#answered();
      return statusOf(Number(level), profile);
    } catch (error) {
      this.#failOpen(error);
      return statusOf(profile.maximumAvailable, profile);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // QUIT fails at once when disconnected (no offline queue) and within the timeout when stalled.
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #key(profile: ClientProfile): string {
    return `${this.#prefix}${BUDGET_KEY(profile.key)}`;
  }

  #args(profile: ClientProfile, amount: number): [number, number, number, number] {
    return [this.#clock.now(), profile.maximumAvailable, profile.restoreRate, amount];
  }

  #failOpen(error: unknown): void {
    this.#health.failedOpen++;
    this.#failedDuringOutage++;
    if (this.#down) return;
    this.#down = true;
    this.#health.outages++;
    this.#logger.warn({ err: error }, 'redis budget store unavailable: admitting requests without budgets');
  }

  #answered(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#logger.info({ failedOpen: this.#failedDuringOutage }, 'redis budget store answering again');
    this.#failedDuringOutage = 0;
  }
}
