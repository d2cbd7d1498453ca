import { ANONYMOUS, type IdentityVerifier, type RequestIdentity } from '@switchyard/auth';
import { appError, type ErrorCode } from '@switchyard/errors';
import type { FastifyInstance } from 'fastify';
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  parse,
  validate,
} from 'graphql';
import type { Logger } from './logger.js';
import { maskingFormatError } from './service.js';
import {
  serveGraphQLWebSocket,
  type WebSocketTransport,
  type WebSocketTransportOptions,
} from './webSocketTransport.js';

/**
 * The key of a subscribe message's `extensions` that carries the gateway-signed identity (the
 * WebSocket counterpart of the `x-switchyard-viewer` header). One gateway socket carries many
 * viewers' subscriptions, so identity travels per subscription, never per connection.
 */
export const VIEWER_EXTENSION = 'switchyardViewer';

/** `error` (graphql-js's, with its locations and path) under a registry code, as Apollo Server reports it. */
function coded(error: GraphQLError, code: ErrorCode): GraphQLError {
  const { extensions } = appError(code, error.message);
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, ...extensions },
  });
}

/**
 * Parses `query` (with graphql-js's `options`: the gateway's `maxTokens`); a syntax error comes
 * back with Apollo Server's code (GRAPHQL_PARSE_FAILED).
 */
export function parseDocument(
  query: string,
  options?: ParseOptions,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  try {
    return { document: parse(query, options) };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { errors: [coded(error, 'GRAPHQL_PARSE_FAILED')] };
  }
}

/** Validates `document`; its errors come back with Apollo Server's code (GRAPHQL_VALIDATION_FAILED). */
export function validateDocument(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  return validate(schema, document).map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED'));
}

/** Apollo Server's codes for a document that does not parse or validate (docs/errors.md). */
export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  const parsed = parseDocument(query);
  if ('errors' in parsed) return parsed;
  const errors = validateDocument(schema, parsed.document);
  return errors.length > 0 ? { errors } : parsed;
}

/**
 * Errors as HTTP responses show them: one without a code is INTERNAL_SERVER_ERROR, and those are
 * masked (the log gets the real error), as `maskingFormatError` does for Apollo Server.
 */
export function formatErrorsLikeHttp(logger: Logger) {
  const mask = maskingFormatError(logger);
  return (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      const known = typeof error.extensions.code === 'string';
      return mask((known ? error : coded(error, 'INTERNAL_SERVER_ERROR')).toJSON(), error);
    });
}

/** Formats a result's errors with `format`; the result itself when it has none. */
export function formatResult(
  result: ExecutionResult,
  format: (errors: readonly GraphQLError[]) => GraphQLFormattedError[],
): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors && errors.length > 0 ? { ...rest, errors: format(errors) } : (rest as FormattedExecutionResult);
}

/**
 * Maps a source stream to execution results, with `return()` passed straight to the source:
 * an async generator would only see `return()` after the source's next event, and a quiet
 * subscription would keep its source (a pub/sub listener) open until then.
 */
function mapStream<T, R>(source: AsyncIterable<T>, map: (value: T) => Promise<R>): AsyncGenerator<R, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const stream: AsyncGenerator<R, undefined> = {
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

export interface SubgraphSubscriptionOptions<TContext> extends WebSocketTransportOptions {
  schema: GraphQLSchema;
  /** Checks the gateway-signed identity in the subscribe message. @default none: anonymous */
  verifyIdentity?: IdentityVerifier;
  /**
   * The subgraph's context factory. Called once when a subscription starts (its `subscribe`
   * resolver gets that one) and once per event, so every event resolves with fresh DataLoaders
   * rather than values cached since the subscription began.
   */
  context: (identity: RequestIdentity) => Promise<TContext>;
}

/**
 * graphql-ws for a subgraph, on its HTTP server at `/graphql`: the gateway's upstream sockets.
 * Every subscription carries its own identity (`extensions[VIEWER_EXTENSION]`), verified like
 * the HTTP header; without a valid one it runs anonymous. Queries and mutations are served too
 * (graphql-ws allows them), with the same context.
 */
export function serveSubgraphSubscriptions<TContext>(
  app: FastifyInstance,
  options: SubgraphSubscriptionOptions<TContext>,
): WebSocketTransport {
  const { schema, logger } = options;
  const format = formatErrorsLikeHttp(logger);
  /** Per subscription's first context, how to make another for the same identity. */
  const freshContexts = new WeakMap<object, () => Promise<TContext>>();

  return serveGraphQLWebSocket(
    app,
    {
      async onSubscribe(_ctx, _id, payload) {
        const parsed = parseAndValidate(schema, payload.query);
        if ('errors' in parsed) return parsed.errors;
        const token = payload.extensions?.[VIEWER_EXTENSION];
        const verified = options.verifyIdentity
          ? await options.verifyIdentity(typeof token === 'string' ? token : undefined)
          : { ...ANONYMOUS, rejected: false };
        if (verified.rejected) logger.warn('refused a forged or expired subscription identity; serving as anonymous');
        const identity: RequestIdentity = { viewer: verified.viewer, clientIp: verified.clientIp };
        const contextValue = await options.context(identity);
        if (typeof contextValue === 'object' && contextValue !== null) {
          freshContexts.set(contextValue, () => options.context(identity));
        }
        const args: ExecutionArgs = {
          schema,
          document: parsed.document,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
          contextValue,
        };
        return args;
      },
      async subscribe(args) {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const fresh = freshContexts.get(args.contextValue as object);
        return mapStream(source, async (event) =>
          execute({ ...args, rootValue: event, contextValue: fresh ? await fresh() : args.contextValue }),
        );
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result, format),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    options,
  );
}
