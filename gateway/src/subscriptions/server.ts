import { createHash } from 'node:crypto';
import type { GraphQLDataSource } from '@apollo/gateway';
import { type IdentitySigner, INTERNAL_TOKEN_TTL_SECONDS, type Viewer } from '@switchyard/auth';
import {
  formatErrorsLikeHttp,
  formatResult,
  type Logger,
  parseAndValidate,
  serveGraphQLWebSocket,
  VIEWER_EXTENSION,
  type WebSocketExtra,
} from '@switchyard/service';
import type { FastifyInstance } from 'fastify';
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  print,
} from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import type { AuthenticatedViewer, BearerAuthenticator } from '../auth/authenticate.js';
import { authorizeOperation } from '../auth/authorize.js';
import { denialError } from '../auth/denials.js';
import type { SecurityRequirements } from '../auth/requirements.js';
import { onlySubscriptions, subscriptionLimitExceeded } from './errors.js';
import { executeEvent } from './executor.js';
import { type StreamSource, SubscriptionHub } from './hub.js';
import { resolveLimits, type SubscriptionLimits } from './limits.js';
import { SubscriptionPlanner } from './planner.js';
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
  /** Subgraph URL overrides; a subgraph not named here uses the supergraph's URL. */
  subgraphUrls?: Partial<Record<string, string>>;
  /** Leave "Did you mean ...?" out of validation errors, as HTTP does without introspection. */
  hideSchemaDetails: boolean;
  limits?: SubscriptionLimits;
}

/**
 * A connection is signed in once, at connection_init, so its token's expiry is enforced here:
 * when it passes, the socket closes with 4403 ("Forbidden: the bearer token expired"), which
 * graphql-ws clients retry; a client whose `connectionParams` is a function signs in again with
 * a fresh token, and `afterVersion` picks the order's status stream up where it stopped.
 */
function closeWhenExpired(socket: WebSocketExtra['socket'], validUntil: number): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = validUntil - Date.now();
    if (left <= 0) return socket.close(CloseCode.Forbidden, 'Forbidden: the bearer token expired');
    // setTimeout holds at most 2^31-1 ms (24.8 days); a longer-lived token is checked again then.
    timer = setTimeout(check, Math.min(left, 2 ** 31 - 1));
    timer.unref();
  };
  socket.once('close', () => clearTimeout(timer));
  check();
}

export interface GatewaySubscriptions {
  /** Shared upstream streams open now. */
  readonly streams: number;
  /** Closes client sockets with 1001, then the upstream sockets. Fastify's preClose runs it. */
  close(): Promise<void>;
}

/** What `onSubscribe` prepares and the `subscribe` hook starts (graphql-ws passes it as `contextValue`). */
interface PreparedSubscription {
  source: StreamSource;
  dropSlowConsumer: () => void;
  /** The operation as authorized (denied fields taken out). */
  document: DocumentNode;
  operationName: string | undefined;
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

/**
 * graphql-ws on the gateway's `/graphql`. `connection_init` authenticates (`authorization:
 * "Bearer …"` in the connection params; a bad token closes with 4403, none is anonymous). Each
 * subscribe is validated, authorized (`@authenticated`/`@requiresScopes`, as over HTTP) and
 * planned; its primary fetch becomes a subscription to the owning subgraph and each event runs
 * the rest of the plan (executor.ts). Identical subscriptions share one stream (hub.ts).
 */
export function serveGatewaySubscriptions(
  app: FastifyInstance,
  options: GatewaySubscriptionOptions,
): GatewaySubscriptions {
  const { logger, requirements } = options;
  const limits = resolveLimits(options.limits);
  // Built on the first subscription: a second copy of the supergraph's schemas and a planner cost
  // tens of MiB, which a gateway that serves no subscriptions should not pay.
  let built: SubscriptionPlanner | undefined;
  const planner = () => {
    built ??= new SubscriptionPlanner(requirements.executableSupergraph);
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
  const format = formatErrorsLikeHttp(logger);
  const viewers = new WeakMap<object, Viewer | null>();
  const urlOf = (serviceName: string) => options.subgraphUrls?.[serviceName] ?? planner().subgraphUrls.get(serviceName);
  const hideDetails = (errors: GraphQLError[]) =>
    options.hideSchemaDetails
      ? errors.map(
          (e) =>
            new GraphQLError(e.message.replace(/ ?Did you mean(.+?)\?$/, ''), {
              nodes: e.nodes ?? null,
              extensions: e.extensions,
            }),
        )
      : errors;

  const prepare = (
    ctx: Context<Record<string, unknown>, WebSocketExtra>,
    query: string,
    variables: Record<string, unknown> | null | undefined,
    operationName: string | null | undefined,
  ): PreparedSubscription | readonly GraphQLError[] => {
    const max = limits.maxSubscriptionsPerConnection;
    // graphql-ws has recorded this subscription's id already: it counts.
    if (Object.keys(ctx.subscriptions).length > max) return [subscriptionLimitExceeded(max)];
    const parsed = parseAndValidate(planner().apiSchema, query);
    if ('errors' in parsed) return hideDetails(parsed.errors);
    const operation = getOperationAST(parsed.document, operationName ?? undefined);
    if (!operation) {
      return [
        new GraphQLError('The document has no operation of that name, or several and no name was given', {
          extensions: { code: 'BAD_REQUEST' },
        }),
      ];
    }
    if (operation.operation !== 'subscription') return [onlySubscriptions(operation.operation)];
    const coerced = getVariableValues(planner().apiSchema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) {
      return coerced.errors.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: 'BAD_USER_INPUT' } }),
      );
    }
    const viewer = viewers.get(ctx) ?? null;
    const authorized = authorizeOperation(planner().apiSchema, requirements, parsed.document, operation, viewer);
    // A denied root field would be a stream of nulls: refuse the subscription instead.
    const deniedRoot = authorized.denials.filter((d) => d.path.length === 1);
    if (deniedRoot.length > 0) return deniedRoot.map((d) => denialError(d));

    const document = authorized.document;
    // The authorized document keeps the operation's name (and holds only it when something was denied).
    const name = operation.name?.value;
    const printed = print(document);
    const plan = planner().plan(document, name, hash(printed, name ?? ''));
    const serviceName = plan.primary.serviceName;
    const url = urlOf(serviceName);
    if (!url) throw new Error(`no URL for subgraph ${serviceName}`);
    const upstreamVariables = Object.fromEntries(
      (plan.primary.variableUsages ?? []).filter((v) => variables && v in variables).map((v) => [v, variables?.[v]]),
    );
    const identityToken = cachedToken(options.signIdentity, viewer);
    const source: StreamSource = {
      key: hash(printed, name ?? '', stableJson(variables ?? {}), viewerKey(viewer)),
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
            planner: planner(),
            dataSources: options.dataSources,
            variables: variables ?? {},
            viewer,
            identityToken,
            denials: authorized.denials,
            logger,
          },
          event,
        ),
    };
    return { source, dropSlowConsumer: ctx.extra.dropSlowConsumer, document, operationName: name };
  };

  const transport = serveGraphQLWebSocket<Record<string, unknown>>(
    app,
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        let viewer: AuthenticatedViewer | null;
        try {
          viewer = await options.authenticate(authorization);
        } catch {
          // graphql-ws closes with 4403 Forbidden.
          return false;
        }
        viewers.set(ctx, viewer);
        if (viewer) closeWhenExpired(ctx.extra.socket, viewer.validUntil);
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        let prepared: PreparedSubscription | readonly GraphQLError[];
        try {
          prepared = prepare(ctx, payload.query, payload.variables, payload.operationName);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          logger.error({ err }, 'could not plan a subscription');
          return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
        if (!('source' in prepared)) return prepared;
        const args: ExecutionArgs = {
          schema: planner().apiSchema,
          document: prepared.document,
          operationName: prepared.operationName ?? null,
          contextValue: prepared,
        };
        return args;
      },
      // Every operation that gets here is a subscription (onSubscribe refuses the others).
      subscribe(args) {
        const { source, dropSlowConsumer } = args.contextValue as PreparedSubscription;
        return hub.subscribe(source, { maxQueued: limits.maxQueuedResults, onOverflow: dropSlowConsumer });
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result, format),
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
