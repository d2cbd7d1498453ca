import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { appError, type ErrorCode } from '@switchyard/errors';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';

/** The request id header: taken from the caller when present, else generated; echoed back. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const GRAPHQL_PATH = '/graphql';

export interface GraphQLServiceOptions<TContext extends BaseContext> {
  /** Service name, for logs. */
  name: string;
  logger: Logger;
  /**
   * Builds the Apollo Server; include the given plugins (connection draining on shutdown).
   * Called once.
   */
  apollo: (plugins: ApolloServerPlugin<TContext>[]) => ApolloServer<TContext>;
  /** The per-request context: a fresh one per request (DataLoaders live here). */
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<TContext>;
  /** Throws when the service cannot serve (database down, gateway not loaded). @default always ready */
  readiness?: () => Promise<void>;
  /** Largest request body, in bytes. @default 1 MiB */
  bodyLimit?: number;
  /**
   * Adds routes of the service's own (metrics, graphql-ws, ...) before the server starts; gets the
   * started Apollo Server, so a route can run operations through it (`executeOperation`) with the
   * same plugins and limits as `/graphql`.
   */
  routes?: (app: FastifyInstance, apollo: ApolloServer<TContext>) => void | Promise<void>;
  /** HTML served on a browser's GET of /graphql without a query (the playground). */
  landingPage?: string;
}

/** A service that is built but not yet listening; `listen` then `close`. */
export interface GraphQLService<TContext extends BaseContext = BaseContext> {
  app: FastifyInstance;
  apollo: ApolloServer<TContext>;
  /** Listens on host:port (port 0 picks a free one) and resolves to `http://host:port`. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, drains in-flight requests, stops Apollo. Idempotent. */
  close(): Promise<void>;
}

/** What a process runner needs of a built service, whatever its context type. */
export type ServiceHandle = Pick<GraphQLService<never>, 'app' | 'listen' | 'close'>;

/**
 * Masks unexpected errors: anything without one of our codes reaches the client as
 * INTERNAL_SERVER_ERROR with no detail, and the log gets the real error.
 */
export function maskingFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
    const masked = appError('INTERNAL_SERVER_ERROR', 'Internal server error');
    return {
      message: masked.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: masked.extensions,
    };
  };
}

/**
 * Request logs: one line per request when it completes (method, url, status, time, request id),
 * not Fastify's two (incoming and completed); on the gateway's hot path the second line was
 * measurable CPU and said nothing the first does not.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTime: reply.elapsedTime,
        ...(error ? { err: error } : {}),
      },
      'request completed',
    );
  }
}

/** The largest request body when the service names none, in bytes (1 MiB). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** HTTP 413 Content Too Large (RFC 9110, 15.5.14): Fastify's answer to a body over `bodyLimit`. */
const CONTENT_TOO_LARGE = 413;

/**
 * Fastify's own refusals, before any route runs (a body over `bodyLimit`, malformed JSON, an
 * empty JSON body, a content-type it has no parser for), answered in the GraphQL-over-HTTP shape
 * `{"errors":[{"message","extensions":{"code"}}]}` with a registered code and Fastify's status,
 * instead of Fastify's `{statusCode,error,message}`: a GraphQL client reads `errors`.
 */
function graphqlShapedErrorHandler(logger: Logger, bodyLimit: number) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    let code: ErrorCode = 'BAD_REQUEST';
    let message = error.message;
    let details: Record<string, number> = {};
    if (status === CONTENT_TOO_LARGE) {
      code = 'REQUEST_TOO_LARGE';
      message = `The request body is larger than ${bodyLimit} bytes, the most this service reads.`;
      details = { max: bodyLimit };
    } else if (status >= 500) {
      logger.error({ err: error }, 'unexpected error');
      code = 'INTERNAL_SERVER_ERROR';
      message = 'Internal server error';
    }
    const { extensions } = appError(code, message, details);
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({ errors: [{ message, extensions }] });
  };
}

/** A browser navigating to /graphql (not a GET query, which carries `?query=`). */
function wantsHtml(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return !query?.query && (request.headers.accept ?? '').includes('text/html');
}

/** Fastify + Apollo Server with `/graphql`, `/healthz` and `/readyz`; nothing listens until `listen`. */
export async function createGraphQLService<TContext extends BaseContext>(
  options: GraphQLServiceOptions<TContext>,
): Promise<GraphQLService<TContext>> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new OneLinePerRequest(),
    bodyLimit,
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
  });
  const apollo = options.apollo([fastifyApolloDrainPlugin(app)]);
  await apollo.start();

  app.setErrorHandler(graphqlShapedErrorHandler(options.logger, bodyLimit));
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await options.readiness?.();
      return { status: 'ready' };
    } catch (error) {
      options.logger.warn({ err: error }, 'not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  await options.routes?.(app, apollo);
  const graphql = fastifyApolloHandler(apollo, { context: options.context });
  const landingPage = options.landingPage;
  app.route({
    url: GRAPHQL_PATH,
    method: ['GET', 'POST', 'OPTIONS'],
    handler(request, reply) {
      if (landingPage && request.method === 'GET' && wantsHtml(request)) {
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(landingPage);
      }
      return graphql.call(this, request, reply);
    },
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    apollo,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    close() {
      closing ??= (async () => {
        await app.close();
        await apollo.stop();
      })();
      return closing;
    },
  };
}
