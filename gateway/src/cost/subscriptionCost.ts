import type { RequestIdentity } from '@switchyard/auth';
import { requestError } from '@switchyard/errors';
import type { Logger } from '@switchyard/service';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { IdentityContext } from '../subgraphClient/identity.js';
import { actualCost } from './actual.js';
import type { BudgetStore, ClientProfile } from './budget.js';
import type { CostDirectives } from './directives.js';
import { estimateCost } from './estimate.js';

/**
 * Demand control for graphql-ws subscriptions (issue 10), as HTTP has it in
 * plugins/costLimit.ts: a subscription is estimated when it subscribes (its selection, for one
 * event) against the client's per-query limit, and each event's actual cost is then charged to
 * the client's bucket. Queries and mutations over graphql-ws run through Apollo Server and its
 * cost plugin already.
 */

/** Demand control's configuration with its defaults applied (plugins/costLimit.ts `resolveCostPolicy`). */
export interface CostPolicy {
  /** The supergraph's `@cost` and `@listSize`. */
  directives: CostDirectives;
  /** Who pays for a request. */
  profileOf: (context: IdentityContext) => ClientProfile;
  /** The size assumed for a list field no `@listSize` sizes. */
  defaultListSize: number;
  /** The buckets; without one, only the per-query limit applies. */
  budget?: BudgetStore;
  /** Where a failing budget store is reported. */
  logger?: Logger;
}

/** What one subscription is charged per event, once it was admitted at subscribe time. */
export type EventCharge = (result: ExecutionResult) => Promise<GraphQLError | undefined>;

/**
 * Estimates a subscription when it subscribes: COST_LIMIT_EXCEEDED when one event's selection is
 * above the client's limit; else the charge to apply to each of its events.
 */
export function costSubscription(
  options: CostPolicy,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  identity: RequestIdentity,
): GraphQLError | EventCharge {
  const profile = options.profileOf({ identity });
  const estimate = estimateCost(schema, options.directives, document, operationName, variables, {
    defaultListSize: options.defaultListSize,
  });
  if (estimate > profile.maxCostPerQuery) {
    return requestError(
      'COST_LIMIT_EXCEEDED',
      `The subscription's estimated cost per event is ${estimate}; at most ${profile.maxCostPerQuery} is accepted per operation. Select fewer items or fewer nested lists.`,
      { estimated: estimate, max: profile.maxCostPerQuery },
    );
  }
  const budget = options.budget;
  return async (result) => {
    if (!budget) return undefined;
    const actual = actualCost(schema, options.directives, document, operationName, variables, result.data);
    let admission: Awaited<ReturnType<BudgetStore['admit']>>;
    try {
      admission = await budget.admit(profile, actual);
    } catch (error) {
      // Fail open, as over HTTP: the store's trouble never stops traffic.
      options.logger?.warn({ err: error }, 'cost budget admit failed; the event is delivered unmetered');
      return undefined;
    }
    if (admission.admitted) return undefined;
    const { status, retryAfterSeconds } = admission;
    return requestError(
      'THROTTLED',
      `An event of this subscription cost ${actual} and ${status.currentlyAvailable} of the client's ${status.maximumAvailable} points are available (${status.restoreRate} restored per second); the subscription ends. Subscribe again after ${retryAfterSeconds} s.`,
      { retryAfterSeconds, requested: actual, available: status.currentlyAvailable },
    );
  };
}

/**
 * The events of a subscription, each charged before it is delivered. An event the bucket cannot
 * pay for is not delivered: the client gets THROTTLED in its place and the stream ends (the
 * upstream is released at once). `return()` goes straight to `events`, so a client that leaves
 * while an event is awaited does not keep the upstream open.
 */
export function meterEvents(
  events: AsyncGenerator<ExecutionResult, undefined>,
  charge: EventCharge,
): AsyncGenerator<ExecutionResult, undefined> {
  let ended = false;
  const metered: AsyncGenerator<ExecutionResult, undefined> = {
    async next() {
      if (ended) return { done: true, value: undefined };
      const step = await events.next();
      if (step.done) return step;
      const refused = await charge(step.value);
      if (!refused) return step;
      ended = true;
      await events.return(undefined);
      return { done: false, value: { errors: [refused] } };
    },
    return() {
      ended = true;
      return events.return(undefined);
    },
    throw(error: unknown) {
      ended = true;
      return events.throw(error);
    },
    [Symbol.asyncIterator]() {
      return metered;
    },
  };
  return metered;
}
