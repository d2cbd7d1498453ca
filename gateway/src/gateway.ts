import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createIdentitySigner, type SigningKey } from '@switchyard/auth';
import type { SubgraphName } from '@switchyard/config';
import { readSupergraph } from '@switchyard/schema';
import {
  type Clock,
  createGraphQLService,
  GRAPHQL_PATH,
  type GraphQLService,
  type Logger,
  maskingFormatError,
} from '@switchyard/service';
import { type BearerAuthOptions, createBearerAuthenticator } from './auth/authenticate.js';
import { AuthorizingGateway, PlanResolutions } from './auth/authorizingGateway.js';
import { readSecurityRequirements } from './auth/requirements.js';
import type { BudgetStore } from './cost/budget.js';
import { readCostDirectives } from './cost/directives.js';
import { type OperationLimitOptions, resolveOperationLimits } from './limits/operationLimits.js';
import { type CostLimitOptions, costLimitPlugin, resolveCostPolicy } from './plugins/costLimit.js';
import { mediaTypeStatusPlugin } from './plugins/mediaTypeStatus.js';
import { apolloParseOptions, operationLimitsPlugin } from './plugins/operationLimits.js';
import {
  createSubgraphAgent,
  type IdentityContext,
  IdentityForwardingDataSource,
  SubgraphClient,
} from './subgraphClient/index.js';
import type { SubscriptionLimits } from './subscriptions/limits.js';
import { serveGatewaySubscriptions } from './subscriptions/server.js';

export interface GatewayOptions {
  logger: Logger;
  /** The supergraph SDL to serve. @default the committed schema/supergraph.graphql */
  supergraphSdl?: string;
  /** Per-subgraph URL overrides; a subgraph not named here uses the supergraph's URL. */
  subgraphUrls?: Partial<Record<SubgraphName | (string & {}), string>>;
  /** A subgraph call that takes longer fails with SUBGRAPH_UNAVAILABLE. @default 10000 */
  subgraphTimeoutMs?: number;
  /** Keep-alive sockets per subgraph origin (subgraphClient.ts). @default 16 */
  subgraphConnections?: number;
  /** Allow introspection and field suggestions ("Did you mean ...?"): both reveal the schema. @default false */
  introspection?: boolean;
  /** Serve GraphiQL on GET /graphql to browsers. @default the value of `introspection` */
  playground?: boolean;
  /** How bearer tokens are verified (the users service's JWKS, issuer, audience). */
  authentication: BearerAuthOptions;
  /** The key that signs the identity header subgraphs trust (`@switchyard/auth`). */
  internalKey: SigningKey;
  /** Limits of graphql-ws subscriptions on /graphql (subscriptions/limits.ts has the defaults). */
  subscriptions?: SubscriptionLimits;
  /**
   * Static limits on operations, over HTTP and graphql-ws (limits/operationLimits.ts has the
   * defaults); `false` turns them off (the benchmark's comparison; never in production). @default on
   */
  limits?: OperationLimitOptions | false;
  /** Largest request body, in bytes; above it: 413 REQUEST_TOO_LARGE. @default 1 MiB */
  bodyLimit?: number;
  /** What the gateway reads time from: when a WebSocket connection's bearer token expires. @default systemClock */
  clock?: Clock;
  /**
   * Demand control (plugins/costLimit.ts): every operation's estimated cost against its client's
   * per-query limit and bucket (`budget`), and `extensions.cost` on every response; `false` turns
   * it off. @default on, with the default profiles (cost/profiles.ts) and no bucket (per-query limit only)
   */
  cost?: (CostLimitOptions & { budget?: BudgetStore }) | false;
}

/** What a gateway request carries: who is asking, and the signed header for subgraph calls. */
export type GatewayContext = IdentityContext;

/**
 * The gateway: Apollo Server + @apollo/gateway over a static supergraph, subgraph calls through
 * keep-alive pools with a timeout, `/healthz`, `/readyz` (every subgraph ready), GraphiQL.
 * Built, not listening.
 */
export async function createGateway(options: GatewayOptions): Promise<GraphQLService<GatewayContext>> {
  // Fails closed: a security directive this gateway does not enforce stops it here, before
  // anything is opened.
  const requirements = readSecurityRequirements(options.supergraphSdl ?? readSupergraph());
  const timeoutMs = options.subgraphTimeoutMs ?? 10_000;
  const agent = createSubgraphAgent(options.subgraphConnections);
  const urls = new Map<string, string>();
  const dataSources = new Map<string, GraphQLDataSource>();
  // @apollo/gateway otherwise starts an OpenTelemetry meter at construction that probes cloud
  // metadata addresses (169.254.169.254, ...) and exports usage to Apollo's servers, and whose
  // shutdown waits on that export: a gateway here talks to its subgraphs and nothing else.
  // The gateway reads only this variable, at construction.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const signIdentity = createIdentitySigner(options.internalKey);
  const limits = options.limits === false ? undefined : resolveOperationLimits(options.limits);
  // Read once: the static limits use its list sizes, the cost plugin all of it.
  const costDirectives = readCostDirectives(requirements.executableSupergraph);
  const { listSizes } = costDirectives;
  const plans = new PlanResolutions();
  const authenticate = createBearerAuthenticator(options.authentication, (reason) =>
    options.logger.info({ reason: String(reason) }, 'refused a bearer token'),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: requirements.executableSupergraph,
    logger: options.logger,
    experimental_didResolveQueryPlan: plans.didResolveQueryPlan,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`supergraph names no URL for subgraph ${name}`);
      urls.set(name, target);
      const dataSource = new IdentityForwardingDataSource(
        new SubgraphClient({ name, url: target, timeoutMs, agent }),
        signIdentity,
      );
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  const cost =
    options.cost === false
      ? undefined
      : resolveCostPolicy({
          ...options.cost,
          directives: costDirectives,
          logger: options.logger,
        });
  const introspection = options.introspection ?? false;
  const playground = options.playground ?? introspection;
  // Loaded only when served: the renderer and its ~9 MB page are not needed in production.
  const page = playground ? (await import('./playground.js')).renderPlayground(GRAPHQL_PATH) : undefined;

  const service = await createGraphQLService<GatewayContext>({
    name: 'gateway',
    logger: options.logger,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    apollo: (plugins) =>
      new ApolloServer<GatewayContext>({
        gateway: new AuthorizingGateway(gateway, requirements, { plans, logger: options.logger }),
        ...(limits ? { parseOptions: apolloParseOptions(limits) } : {}),
        introspection,
        // Field suggestions ("Did you mean ...?") follow introspection: both reveal the schema.
        hideSchemaDetailsFromClientErrors: !introspection,
        includeStacktraceInErrorResponses: false,
        // Shutdown is ours (closeOnSignal): Apollo's own SIGTERM handler would race it and hang.
        stopOnTerminationSignals: false,
        formatError: maskingFormatError(options.logger),
        plugins: [
          ...plugins,
          ApolloServerPluginLandingPageDisabled(),
          // Before mediaTypeStatusPlugin: it renames the token limit's parse error, which that one reads.
          ...(limits ? [operationLimitsPlugin({ limits, listSizes })] : []),
          ...(cost ? [costLimitPlugin(cost)] : []),
          mediaTypeStatusPlugin(),
        ],
      }),
    context: async (request) => ({
      identity: { viewer: await authenticate(request.headers.authorization), clientIp: request.ip },
    }),
    readiness: async () => {
      // Ready when every subgraph says it is ready (the gateway itself is loaded once built).
      await Promise.all(
        [...urls].map(async ([name, url]) => {
          const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(2_000) });
          if (!response.ok) throw new Error(`subgraph ${name} is not ready (${response.status})`);
        }),
      );
    },
    ...(page ? { landingPage: page } : {}),
    // graphql-ws on the same /graphql; Fastify's preClose closes it before the HTTP server.
    routes: (app, apollo) => {
      serveGatewaySubscriptions(app, {
        apollo,
        logger: options.logger,
        requirements,
        authenticate,
        signIdentity,
        dataSources,
        ...(options.subgraphUrls ? { subgraphUrls: options.subgraphUrls } : {}),
        hideSchemaDetails: !introspection,
        ...(limits ? { operationLimits: { limits, listSizes } } : {}),
        ...(options.subscriptions ? { limits: options.subscriptions } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(cost ? { cost } : {}),
      });
    },
  });
  const close = service.close;
  return {
    ...service,
    async close() {
      await close();
      await agent.close();
      if (options.cost) await options.cost.budget?.close();
    },
  };
}
