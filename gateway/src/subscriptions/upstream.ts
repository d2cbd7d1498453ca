import type { Logger } from '@switchyard/service';
import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient, type Sink, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamPoolOptions {
  logger: Logger;
  /** Ping interval; a subgraph socket that has not answered the previous ping is cut. */
  keepAliveMs: number;
  /** Largest message accepted from a subgraph. */
  maxPayloadBytes: number;
}

/** The ws:// URL of a subgraph's graphql-ws endpoint: its HTTP GraphQL URL with the ws scheme. */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * One graphql-ws client per subgraph URL, shared by every subscription to it (multiplexed: each
 * subscription carries its own viewer). Opened on first use, closed a second after its last
 * subscription ends. A client does not retry by itself (`retryAttempts: 0`): a subscription
 * whose socket fails gets the error and resubscribes with a freshly signed identity (hub.ts),
 * where graphql-ws's own retry would resend the first, by then possibly expired, one.
 */
export class UpstreamPool {
  readonly #clients = new Map<string, Client>();
  readonly #options: UpstreamPoolOptions;
  #closed = false;

  constructor(options: UpstreamPoolOptions) {
    this.#options = options;
  }

  /** Subscribes on the subgraph at `httpUrl`; returns the unsubscribe. */
  subscribe(httpUrl: string, payload: SubscribePayload, sink: Sink<FormattedExecutionResult>): () => void {
    if (this.#closed) {
      sink.error(new Error('the upstream pool is closed'));
      return () => {};
    }
    return this.#client(httpUrl).subscribe(payload, sink);
  }

  /** Closes every subgraph socket. */
  async close(): Promise<void> {
    this.#closed = true;
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((client) => client.dispose()));
  }

  #client(httpUrl: string): Client {
    const existing = this.#clients.get(httpUrl);
    if (existing) return existing;
    const { logger, keepAliveMs, maxPayloadBytes } = this.#options;
    const url = webSocketUrl(httpUrl);
    // graphql-ws constructs the socket as `new impl(url, protocol)`: the options ride in here.
    class LimitedWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { maxPayload: maxPayloadBytes });
      }
    }
    const client = createClient({
      url,
      webSocketImpl: LimitedWebSocket,
      lazy: true,
      lazyCloseTimeout: 1_000,
      retryAttempts: 0,
      connectionAckWaitTimeout: 10_000,
      on: {
        opened: (socket) => heartbeat(socket as WebSocket, keepAliveMs),
        closed: (event) => {
          const { code, reason } = event as { code?: number; reason?: string };
          if (code !== 1000) logger.warn({ url, code, reason }, 'subgraph subscription socket closed');
        },
        error: (err) => logger.warn({ url, err }, 'subgraph subscription socket failed'),
      },
    });
    this.#clients.set(httpUrl, client);
    return client;
  }
}

/** Pings the subgraph; no pong by the next ping (a half-open connection) cuts the socket. */
function heartbeat(socket: WebSocket, intervalMs: number): void {
  if (intervalMs <= 0) return;
  let awaitingPong = false;
  const timer = setInterval(() => {
    if (awaitingPong) return socket.terminate();
    awaitingPong = true;
    socket.ping();
  }, intervalMs);
  timer.unref();
  socket.on('pong', () => {
    awaitingPong = false;
  });
  socket.once('close', () => clearInterval(timer));
}
