import type { RequestIdentity } from '@switchyard/auth';
import { defaultOf } from '@switchyard/config';
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

/** The kinds of client that have limits of their own. */
export type ProfileKind = 'anonymous' | 'customer' | 'admin';
export type ProfileLimitsByKind = Readonly<Record<ProfileKind, ProfileLimits>>;

/**
 * The defaults, declared once in the configuration catalogue (`COST_<KIND>_MAX_PER_QUERY`,
 * `_BUCKET`, `_RESTORE_RATE`; packages/config/src/variables.ts):
 * - anonymous, one bucket per client address: 1,000 per query refuses the 300-byte query
 *   (305,040,301) and anything a page does not need; 10,000 points refilled at 500 a second;
 * - a signed-in customer, one bucket per user: twice an address's, for orders and history;
 * - an admin, one bucket per admin: back-office pages list orders with their items (up to 50 per
 *   order) for many products at once; the N+1 test's 50-product page with every author's orders
 *   (stack/test/nplusone.test.ts) is estimated 34,101, under its 50,000.
 */
export const DEFAULT_PROFILE_LIMITS: ProfileLimitsByKind = {
  anonymous: {
    maxCostPerQuery: defaultOf('COST_ANONYMOUS_MAX_PER_QUERY', 'gateway'),
    maximumAvailable: defaultOf('COST_ANONYMOUS_BUCKET', 'gateway'),
    restoreRate: defaultOf('COST_ANONYMOUS_RESTORE_RATE', 'gateway'),
  },
  customer: {
    maxCostPerQuery: defaultOf('COST_CUSTOMER_MAX_PER_QUERY', 'gateway'),
    maximumAvailable: defaultOf('COST_CUSTOMER_BUCKET', 'gateway'),
    restoreRate: defaultOf('COST_CUSTOMER_RESTORE_RATE', 'gateway'),
  },
  admin: {
    maxCostPerQuery: defaultOf('COST_ADMIN_MAX_PER_QUERY', 'gateway'),
    maximumAvailable: defaultOf('COST_ADMIN_BUCKET', 'gateway'),
    restoreRate: defaultOf('COST_ADMIN_RESTORE_RATE', 'gateway'),
  },
};

/** Who pays, with `limits` per kind of client. */
export function profilesWith(limits: ProfileLimitsByKind): (identity: RequestIdentity | undefined) => ClientProfile {
  return (identity) => {
    const viewer = identity?.viewer ?? null;
    if (!viewer) return { key: `anonymous:${identity?.clientIp ?? 'unknown'}`, kind: 'anonymous', ...limits.anonymous };
    if (viewer.role === 'ADMIN') return { key: `admin:${viewer.id}`, kind: 'admin', ...limits.admin };
    return { key: `user:${viewer.id}`, kind: 'customer', ...limits.customer };
  };
}

/** The profile of a request by its identity, with the default limits. */
export const defaultProfileOf = profilesWith(DEFAULT_PROFILE_LIMITS);
