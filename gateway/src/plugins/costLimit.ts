import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { requestError } from '@switchyard/errors';
import type { Logger } from '@switchyard/service';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { actualCost } from '../cost/actual.js';
import type { BudgetStore, ClientProfile, CostExtension, ThrottleStatus } from '../cost/budget.js';
import type { CostDirectives } from '../cost/directives.js';
import { DEFAULT_LIST_SIZE, estimateCost } from '../cost/estimate.js';
import { defaultProfileOf } from '../cost/profiles.js';
import type { CostPolicy } from '../cost/subscriptionCost.js';
import type { IdentityContext } from '../subgraphClient/identity.js';

/** RFC 9110 §10.2.3: seconds until a THROTTLED client may try again. */
export const RETRY_AFTER_HEADER = 'retry-after';

/** How many estimates of operations without variables are remembered (least recently used dropped). */
const MAX_ESTIMATES = 2_000;

export interface CostLimitOptions {
  /**
   * Who pays for a request, with their limits and bucket. Called once per operation, after the
   * context is built. @default defaultProfileOf (cost/profiles.ts): anonymous by client address,
   * customers by user id, admins by id
   */
  profileOf?: (context: IdentityContext) => ClientProfile;
  /** The size assumed for a list field no `@listSize` sizes. @default 10 (DEFAULT_LIST_SIZE, Apollo Router's) */
  defaultListSize?: number;
}

export interface CostLimitPluginOptions extends CostLimitOptions {
  /** The supergraph's `@cost` and `@listSize` (`readCostDirectives`, read once by the gateway). */
  directives: CostDirectives;
  /** The buckets. Without one, only the per-query limit applies and every bucket reads full. */
  budget?: BudgetStore;
  /** Where a failing budget store is reported (the operation then runs unmetered). */
  logger?: Logger;
}

/** The options with every default applied, once, for HTTP (this plugin) and subscriptions alike. */
export function resolveCostPolicy(options: CostLimitPluginOptions): CostPolicy {
  return {
    directives: options.directives,
    profileOf: options.profileOf ?? ((context) => defaultProfileOf(context.identity)),
    defaultListSize: options.defaultListSize ?? DEFAULT_LIST_SIZE,
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
}

/** The estimator and the bucket's answer for one request, from didResolveOperation to the response. */
interface RequestCost {
  profile: ClientProfile;
  /** The operation as resolved (the actual cost walks the response alongside it). */
  document: DocumentNode;
  estimate: number;
  /** Set when the bucket took the estimate: the difference to the actual cost is refunded. */
  admitted: boolean;
  /** Set when the operation was refused (COST_LIMIT_EXCEEDED, THROTTLED): it cost nothing. */
  refused: boolean;
  status: ThrottleStatus | undefined;
  retryAfterSeconds?: number;
}

function fullBucket(profile: ClientProfile): ThrottleStatus {
  return {
    maximumAvailable: profile.maximumAvailable,
    currentlyAvailable: profile.maximumAvailable,
    restoreRate: profile.restoreRate,
  };
}

/**
 * Demand control (issue 10): every operation is estimated over the API schema once it is
 * validated and before it is planned, so no subgraph is called for one that is refused.
 * Above the profile's `maxCostPerQuery`: COST_LIMIT_EXCEEDED (400). Else the estimate is taken
 * from the client's bucket, or THROTTLED (429, `Retry-After`) when the bucket cannot cover it.
 * After execution the actual cost (list sizes as returned) is computed and the difference
 * refunded. Every response that reached an operation carries Shopify's `extensions.cost`.
 */
export function costLimitPlugin(policy: CostPolicy): ApolloServerPlugin<IdentityContext> {
  const { directives, profileOf, budget } = policy;
  const costOptions = { defaultListSize: policy.defaultListSize };
  const estimates = new LRUCache<string, number>({ max: MAX_ESTIMATES });

  /** The store's answer, or undefined when it threw: the operation then runs unmetered (fail open). */
  const guarded = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      policy.logger?.warn({ err: error }, `cost budget ${what} failed; the operation runs unmetered`);
      return undefined;
    }
  };

  const estimateOf = (
    schema: GraphQLSchema,
    context: { document: DocumentNode; operationName: string | null; queryHash: string },
    variables: Record<string, unknown> | undefined,
  ): number => {
    const hasVariables = variables !== undefined && Object.keys(variables).length > 0;
    // An estimate depends on variables only through their values: without any, one per operation.
    const key = hasVariables ? undefined : `${context.queryHash}\u0000${context.operationName ?? ''}`;
    const known = key !== undefined ? estimates.get(key) : undefined;
    if (known !== undefined) return known;
    const estimate = estimateCost(schema, directives, context.document, context.operationName, variables, costOptions);
    if (key !== undefined) estimates.set(key, estimate);
    return estimate;
  };

  const settle = async (cost: RequestCost, actual: number): Promise<ThrottleStatus> => {
    if (!budget || !cost.admitted) return cost.status ?? fullBucket(cost.profile);
    return (
      (await guarded('refund', () => budget.refund(cost.profile, cost.estimate, actual))) ?? fullBucket(cost.profile)
    );
  };

  return {
    async requestDidStart() {
      let cost: RequestCost | undefined;
      return {
        async didResolveOperation(requestContext) {
          const { schema, request, contextValue } = requestContext;
          const profile = profileOf(contextValue);
          const estimate = estimateOf(
            schema,
            {
              document: requestContext.document,
              operationName: requestContext.operationName,
              queryHash: requestContext.queryHash,
            },
            request.variables,
          );
          cost = {
            profile,
            document: requestContext.document,
            estimate,
            admitted: false,
            refused: false,
            status: undefined,
          };
          const max = profile.maxCostPerQuery;
          if (estimate > max) {
            // Nothing is taken; a zero request reads the bucket for the response's throttleStatus.
            cost.status = budget ? (await guarded('read', () => budget.admit(profile, 0)))?.status : undefined;
            cost.refused = true;
            throw requestError(
              'COST_LIMIT_EXCEEDED',
              `The operation's estimated cost is ${estimate}; at most ${max} is accepted per operation. Ask for fewer items (smaller \`first\`) or fewer nested lists.`,
              { estimated: estimate, max },
            );
          }
          if (!budget) return;
          const admission = await guarded('admit', () => budget.admit(profile, estimate));
          if (!admission) return;
          cost.status = admission.status;
          if (admission.admitted) {
            cost.admitted = true;
            return;
          }
          cost.refused = true;
          cost.retryAfterSeconds = admission.retryAfterSeconds;
          throw requestError(
            'THROTTLED',
            `The operation's estimated cost is ${estimate} and ${admission.status.currentlyAvailable} of the client's ${admission.status.maximumAvailable} points are available (${admission.status.restoreRate} restored per second); retry after ${admission.retryAfterSeconds} s.`,
            {
              retryAfterSeconds: admission.retryAfterSeconds,
              requested: estimate,
              available: admission.status.currentlyAvailable,
            },
          );
        },

        async willSendResponse(requestContext: GraphQLRequestContextWillSendResponse<IdentityContext>) {
          // Refused before an operation was resolved (parse or validation errors): nothing was estimated.
          if (!cost) return;
          const { response } = requestContext;
          if (cost.retryAfterSeconds !== undefined) {
            response.http.headers.set(RETRY_AFTER_HEADER, String(Math.max(1, Math.ceil(cost.retryAfterSeconds))));
          }
          const body = response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          // Incremental delivery (@defer) is charged its estimate: the later parts are not seen here.
          const actual = cost.refused
            ? 0
            : body.kind === 'single'
              ? actualCost(
                  requestContext.schema,
                  directives,
                  cost.document,
                  requestContext.operationName,
                  requestContext.request.variables,
                  result.data,
                )
              : cost.estimate;
          const extension: CostExtension = {
            requestedQueryCost: cost.estimate,
            actualQueryCost: actual,
            throttleStatus: await settle(cost, actual),
          };
          result.extensions = { ...result.extensions, cost: extension };
        },
      };
    },
  };
}
