import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { Logger } from './logger.js';
import { createGraphQLService, type GraphQLService, maskingFormatError } from './service.js';

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
  /** A fresh context per request: the viewer and new DataLoaders. */
  context: (request: FastifyRequest) => Promise<TContext>;
  /** Throws when the service cannot serve (e.g. `SELECT 1` fails). */
  readiness?: () => Promise<void>;
  /** Allow introspection. @default true */
  introspection?: boolean;
}

/**
 * A federation subgraph on Fastify: `buildSubgraphSchema`, error masking, no landing page
 * (Apollo's loads from a CDN; the gateway serves the playground).
 */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Promise<GraphQLService<TContext>> {
  const schema = buildSubgraphSchema([
    { typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<TContext> },
  ]);
  return createGraphQLService<TContext>({
    name: options.name,
    logger: options.logger,
    apollo: (plugins) =>
      new ApolloServer<TContext>({
        schema,
        introspection: options.introspection ?? true,
        includeStacktraceInErrorResponses: false,
        formatError: maskingFormatError(options.logger),
        // Inline traces (ftv1) are for Apollo Studio, which we do not use; they cost CPU per field.
        plugins: [...plugins, ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
      }),
    context: (request) => options.context(request),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  });
}
