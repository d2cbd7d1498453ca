import { type Clock, systemClock } from '@switchyard/service';
import { LRUCache } from 'lru-cache';
import type { Admission, BudgetStore, ClientProfile, ThrottleStatus } from './budget.js';

/**
 * The leaky bucket's arithmetic (Shopify's model), shared by both stores: a bucket holds at most
 * `maximumAvailable` points and is refilled at `restoreRate` points per second; a bucket nobody
 * has touched (or that has been forgotten) is full. redisBudget.ts runs the same steps in Lua.
 */
export interface BucketState {
  /** Points in the bucket at `at` (fractional: refilling is continuous). */
  level: number;
  /** When `level` was computed, ms since the epoch (the clock's). */
  at: number;
}

/** The bucket at `now`: refilled by the time since `at`, never above the maximum. */
export function refill(state: BucketState | undefined, profile: ClientProfile, now: number): BucketState {
  if (!state) return { level: profile.maximumAvailable, at: now };
  // A clock behind the bucket's (another instance's, or a step back) refills nothing and keeps
  // the later time, so that the same interval is never credited twice.
  const elapsed = Math.max(0, now - state.at);
  // Capped also without elapsed time: a profile whose maximum was lowered holds no more than it.
  const level = Math.min(profile.maximumAvailable, state.level + (elapsed / 1000) * profile.restoreRate);
  return { level, at: Math.max(now, state.at) };
}

/**
 * Seconds until the bucket holds `requested` points, for a refusal: rounded up (`Retry-After` is
 * whole seconds), at least 1. A request larger than the bucket never fits: the answer is then the
 * time until it is full (the cost plugin refuses such a request earlier, as COST_LIMIT_EXCEEDED).
 */
export function secondsUntil(level: number, requested: number, profile: ClientProfile): number {
  const wanted = Math.min(requested, profile.maximumAvailable) - level;
  return Math.max(1, Math.ceil(wanted / profile.restoreRate));
}

/** What a response reports: whole points (a fraction is not yet a point to spend). */
export function statusOf(level: number, profile: ClientProfile): ThrottleStatus {
  return {
    maximumAvailable: profile.maximumAvailable,
    currentlyAvailable: Math.floor(level),
    restoreRate: profile.restoreRate,
  };
}

/** The answer to a request for `requested` points, the bucket holding `level` after it. */
export function admissionOf(admitted: boolean, level: number, requested: number, profile: ClientProfile): Admission {
  const status = statusOf(level, profile);
  return admitted
    ? { admitted, status }
    : { admitted, status, retryAfterSeconds: secondsUntil(level, requested, profile) };
}

export interface MemoryBudgetOptions {
  /** What refilling is measured with. @default systemClock */
  clock?: Clock;
  /**
   * Buckets kept, least recently used forgotten first, so that a stream of distinct anonymous
   * addresses cannot grow memory without bound. A forgotten bucket is a full one: under such a
   * stream a client's partly spent bucket may be forgotten and start full again (the price of the
   * bound; a bucket is ~100 bytes, so the default is ~10 MB). @default 100000
   */
  maxBuckets?: number;
}

/**
 * The budget store of one gateway instance: buckets in this process's memory (when REDIS_URL is
 * unset). Several instances each keep their own, so a client's budget is per instance.
 */
export class MemoryBudgetStore implements BudgetStore {
  readonly #clock: Clock;
  readonly #buckets: LRUCache<string, BucketState>;

  constructor(options: MemoryBudgetOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#buckets = new LRUCache({ max: options.maxBuckets ?? 100_000 });
  }

  async admit(profile: ClientProfile, requested: number): Promise<Admission> {
    const state = refill(this.#buckets.get(profile.key), profile, this.#clock.now());
    const admitted = state.level >= requested;
    if (admitted) state.level -= Math.max(0, requested);
    this.#store(profile, state);
    return admissionOf(admitted, state.level, requested, profile);
  }

  async refund(profile: ClientProfile, requested: number, actual: number): Promise<ThrottleStatus> {
    const state = refill(this.#buckets.get(profile.key), profile, this.#clock.now());
    // An operation that cost more than its estimate is charged the rest, down to an empty bucket.
    state.level = Math.min(profile.maximumAvailable, Math.max(0, state.level + requested - actual));
    this.#store(profile, state);
    return statusOf(state.level, profile);
  }

  async close(): Promise<void> {
    this.#buckets.clear();
  }

  /**
   * Kept even when full (a full bucket is the same as none, and the LRU bounds them): dropping it
   * was measured to cost 1.5% of the gateway's CPU under one client's load, because lru-cache
   * clears its whole index (arrays of `max` slots) when its last entry is deleted.
   */
  #store(profile: ClientProfile, state: BucketState): void {
    this.#buckets.set(profile.key, state);
  }
}
