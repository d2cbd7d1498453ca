import { createHash } from 'node:crypto';
import type { GraphQLDataSource } from '@apollo/gateway';
import { type IdentitySigner, INTERNAL_TOKEN_TTL_SECONDS, type Viewer } from '@switchyard/auth';
import { appError, requestError } from '@switchyard/errors';
import { type Logger, VIEWER_EXTENSION, validateDocument } from '@switchyard/service';
import { type DocumentNode, GraphQLError, getVariableValues, type OperationDefinitionNode, print } from 'graphql';
import { authorizeOperation } from '../auth/authorize.js';
import { denialError } from '../auth/denials.js';
import type { SecurityRequirements } from '../auth/requirements.js';
import { type CostPolicy, costSubscription, type EventCharge } from '../cost/subscriptionCost.js';
import { checkOperationLimits, type LimitSchema, type ResolvedOperationLimits } from '../limits/operationLimits.js';
import { executeEvent } from './executor.js';
import type { StreamSource } from './hub.js';
import type { SubscriptionPlanner } from './planner.js';

/** The static operation limits, as HTTP applies them (plugins/operationLimits.ts). */
export interface OperationLimitsOfSubscriptions {
  limits: ResolvedOperationLimits;
  listSizes: LimitSchema['listSizes'];
}

export interface PrepareOptions {
  logger: Logger;
  requirements: SecurityRequirements;
  signIdentity: IdentitySigner;
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  /** The planner, built on first use (server.ts). */
  planner: () => SubscriptionPlanner;
  /** The URL of a subgraph's GraphQL endpoint, undefined when none is known. */
  urlOf: (serviceName: string) => string | undefined;
  /** Leave "Did you mean ...?" out of validation errors, as HTTP does without introspection. */
  hideSchemaDetails: boolean;
  /** Demand control (cost/subscriptionCost.ts). @default none: subscriptions are not costed */
  cost?: CostPolicy;
  /** @default none: no static limits */
  operationLimits?: OperationLimitsOfSubscriptions;
}

/** A parsed subscribe message whose operation is a subscription. */
export interface SubscriptionRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  viewer: Viewer | null;
  /** The client's address, for its cost profile. @default null */
  clientIp?: string | null;
}

/** What preparing gives the `subscribe` hook (graphql-ws passes it as `contextValue`). */
export interface PreparedSubscription {
  kind: 'subscription';
  source: StreamSource;
  /** The operation as authorized (denied fields taken out). */
  document: DocumentNode;
  operationName: string | undefined;
  /** Charges each event's actual cost to the client's bucket; absent when nothing is costed. */
  charge?: EventCharge;
}

/** Identity for the dedupe key: who, with which role and scopes (null: anonymous). */
function viewerKey(viewer: Viewer | null): string {
  return viewer ? `${viewer.id}:${viewer.role}:${[...viewer.scopes].sort().join(' ')}` : 'anonymous';
}

/** JSON with object keys sorted, so equal variables give equal keys. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function hash(...parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex');
}

/** A signed identity reused for half its lifetime, then signed afresh. */
function cachedToken(sign: IdentitySigner, viewer: Viewer | null): () => Promise<string> {
  let token: Promise<string> | undefined;
  let signedAt = 0;
  return () => {
    if (!token || Date.now() - signedAt > (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2) {
      token = sign({ viewer, clientIp: null });
      signedAt = Date.now();
    }
    return token;
  };
}

function withoutSuggestions(errors: GraphQLError[]): GraphQLError[] {
  return errors.map(
    (e) =>
      new GraphQLError(e.message.replace(/ ?Did you mean(.+?)\?$/, ''), {
        nodes: e.nodes ?? null,
        extensions: e.extensions,
      }),
  );
}

/**
 * Prepares a subscription as HTTP prepares a query: validates it and its variables, authorizes
 * it (`@authenticated`/`@requiresScopes`; a denied root field refuses it), plans it, and makes
 * the stream source whose primary fetch is a subscription to the owning subgraph and whose
 * every event runs the rest of the plan (executor.ts). The static operation limits apply after
 * validation, as over HTTP; an operation the planner refuses is QUERY_PLANNING_FAILED.
 */
export function createSubscriptionPreparer(options: PrepareOptions) {
  const { requirements, logger } = options;
  return (request: SubscriptionRequest): PreparedSubscription | readonly GraphQLError[] => {
    const planner = options.planner();
    const invalid = validateDocument(planner.apiSchema, request.document);
    if (invalid.length > 0) return options.hideSchemaDetails ? withoutSuggestions(invalid) : invalid;
    const { operation, variables, viewer } = request;
    if (options.operationLimits) {
      const { limits, listSizes } = options.operationLimits;
      const schema = planner.apiSchema;
      const violation = checkOperationLimits({ schema, listSizes }, limits, request.document, operation, variables);
      if (violation) return [requestError(violation.code, violation.message, violation.details)];
    }
    const coerced = getVariableValues(planner.apiSchema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) {
      return coerced.errors.map((e) => {
        const { extensions } = appError('BAD_USER_INPUT', e.message);
        return new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions });
      });
    }
    const authorized = authorizeOperation(planner.apiSchema, requirements, request.document, operation, viewer);
    // A denied root field would be a stream of nulls: refuse the subscription instead.
    const deniedRoot = authorized.denials.filter((d) => d.path.length === 1);
    if (deniedRoot.length > 0) return deniedRoot.map((d) => denialError(d));

    const document = authorized.document;
    // The authorized document keeps the operation's name (and holds only it when something was denied).
    const name = operation.name?.value;
    // Costed before it is planned, as HTTP operations are (plugins/costLimit.ts).
    const costed = options.cost
      ? costSubscription(options.cost, planner.apiSchema, document, name, variables, {
          viewer,
          clientIp: request.clientIp ?? null,
        })
      : undefined;
    if (costed instanceof GraphQLError) return [costed];
    const printed = print(document);
    let plan: ReturnType<SubscriptionPlanner['plan']>;
    try {
      plan = planner.plan(document, name, hash(printed, name ?? ''));
    } catch (error) {
      // As over HTTP (auth/authorizingGateway.ts): the operation's failure, not the gateway's.
      logger.warn({ err: error }, 'the query planner refused a subscription');
      return [requestError('QUERY_PLANNING_FAILED', 'The gateway could not plan this operation; nothing was fetched.')];
    }
    const serviceName = plan.primary.serviceName;
    const url = options.urlOf(serviceName);
    if (!url) throw new Error(`no URL for subgraph ${serviceName}`);
    const upstreamVariables = Object.fromEntries(
      (plan.primary.variableUsages ?? []).filter((v) => v in variables).map((v) => [v, variables[v]]),
    );
    const identityToken = cachedToken(options.signIdentity, viewer);
    const source: StreamSource = {
      key: hash(printed, name ?? '', stableJson(variables), viewerKey(viewer)),
      serviceName,
      url,
      payload: async () => ({
        query: plan.primary.operation,
        ...(plan.primary.operationName ? { operationName: plan.primary.operationName } : {}),
        variables: upstreamVariables,
        extensions: { [VIEWER_EXTENSION]: await identityToken() },
      }),
      resolve: (event) =>
        executeEvent(
          {
            plan,
            planner,
            dataSources: options.dataSources,
            variables,
            viewer,
            identityToken,
            denials: authorized.denials,
            logger,
          },
          event,
        ),
    };
    return { kind: 'subscription', source, document, operationName: name, ...(costed ? { charge: costed } : {}) };
  };
}
