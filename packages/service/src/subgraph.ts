import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { ANONYMOUS, type IdentityVerifier, type RequestIdentity, VIEWER_HEADER } from '@switchyard/auth';
import type { Queryable } from '@switchyard/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { Logger } from './logger.js';
import { createGraphQLService, type GraphQLService, maskingFormatError } from './service.js';
import { serveSubgraphSubscriptions } from './subscriptions.js';
import type { WebSocketTransportOptions } from './webSocketTransport.js';

export interface SubgraphServiceOptions<TContext extends BaseContext> {
  name: string;
  logger: Logger;
  /** The subgraph's SDL (from `@switchyard/schema`). */
  typeDefs: DocumentNode;
  /**
   * The subgraph's resolvers, typed by its generated `Resolvers` (codegen). Those types are
   * stricter than Apollo's resolver-map type and not assignable to it, hence `object` here.
   */
  resolvers: object;
  /**
   * A fresh context per request: the viewer (from `verifyIdentity`) and new DataLoaders. The
   * request is null for a subscription over WebSocket (called per subscription and per event).
   */
  context: (request: FastifyRequest | null, identity: RequestIdentity) => Promise<TContext>;
  /**
   * Checks the gateway's signed identity header. @default none: every request is anonymous (a
   * subgraph that does not know the gateway's key trusts no identity).
   */
  verifyIdentity?: IdentityVerifier;
  /** The subgraph's database: `/readyz` answers 503 while `SELECT 1` on it fails. @default none */
  db?: Pick<Queryable, 'query'>;
  /** Allow introspection (the gateway needs none). @default false */
  introspection?: boolean;
  /** Routes of the subgraph's own besides /graphql (the users service's JWKS). */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** graphql-ws limits, when the schema has a Subscription type (served on the same /graphql). */
  webSocket?: Omit<WebSocketTransportOptions, 'logger'>;
}

/**
 * A federation subgraph on Fastify: `buildSubgraphSchema`, error masking, no landing page
 * (Apollo's loads from a CDN; the gateway serves the playground).
 */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Promise<GraphQLService<TContext>> {
  const { db } = options;
  const schema = buildSubgraphSchema([
    { typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<TContext> },
  ]);
  return createGraphQLService<TContext>({
    name: options.name,
    logger: options.logger,
    apollo: (plugins) =>
      new ApolloServer<TContext>({
        schema,
        introspection: options.introspection ?? false,
        includeStacktraceInErrorResponses: false,
        // Shutdown is ours (closeOnSignal): Apollo's own SIGTERM handler would race it and hang.
        stopOnTerminationSignals: false,
        formatError: maskingFormatError(options.logger),
        // Inline traces (ftv1) are for Apollo Studio, which we do not use; they cost CPU per field.
        plugins: [...plugins, ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
      }),
    context: async (request) => {
      const identity = options.verifyIdentity
        ? await options.verifyIdentity(request.headers[VIEWER_HEADER])
        : ANONYMOUS;
      if ('rejected' in identity && identity.rejected) {
        options.logger.warn({ reqId: request.id }, 'refused a forged or expired identity header; serving as anonymous');
      }
      // Without a gateway-vouched address, the best we know is the peer's.
      return options.context(request, { viewer: identity.viewer, clientIp: identity.clientIp ?? request.ip });
    },
    ...(db ? { readiness: async () => void (await db.query('SELECT 1')) } : {}),
    async routes(app) {
      await options.routes?.(app);
      if (!schema.getSubscriptionType()) return;
      // Closed by Fastify's preClose, before the HTTP server: `close()` waits for it.
      serveSubgraphSubscriptions<TContext>(app, {
        ...options.webSocket,
        logger: options.logger,
        schema,
        ...(options.verifyIdentity ? { verifyIdentity: options.verifyIdentity } : {}),
        context: (identity) => options.context(null, identity),
      });
    },
  });
}
