import type { GraphQLDataSource } from '@apollo/gateway';
import type { IdentitySigner } from '@switchyard/auth';
import {
  type Clock,
  formatErrorsLikeHttp,
  formatResult,
  type Logger,
  parseDocument,
  serveGraphQLWebSocket,
  systemClock,
  type WebSocketExtra,
} from '@switchyard/service';
import type { FastifyInstance } from 'fastify';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, GraphQLSchema, getOperationAST } from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import type { BearerAuthenticator } from '../auth/authenticate.js';
import type { SecurityRequirements } from '../auth/requirements.js';
import { type CostPolicy, meterEvents } from '../cost/subscriptionCost.js';
import { withTokenLimit } from '../limits/tokenLimit.js';
import { ConnectionIdentities } from './connection.js';
import { internalError, subscriptionLimitExceeded, unknownOperation } from './errors.js';
import { SubscriptionHub } from './hub.js';
import { resolveLimits, type SubscriptionLimits } from './limits.js';
import { type OperationServer, type PreparedOperation, runOperation } from './operations.js';
import { SubscriptionPlanner } from './planner.js';
import {
  createSubscriptionPreparer,
  type OperationLimitsOfSubscriptions,
  type PreparedSubscription,
} from './prepare.js';
import { UpstreamPool } from './upstream.js';

export interface GatewaySubscriptionOptions {
  logger: Logger;
  /** The supergraph @apollo/gateway serves (security links rewritten: `requirements.executableSupergraph`). */
  requirements: SecurityRequirements;
  /** The bearer authenticator HTTP requests use. */
  authenticate: BearerAuthenticator;
  signIdentity: IdentitySigner;
  /** The gateway's data sources by subgraph name, for the rest of each plan (filled when the gateway loads). */
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  /** The gateway's Apollo Server: queries and mutations sent over graphql-ws run through it, as over HTTP. */
  apollo: OperationServer;
  /** Subgraph URL overrides; a subgraph not named here uses the supergraph's URL. */
  subgraphUrls?: Partial<Record<string, string>>;
  /** Leave "Did you mean ...?" out of validation errors, as HTTP does without introspection. */
  hideSchemaDetails: boolean;
  limits?: SubscriptionLimits;
  /** The static operation limits HTTP applies (the token limit at parse, the rest in prepare.ts). */
  /** @default none: no static limits (the gateway's `limits: false`) */
  operationLimits?: OperationLimitsOfSubscriptions;
  /** When a connection's bearer token expires (then: close 4403). @default systemClock */
  clock?: Clock;
  /** Demand control for subscriptions (cost/subscriptionCost.ts). @default none */
  cost?: CostPolicy;
}

export interface GatewaySubscriptions {
  /** Shared upstream streams open now. */
  readonly streams: number;
  /** Closes client sockets with 1001, then the upstream sockets. Fastify's preClose runs it. */
  close(): Promise<void>;
}

type ConnectionContext = Context<Record<string, unknown>, WebSocketExtra>;

/** What `onSubscribe` hands the `subscribe`/`execute` hooks (graphql-ws passes it as `contextValue`). */
type Prepared = (PreparedSubscription & { dropSlowConsumer: () => void }) | PreparedOperation;

/**
 * graphql-ws's ExecutionArgs need a schema, but neither hook here reads it (subscriptions run on
 * the planner's, operations in Apollo Server): this empty one spares a gateway that serves only
 * queries over WebSocket the planner's copy of the supergraph.
 */
const UNUSED_SCHEMA = new GraphQLSchema({});

/**
 * graphql-ws on the gateway's `/graphql`. `connection_init` authenticates (connection.ts). A
 * subscription is validated, authorized and planned (prepare.ts), and identical ones share one
 * upstream stream (hub.ts); a query or mutation runs through the gateway's Apollo Server
 * (operations.ts) and answers with one `next`, then `complete`.
 */
export function serveGatewaySubscriptions(
  app: FastifyInstance,
  options: GatewaySubscriptionOptions,
): GatewaySubscriptions {
  const { logger } = options;
  const limits = resolveLimits(options.limits);
  // Built on the first subscription: a second copy of the supergraph's schemas and a planner cost
  // tens of MiB, which a gateway that serves no subscriptions should not pay.
  let built: SubscriptionPlanner | undefined;
  const planner = () => {
    built ??= new SubscriptionPlanner(options.requirements.executableSupergraph);
    return built;
  };
  const pool = new UpstreamPool({
    logger,
    keepAliveMs: limits.keepAliveMs,
    maxPayloadBytes: limits.maxUpstreamPayloadBytes,
  });
  const hub = new SubscriptionHub({
    pool,
    logger,
    maxPendingEvents: limits.maxPendingEvents,
    retryAttempts: limits.upstreamRetryAttempts,
  });
  const identities = new ConnectionIdentities(options.authenticate, options.clock ?? systemClock);
  const prepareSubscription = createSubscriptionPreparer({
    logger,
    requirements: options.requirements,
    signIdentity: options.signIdentity,
    dataSources: options.dataSources,
    planner,
    urlOf: (serviceName) => options.subgraphUrls?.[serviceName] ?? planner().subgraphUrls.get(serviceName),
    hideSchemaDetails: options.hideSchemaDetails,
    ...(options.cost ? { cost: options.cost } : {}),
    ...(options.operationLimits ? { operationLimits: options.operationLimits } : {}),
  });
  const maxTokens = options.operationLimits?.limits.maxTokens;

  /** Parses the message and sends it down the subscription or the operation path. */
  const prepare = (ctx: ConnectionContext, payload: SubscribePayload): Prepared | readonly GraphQLError[] => {
    const parsed = parseDocument(payload.query, maxTokens === undefined ? {} : { maxTokens });
    if ('errors' in parsed) {
      return maxTokens === undefined ? parsed.errors : withTokenLimit(payload.query, maxTokens, parsed.errors);
    }
    const operation = getOperationAST(parsed.document, payload.operationName ?? undefined);
    if (!operation) return [unknownOperation()];
    const identity = identities.of(ctx);
    if (operation.operation !== 'subscription') {
      const { query, variables, operationName } = payload;
      return {
        kind: 'operation',
        document: parsed.document,
        request: { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) },
        context: { identity },
      };
    }
    const max = limits.maxSubscriptionsPerConnection;
    // graphql-ws has recorded this subscription's id already: it counts.
    if (Object.keys(ctx.subscriptions).length > max) return [subscriptionLimitExceeded(max)];
    const prepared = prepareSubscription({
      document: parsed.document,
      operation,
      variables: payload.variables ?? {},
      viewer: identity.viewer,
      clientIp: identity.clientIp,
    });
    return 'kind' in prepared ? { ...prepared, dropSlowConsumer: ctx.extra.dropSlowConsumer } : prepared;
  };

  const format = formatErrorsLikeHttp(logger);
  const transport = serveGraphQLWebSocket<Record<string, unknown>>(
    app,
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: identities.onConnect,
      onSubscribe(ctx, _id, payload) {
        let prepared: Prepared | readonly GraphQLError[];
        try {
          prepared = prepare(ctx, payload);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          logger.error({ err }, 'could not plan a subscription');
          return [internalError()];
        }
        if (!('kind' in prepared)) return prepared;
        const operationName =
          prepared.kind === 'subscription' ? prepared.operationName : prepared.request.operationName;
        const args: ExecutionArgs = {
          schema: UNUSED_SCHEMA,
          document: prepared.document,
          operationName: operationName ?? null,
          contextValue: prepared,
        };
        return args;
      },
      subscribe(args) {
        const { source, dropSlowConsumer, charge } = args.contextValue as Extract<Prepared, { kind: 'subscription' }>;
        const events = hub.subscribe(source, { maxQueued: limits.maxQueuedResults, onOverflow: dropSlowConsumer });
        return charge ? meterEvents(events, charge) : events;
      },
      // Apollo Server's result is formatted already; onNext passes it through as it is.
      execute: async (args) =>
        (await runOperation(options.apollo, args.contextValue as PreparedOperation)) as ExecutionResult,
      onNext: (_ctx, _id, _payload, args, result) =>
        (args.contextValue as Prepared).kind === 'operation' ? result : formatResult(result, format),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    {
      logger,
      maxPayloadBytes: limits.maxPayloadBytes,
      keepAliveMs: limits.keepAliveMs,
      maxBufferedBytes: limits.maxBufferedBytes,
      closeTimeoutMs: limits.closeTimeoutMs,
    },
  );

  let closing: Promise<void> | undefined;
  const subscriptions: GatewaySubscriptions = {
    get streams() {
      return hub.size;
    },
    close() {
      closing ??= (async () => {
        await transport.close();
        hub.close();
        await pool.close();
      })();
      return closing;
    },
  };
  // After the transport's own preClose (hooks run in order): client sockets first, then upstream.
  app.addHook('preClose', () => subscriptions.close());
  return subscriptions;
}
