import type { BudgetStore, ClientProfile, ThrottleStatus } from '../../src/cost/budget.js';

/** A bucket that holds `available` points and records what it was asked; it refuses what it lacks. */
export function fakeBudget(initial: number) {
  let available = initial;
  const asked = { admit: [] as number[], refund: [] as [number, number][] };
  const status = (profile: ClientProfile): ThrottleStatus => ({
    maximumAvailable: profile.maximumAvailable,
    currentlyAvailable: available,
    restoreRate: profile.restoreRate,
  });
  const store: BudgetStore = {
    async admit(profile, requested) {
      asked.admit.push(requested);
      if (requested > available) {
        return {
          admitted: false,
          status: status(profile),
          retryAfterSeconds: (requested - available) / profile.restoreRate,
        };
      }
      available -= requested;
      return { admitted: true, status: status(profile) };
    },
    async refund(profile, requested, actual) {
      asked.refund.push([requested, actual]);
      available += requested - actual;
      return status(profile);
    },
    async close() {},
  };
  return {
    store,
    asked,
    reset(points: number) {
      available = points;
      asked.admit.length = 0;
      asked.refund.length = 0;
    },
  };
}
