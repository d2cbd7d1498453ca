import type { RequestIdentity } from '@switchyard/auth';
import type { ClientProfile } from './budget.js';

/**
 * Who pays for an operation, by default: anonymous clients by address, customers by user id,
 * admins by id (API keys per backend-for-frontend come with the BFF issue). The numbers follow
 * Shopify's Admin API (1000 points per query, a bucket refilled every second) scaled to this
 * shop's pages: the shop page (bench/gateway/workload.ts, estimated 541) fits an anonymous
 * client's single-query limit, and its restore rate lets one address browse about a page a
 * second indefinitely, after a burst of about 18.
 */

/** Limits of a kind of client; the profile adds the bucket's key. */
export type ProfileLimits = Pick<ClientProfile, 'maxCostPerQuery' | 'maximumAvailable' | 'restoreRate'>;

export const DEFAULT_PROFILE_LIMITS: Readonly<Record<'anonymous' | 'customer' | 'admin', ProfileLimits>> = {
  /**
   * Anyone, one bucket per client address. 1000 per query refuses the 300-byte query
   * (305,040,301) and anything a page does not need; 10,000 points refilled at 500 a second.
   */
  anonymous: { maxCostPerQuery: 1_000, maximumAvailable: 10_000, restoreRate: 500 },
  /** A signed-in customer, one bucket per user: twice an address's, for orders and history. */
  customer: { maxCostPerQuery: 2_000, maximumAvailable: 20_000, restoreRate: 1_000 },
  /**
   * An admin, one bucket per admin: back-office pages list orders with their items (up to 50 per
   * order) for many products at once; the N+1 test's 50-product page with every author's orders
   * (stack/test/nplusone.test.ts) is estimated 34,101.
   */
  admin: { maxCostPerQuery: 50_000, maximumAvailable: 500_000, restoreRate: 25_000 },
};

/** The profile of a request by its identity, with the default limits. */
export function defaultProfileOf(identity: RequestIdentity | undefined): ClientProfile {
  const viewer = identity?.viewer ?? null;
  if (!viewer) {
    return {
      key: `anonymous:${identity?.clientIp ?? 'unknown'}`,
      kind: 'anonymous',
      ...DEFAULT_PROFILE_LIMITS.anonymous,
    };
  }
  if (viewer.role === 'ADMIN') return { key: `admin:${viewer.id}`, kind: 'admin', ...DEFAULT_PROFILE_LIMITS.admin };
  return { key: `user:${viewer.id}`, kind: 'customer', ...DEFAULT_PROFILE_LIMITS.customer };
}
