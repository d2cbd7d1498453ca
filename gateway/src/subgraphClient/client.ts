import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { appError } from '@switchyard/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { dedupeRepresentations, expandEntities } from './representations.js';
import { Agent, type Dispatcher, request as dispatch } from './undici.js';

export interface SubgraphClientOptions {
  /** Subgraph name, reported in errors as `serviceName`. */
  name: string;
  url: string;
  /** A call with no answer after this long fails with SUBGRAPH_UNAVAILABLE (reason `timeout`). @default 10000 */
  timeoutMs: number;
  /** The keep-alive connection pool shared by all subgraph calls. */
  agent: Agent;
}

/** Sockets per subgraph origin unless configured (`SUBGRAPH_CONNECTIONS`). */
export const DEFAULT_SUBGRAPH_CONNECTIONS = 16;

/**
 * One keep-alive pool for every subgraph origin (undici keeps a pool per origin inside), at most
 * `connections` sockets each; further calls queue for a free socket. 16 is about what Apollo's
 * own fetcher allows (make-fetch-happen: 15 per origin). In the benchmark (issue 5: shop-viewer,
 * 50 client connections, subgraphs answering in ~1 ms) 16 kept ours' throughput and peaked ~5 MiB
 * lower than 32, and 32 ~20 MiB lower than 128. A subgraph that answers slowly needs more
 * sockets: at most `connections / latency` calls per second reach it from one gateway process
 * (16 sockets at 100 ms: 160 calls/s).
 */
export function createSubgraphAgent(connections = DEFAULT_SUBGRAPH_CONNECTIONS): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections });
}

/** What a data source answers (the type lives in @apollo/server-gateway-interface). */
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A subgraph's data source: a POST through undici's keep-alive pool (`dispatcher.request`), with
 * repeated entity representations sent once (representations.ts). A call that fails to connect, times out
 * or gets a non-2xx answer becomes SUBGRAPH_UNAVAILABLE at the fields that subgraph owns; 401 and
 * 403 become UNAUTHENTICATED and FORBIDDEN; the rest of the response is unaffected.
 *
 * It replaces Apollo's RemoteGraphQLDataSource (issue 5): per call, that one builds node-fetch
 * `Headers` and an unused node-fetch `Request` (whose constructor captures an `Error().stack`),
 * and fetch's WHATWG Request/Response/stream objects were ~15% of the gateway's CPU on the shop
 * page. It keeps what the gateway relies on: headers set on `request.http` by a wrapping data
 * source (the identity header) are sent, and a subgraph's `Cache-Control` restricts the
 * operation's cache policy as Apollo's does.
 */
export class SubgraphClient implements GraphQLDataSource {
  readonly #name: string;
  readonly #origin: string;
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #agent: Dispatcher;

  constructor(options: SubgraphClientOptions) {
    const url = new URL(options.url);
    this.#name = options.name;
    this.#origin = url.origin;
    this.#path = `${url.pathname}${url.search}`;
    this.#timeoutMs = options.timeoutMs;
    this.#agent = options.agent;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the constraint GraphQLDataSource declares
  async process<TContext extends Record<string, any>>(
    options: GraphQLDataSourceProcessOptions<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    for (const [name, value] of request.http?.headers ?? []) headers[name.toLowerCase()] = value;

    const representations = request.variables?.representations;
    const deduped = Array.isArray(representations) ? dedupeRepresentations(representations) : undefined;
    const variables = deduped ? { ...request.variables, representations: deduped.unique } : request.variables;
    const body = JSON.stringify({
      query: request.query,
      ...(variables ? { variables } : {}),
      ...(request.operationName ? { operationName: request.operationName } : {}),
      ...(request.extensions ? { extensions: request.extensions } : {}),
    });

    let response: GatewayGraphQLResponse;
    let cacheControl: string | undefined;
    try {
      const answer = await dispatch(this.#agent, {
        origin: this.#origin,
        path: this.#path,
        method: 'POST',
        headers,
        body,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      const text = await answer.body.text();
      const type = answer.headers['content-type'];
      const json =
        typeof type === 'string' &&
        (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'));
      if (answer.statusCode < 200 || answer.statusCode >= 300) throw this.#statusError(answer.statusCode, text);
      const parsed: unknown = json ? JSON.parse(text) : text;
      if (typeof parsed !== 'object' || parsed === null) {
        throw new Error(`Expected JSON response body, but received: ${text.slice(0, 200)}`);
      }
      response = parsed as GatewayGraphQLResponse;
      const header = answer.headers['cache-control'];
      cacheControl = typeof header === 'string' ? header : undefined;
    } catch (error) {
      throw this.#failure(error as Error);
    }

    if (deduped && Array.isArray(response.data?._entities)) {
      const expanded = expandEntities(
        deduped,
        response.data._entities as unknown[],
        response.errors as readonly GraphQLFormattedError[] | undefined,
      );
      response = {
        ...response,
        data: { ...response.data, _entities: expanded.entities },
        ...(expanded.errors ? { errors: expanded.errors } : {}),
      };
    }
    if ('incomingRequestContext' in options) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict(cacheHint(cacheControl));
    }
    return response;
  }

  #statusError(status: number, body: string): GraphQLError {
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : undefined;
    return new GraphQLError(`${status}: ${body.slice(0, 200)}`, {
      extensions: { ...(code ? { code } : {}), response: { status, body: body.slice(0, 1_000) } },
    });
  }

  #failure(error: Error): Error {
    if (
      error instanceof GraphQLError &&
      typeof error.extensions.code === 'string' &&
      error.extensions.code !== 'INTERNAL_SERVER_ERROR'
    ) {
      return error;
    }
    const code = (error as { code?: unknown }).code;
    const timedOut =
      error.name === 'TimeoutError' ||
      error.name === 'AbortError' ||
      (typeof code === 'string' && TIMEOUT_CODES.has(code));
    return appError(
      'SUBGRAPH_UNAVAILABLE',
      timedOut
        ? `Subgraph "${this.#name}" did not answer within ${this.#timeoutMs} ms`
        : `Subgraph "${this.#name}" could not be reached`,
      { serviceName: this.#name, timeoutMs: this.#timeoutMs, reason: timedOut ? 'timeout' : 'unreachable' },
    );
  }
}

/** A cache hint from a subgraph's Cache-Control, as Apollo's RemoteGraphQLDataSource reads it. */
function cacheHint(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
  if (!header) return hint;
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=');
    if (name === 'max-age' && value && /^[0-9]+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}
