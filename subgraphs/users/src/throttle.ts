import type { Queryable } from '@switchyard/db';
import { type Clock, systemClock } from '@switchyard/service';

/** How one kind of key (an account from one address, or one address) slows down failed sign-ins. */
export interface BackoffPolicy {
  /** Failures that cost no delay; 0: every failure delays the next try. */
  freeFailures: number;
  /** The delay after the first failure beyond the free ones; each further failure doubles it. */
  firstDelaySeconds: number;
  /** The longest delay; the doubling stops there. */
  maxDelaySeconds: number;
  /**
   * One counted failure is forgotten per this many seconds without any, so honest typos (an office
   * behind one address) drain away. Keep it at least `maxDelaySeconds`: an attacker who waits out
   * every capped delay then has one failure forgotten per guess and stays at the cap.
   */
  forgetOneEverySeconds: number;
}

/**
 * Brute-force protection for sign-in. Failures are counted per (account, client address) and per
 * client address, never per account alone: a count per account is one that a stranger can fill,
 * and a filled one locked the owner out (issue 10). Each count only delays, never locks: after its
 * free failures, the next try waits `first * 2^(failures - free - 1)` seconds, up to the cap.
 */
export interface ThrottlePolicy {
  /**
   * One address guessing one account's password. 3 free failures (a person retyping), then
   * 1, 2, 4 … 512 s, then 900 s from the 14th failure on (2^10 = 1024 > 900): 13 guesses in the
   * first 17 minutes (1 + 2 + … + 512 = 1023 s), then one per 15 minutes, 96 a day.
   * @default { freeFailures: 3, firstDelaySeconds: 1, maxDelaySeconds: 900, forgetOneEverySeconds: 900 }
   */
  perAccountAddress: BackoffPolicy;
  /**
   * One address guessing many accounts (or many people behind one NAT address). 20 free failures,
   * so an office's typos cost nobody a delay, then 1, 2, 4 … 512 s, then 900 s from the 31st on:
   * one address sprays at most about 96 guesses a day across all accounts once capped.
   * @default { freeFailures: 20, firstDelaySeconds: 1, maxDelaySeconds: 900, forgetOneEverySeconds: 900 }
   */
  perAddress: BackoffPolicy;
}

/*
 * A guesser spread over many addresses against one account is bounded only by these two counts:
 * each address gets the per-(account, address) allowance (13 guesses in 17 minutes, then 96 a day)
 * and no more than its per-address one. There is deliberately no per-account rate: any count the
 * owner shares with strangers lets the strangers, by keeping it full, decide when the owner may
 * sign in, which is the lock-out this policy removes. Against a botnet the defences are the scrypt
 * cost per guess and the 10-character minimum password.
 */

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  perAccountAddress: { freeFailures: 3, firstDelaySeconds: 1, maxDelaySeconds: 900, forgetOneEverySeconds: 900 },
  perAddress: { freeFailures: 20, firstDelaySeconds: 1, maxDelaySeconds: 900, forgetOneEverySeconds: 900 },
};

/** Seconds to wait after the `failures`-th counted failure before the next try (0: none). */
export function backoffDelaySeconds(policy: BackoffPolicy, failures: number): number {
  const beyond = failures - policy.freeFailures;
  if (beyond <= 0) return 0;
  // 2^(beyond - 1) overflows to Infinity long before it matters; min() caps it either way.
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (beyond - 1));
}

// The two key kinds; the address is last, and has no '|', so a key names one pair only.
const pairKey = (email: string, ip: string) => `pair:${email}|${ip}`;
const addressKey = (ip: string) => `ip:${ip}`;

// Counts one failure at $2, forgetting first one failure per $3 seconds since the last one (none when
// another instance's clock ran a little ahead: elapsed time is never negative).
const RECORD_FAILURE = `
  INSERT INTO users.login_backoff AS b (key, failures, last_failure_at) VALUES ($1, 1, $2::timestamptz)
  ON CONFLICT (key) DO UPDATE SET
    failures = greatest(0, b.failures - floor(greatest(0, extract(epoch FROM EXCLUDED.last_failure_at - b.last_failure_at)) / $3)::int) + 1,
    last_failure_at = greatest(b.last_failure_at, EXCLUDED.last_failure_at)`;

/**
 * Sign-in throttling on the database (every users instance shares the counts) and on `clock`:
 * times are the clock's, passed as parameters, never the database's `now()`, so a test moves a
 * ManualClock instead of waiting for a delay (as the saga leases do, ADR 0007).
 */
export function createLoginThrottle(
  db: Queryable,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  clock: Clock = systemClock,
) {
  const keyed = (email: string, ip: string) => [
    { key: pairKey(email, ip), backoff: policy.perAccountAddress },
    { key: addressKey(ip), backoff: policy.perAddress },
  ];
  return {
    /** Seconds until `email` may be tried from `ip` again, or 0 when it may be tried now. */
    async retryAfter(email: string, ip: string): Promise<number> {
      const checks = keyed(email, ip);
      // Exact milliseconds (extract is numeric), so a delay ends exactly when the clock says.
      const rows = await db.query<{ key: string; failures: number; lastFailureMs: number }>(
        `SELECT key, failures, round(extract(epoch FROM last_failure_at) * 1000)::bigint AS "lastFailureMs"
           FROM users.login_backoff WHERE key = ANY($1::text[])`,
        [checks.map((c) => c.key)],
      );
      const now = clock.now();
      let waitMs = 0;
      for (const row of rows) {
        const backoff = checks.find((c) => c.key === row.key)?.backoff;
        if (!backoff) continue;
        const until = row.lastFailureMs + backoffDelaySeconds(backoff, row.failures) * 1000;
        waitMs = Math.max(waitMs, until - now);
      }
      // Whole seconds, rounded up: retrying after `retryAfterSeconds` is never too early.
      return Math.ceil(waitMs / 1000);
    },
    /**
     * Counts one failure for the pair and for the address. Tries refused while delayed are not
     * counted (they test no password), so waiting out a delay is all it takes to try again.
     */
    async recordFailure(email: string, ip: string): Promise<void> {
      const at = new Date(clock.now()).toISOString();
      for (const { key, backoff } of keyed(email, ip)) {
        await db.query(RECORD_FAILURE, [key, at, backoff.forgetOneEverySeconds]);
      }
    },
    /**
     * Forgets the pair's failures after a successful sign-in. The address's count stays: otherwise
     * a guesser would clear it by signing in to an account of their own between guesses.
     */
    async recordSuccess(email: string, ip: string): Promise<void> {
      await db.query('DELETE FROM users.login_backoff WHERE key = $1', [pairKey(email, ip)]);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
