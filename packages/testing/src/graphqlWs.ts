import { type Client, createClient, type FormattedExecutionResult, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import { until } from './until.js';

/**
 * graphql-ws helpers of the tests (and the subscription benchmark): a real client over `ws` on
 * 127.0.0.1 that never retries, so close codes reach the test, and a subscription recorder.
 */

/** The order-status subscription of the end-to-end tests: fields from orders, users and products. */
export const ORDER_WATCH = /* GraphQL */ `
  subscription Watch($id: ID!, $after: Int) {
    orderStatusChanged(orderId: $id, afterVersion: $after) {
      status version reason reasonCode
      order { id customer { name } items { quantity product { name } } }
    }
  }
`;

/** One event of `ORDER_WATCH`. */
export interface OrderStatusEvent {
  status: string;
  version: number;
  reason: string | null;
  reasonCode: string | null;
  order: { id: string; customer: { name: string }; items: { quantity: number; product: { name: string } }[] };
}

export interface WsClientOptions {
  /** A bearer token, sent as `authorization: "Bearer <token>"` in connection_init. */
  token?: string;
  /** The whole `authorization` connection parameter (for malformed ones); wins over `token`. */
  authorization?: string;
  /** Connect on the first subscribe rather than at once. @default true */
  lazy?: boolean;
}

export interface WsTestClient {
  client: Client;
  /** Close codes this client's sockets saw, in order. */
  closes: number[];
  dispose(): Promise<void>;
}

/** `url` (http(s)://host:port, a service's base URL) as its graphql-ws endpoint. */
export function graphqlWsUrl(url: string): string {
  return `${url.replace(/^http/, 'ws').replace(/\/$/, '')}/graphql`;
}

/** A graphql-ws client for the service at `url` that never retries and records its close codes. */
export function wsTestClient(url: string, options: WsClientOptions = {}): WsTestClient {
  const closes: number[] = [];
  const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  const client = createClient({
    url: graphqlWsUrl(url),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    ...(authorization ? { connectionParams: { authorization } } : {}),
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return {
    client,
    closes,
    async dispose() {
      await client.dispose();
    },
  };
}

export interface Collected<TData = Record<string, unknown>> {
  results: FormattedExecutionResult<TData, unknown>[];
  /** What an error message or a socket close ended the operation with. */
  error: unknown;
  completed: boolean;
  /** Resolves when the operation ends, however it ends. */
  ended: Promise<void>;
  /** True once the operation ended. */
  isEnded(): boolean;
  /** Completes the operation from the client's side. */
  stop(): void;
  /** Waits until `count` results arrived (rejects if the operation ends first); returns them. */
  next(count: number, timeoutMs?: number): Promise<FormattedExecutionResult<TData, unknown>[]>;
  /** Waits for the operation to end or answer; the codes of its error message, or of its first result's errors. */
  errorCodes(timeoutMs?: number): Promise<(string | undefined)[]>;
}

/** Subscribes (any operation: graphql-ws serves queries too) and records all the server sends for it. */
export function collect<TData = Record<string, unknown>>(
  client: Client,
  operation: string | SubscribePayload,
  variables: Record<string, unknown> = {},
): Collected<TData> {
  const payload = typeof operation === 'string' ? { query: operation, variables } : operation;
  let ended = false;
  let end: () => void = () => {};
  const collected: Collected<TData> = {
    results: [],
    error: undefined,
    completed: false,
    ended: new Promise<void>((resolve) => {
      end = () => {
        ended = true;
        resolve();
      };
    }),
    isEnded: () => ended,
    stop: () => {},
    async next(count, timeoutMs = 20_000) {
      await until(() => collected.results.length >= count || ended, { timeoutMs });
      if (collected.results.length < count) {
        throw new Error(
          `ended after ${collected.results.length} results: ${JSON.stringify(collected.error ?? collected.results)}`,
        );
      }
      return collected.results.slice(0, count);
    },
    async errorCodes(timeoutMs = 10_000) {
      await until(() => ended || collected.results.length > 0, { timeoutMs });
      const errors = (Array.isArray(collected.error) ? collected.error : (collected.results[0]?.errors ?? [])) as {
        extensions?: { code?: string };
      }[];
      return errors.map((e) => e.extensions?.code);
    },
  };
  collected.stop = client.subscribe<TData>(payload, {
    next: (result) => collected.results.push(result),
    error: (error) => {
      collected.error = error;
      end();
    },
    complete: () => {
      collected.completed = true;
      end();
    },
  });
  return collected;
}
