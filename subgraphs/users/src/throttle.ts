import type { Queryable } from '@switchyard/db';

export interface ThrottlePolicy {
  /** Failed sign-ins allowed per account in one window. @default 5 */
  perAccount: number;
  /** Failed sign-ins allowed per client address in one window. @default 20 */
  perAddress: number;
  /** The window, in seconds. @default 900 */
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { perAccount: 5, perAddress: 20, windowSeconds: 900 };

/**
 * Brute-force protection for sign-in: failures are counted per account and per client address
 * in the database (so every users instance shares them), in a fixed window. While either count
 * is at its limit, sign-in is refused before the password is checked; a success clears the
 * account's count.
 */
export function createLoginThrottle(db: Queryable, policy: ThrottlePolicy = DEFAULT_THROTTLE) {
  const keys = (email: string, ip: string) => [
    { key: `account:${email}`, limit: policy.perAccount },
    { key: `ip:${ip}`, limit: policy.perAddress },
  ];
  return {
    /** Seconds until sign-in may be tried again, or 0 when it may be tried now. */
    async retryAfter(email: string, ip: string): Promise<number> {
      const checks = keys(email, ip);
      const rows = await db.query<{ key: string; failures: number; remaining: number }>(
        `SELECT key, failures,
                ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS remaining
           FROM users.login_failure
          WHERE key = ANY($1::text[]) AND window_started_at + make_interval(secs => $2) > now()`,
        [checks.map((c) => c.key), policy.windowSeconds],
      );
      let wait = 0;
      for (const row of rows) {
        const limit = checks.find((c) => c.key === row.key)?.limit ?? 0;
        if (row.failures >= limit) wait = Math.max(wait, Math.max(1, row.remaining));
      }
      return wait;
    },
    /** Counts one failure for the account and the address (a new window when the old one ended). */
    async recordFailure(email: string, ip: string): Promise<void> {
      await db.query(
        `INSERT INTO users.login_failure (key, failures, window_started_at)
         SELECT unnest($1::text[]), 1, now()
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN users.login_failure.window_started_at + make_interval(secs => $2) > now()
                           THEN users.login_failure.failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN users.login_failure.window_started_at + make_interval(secs => $2) > now()
                                    THEN users.login_failure.window_started_at ELSE now() END`,
        [keys(email, ip).map((c) => c.key), policy.windowSeconds],
      );
    },
    /** Forgets the account's failures after a successful sign-in. */
    async recordSuccess(email: string): Promise<void> {
      await db.query('DELETE FROM users.login_failure WHERE key = $1', [`account:${email}`]);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
