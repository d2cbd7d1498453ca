/**
 * The port between the cost plugin (which estimates and measures what an operation costs) and
 * the budget store (which keeps each client's leaky bucket of points: in memory, or in Redis
 * shared by every gateway instance). The shapes follow Shopify's Admin API `extensions.cost`.
 */

/** Who is charged: one bucket per profile key. */
export interface ClientProfile {
  /** The bucket's key: `anonymous:<address>`, `user:<id>`, `admin:<id>`, `apikey:<name>`. */
  key: string;
  /** The kind of client, for limits and metrics. */
  kind: 'anonymous' | 'customer' | 'admin' | 'apiKey';
  /** The most one operation may cost (its estimate); above it: COST_LIMIT_EXCEEDED. */
  maxCostPerQuery: number;
  /** The bucket's size: points available when it is full. */
  maximumAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

/** Shopify's `throttleStatus`, as every response reports it in `extensions.cost`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** What every response carries in `extensions.cost`. */
export interface CostExtension {
  /** The static estimate the operation was admitted with. */
  requestedQueryCost: number;
  /** The cost computed from what was actually returned (list sizes as they came). */
  actualQueryCost: number;
  throttleStatus: ThrottleStatus;
}

/** The answer to asking the bucket for `requested` points. */
export type Admission =
  | { admitted: true; status: ThrottleStatus }
  | { admitted: false; status: ThrottleStatus; retryAfterSeconds: number };

export interface BudgetStore {
  /**
   * Takes `requested` points from the profile's bucket when it holds them (after restoring what
   * time has refilled), or refuses with how long until it would. Atomic per bucket, across every
   * instance sharing the store. A store that cannot answer (Redis down or slow) admits (fail open).
   */
  admit(profile: ClientProfile, requested: number): Promise<Admission>;
  /**
   * Settles an admitted operation: gives back `requested - actual` points when the operation
   * cost less than its estimate (never more than the bucket holds), and returns the status after it.
   */
  refund(profile: ClientProfile, requested: number, actual: number): Promise<ThrottleStatus>;
  close(): Promise<void>;
}
