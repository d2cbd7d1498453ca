import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Viewer } from '@switchyard/auth';
import type { Logger } from '@switchyard/service';
import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, OperationTypeNode } from 'graphql';
import type { Denial } from '../auth/authorize.js';
import { answerDenials } from '../auth/denials.js';
import type { IdentityContext } from '../subgraphClient/identity.js';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner.js';

/**
 * The service name the event's data source answers to in the per-event plan: not the owning
 * subgraph's, whose data source the rest of the plan may call too. Errors show the owner's name.
 */
const EVENT_SOURCE = '__switchyard_subscription_event__';

/** `error` with the event source's name replaced by the subgraph that sent the event. */
function fromOwner(error: GraphQLError, serviceName: string): GraphQLError {
  if (error.extensions.serviceName !== EVENT_SOURCE) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, serviceName },
  });
}

export interface EventExecution {
  plan: SubscriptionPlan;
  planner: SubscriptionPlanner;
  /** The gateway's data sources by subgraph name (identity forwarding included). */
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  variables: Record<string, unknown>;
  viewer: Viewer | null;
  /** The signed identity for the rest of the plan's subgraph calls. */
  identityToken: () => Promise<string>;
  /** Fields the viewer may not read, answered with null and an error in every event. */
  denials: readonly Denial[];
  logger: Logger;
}

/**
 * Resolves one event of a subscription: runs `Sequence[primary, rest]` through Apollo's plan
 * executor, with the primary fetch answered by the event (docs/architecture.md, "How a query travels"), so
 * the fields other subgraphs own are fetched as for a query. Denied fields come back null.
 */
export async function executeEvent(
  execution: EventExecution,
  event: FormattedExecutionResult,
): Promise<ExecutionResult> {
  const { plan, planner } = execution;
  const eventFetch = { ...plan.primary, serviceName: EVENT_SOURCE, operationKind: OperationTypeNode.QUERY };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: plan.rest ? { kind: 'Sequence', nodes: [eventFetch, plan.rest] } : eventFetch,
  };
  const serviceMap: ServiceMap = Object.create(null);
  for (const [name, source] of execution.dataSources) serviceMap[name] = source;
  serviceMap[EVENT_SOURCE] = {
    process: async () => ({
      data: event.data ?? null,
      ...(event.errors ? { errors: event.errors as never } : {}),
      ...(event.extensions ? { extensions: event.extensions as never } : {}),
    }),
  };
  const context: IdentityContext = {
    identity: { viewer: execution.viewer, clientIp: null },
    identityToken: execution.identityToken(),
  };
  // What the plan executor and the data sources read of a request context.
  const requestContext = {
    request: { variables: execution.variables },
    context,
    logger: execution.logger,
    metrics: {},
    operation: plan.operationContext.operation,
  } as unknown as GatewayGraphQLRequestContext;
  const result = await executeQueryPlan(
    queryPlan,
    serviceMap,
    requestContext,
    plan.operationContext,
    planner.supergraphSchema,
    planner.apiSchemaInternal,
  );
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const upstream = ((result.errors ?? []) as readonly GraphQLError[]).map((e) =>
    fromOwner(e, plan.primary.serviceName),
  );
  const errors = answerDenials(data, upstream, execution.denials);
  return errors.length > 0 ? { data, errors } : { data };
}
