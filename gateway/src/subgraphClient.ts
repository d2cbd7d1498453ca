import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { appError } from '@switchyard/errors';
import { GraphQLError } from 'graphql';
import { Agent, fetch } from 'undici';

export interface SubgraphClientOptions {
  /** Subgraph name, reported in errors as `serviceName`. */
  name: string;
  url: string;
  /** Abort a call after this long. @default 10000 */
  timeoutMs: number;
  /** The keep-alive connection pool shared by all subgraph calls. */
  agent: Agent;
}

/** One keep-alive pool for every subgraph origin (undici keeps a pool per origin inside). */
export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
}

/**
 * A subgraph's data source: Apollo's RemoteGraphQLDataSource with an undici keep-alive fetcher
 * and a timeout (its default fetcher has none, STACK.md). A call that fails to connect, times out
 * or gets a non-2xx answer becomes SUBGRAPH_UNAVAILABLE at the fields that subgraph owns; the
 * rest of the response is unaffected.
 */
export class SubgraphClient extends RemoteGraphQLDataSource {
  readonly #name: string;
  readonly #timeoutMs: number;

  constructor(options: SubgraphClientOptions) {
    const fetcher: Fetcher = (input, init) =>
      fetch(input, {
        ...(init as object),
        dispatcher: options.agent,
        signal: AbortSignal.timeout(options.timeoutMs),
      }) as unknown as ReturnType<Fetcher>;
    super({ url: options.url, fetcher });
    this.#name = options.name;
    this.#timeoutMs = options.timeoutMs;
  }

  // The hook Apollo calls before rethrowing a failed call; throwing here replaces the error.
  override didEncounterError(error: Error): void {
    if (
      error instanceof GraphQLError &&
      typeof error.extensions.code === 'string' &&
      error.extensions.code !== 'INTERNAL_SERVER_ERROR'
    ) {
      throw error;
    }
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    throw appError(
      'SUBGRAPH_UNAVAILABLE',
      timedOut
        ? `Subgraph "${this.#name}" did not answer within ${this.#timeoutMs} ms`
        : `Subgraph "${this.#name}" could not be reached`,
      { serviceName: this.#name, timeoutMs: this.#timeoutMs, reason: timedOut ? 'timeout' : 'unreachable' },
    );
  }
}
