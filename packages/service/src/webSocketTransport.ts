import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from './logger.js';
import { GRAPHQL_PATH } from './service.js';

/**
 * WebSocket close codes this transport sends besides graphql-ws's own (`CloseCode`: 4400 bad
 * request, 4401 unauthorized, 4403 forbidden, 4406 subprotocol, 4408 init timeout, 4409 duplicate
 * id, 4429 repeated connection_init, 4500 internal error). RFC 6455 section 7.4 / IANA registry.
 */
export const CLOSE_CODES = {
  /** The server is shutting down; reconnect elsewhere (graphql-ws clients retry it). */
  GOING_AWAY: 1001,
  /**
   * The client does not read fast enough: its unsent data went over the limit, so it is dropped
   * rather than buffered without bound. "Try again later": graphql-ws clients retry it (4429,
   * which graphql-ws reserves for a repeated connection_init, is fatal to them).
   */
  SLOW_CONSUMER: 1013,
  INTERNAL_ERROR: CloseCode.InternalServerError,
} as const;

export interface WebSocketTransportOptions {
  logger: Logger;
  /** Largest message a peer may send, in bytes; a bigger one closes the socket with 1009. @default 1 MiB (the HTTP body limit) */
  maxPayloadBytes?: number;
  /** Ping interval; a peer that has not answered the previous ping by the next one is cut. 0 disables. @default 12000 */
  keepAliveMs?: number;
  /**
   * Bytes a socket may have queued for sending (`bufferedAmount`) before a message; above it the
   * peer is a slow consumer and the socket is closed with 1013 (SLOW_CONSUMER). @default 4 MiB
   */
  maxBufferedBytes?: number;
  /** How long `close` waits for peers to finish the closing handshake before cutting them. @default 3000 */
  closeTimeoutMs?: number;
}

/** What graphql-ws hooks see in `ctx.extra`. */
export interface WebSocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Closes this socket as a slow consumer (1013); used by queues that overflow. */
  dropSlowConsumer(): void;
}

export interface WebSocketTransport {
  /** Open sockets. */
  readonly size: number;
  /** Stops accepting, closes every socket with 1001 and waits for their subscriptions to end. Idempotent. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: 404 | 503): void {
  const text = status === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves a graphql-ws server (`makeServer` options) on `app`'s HTTP server at `/graphql`: the
 * `upgrade` event, `ws` with `maxPayload`, keep-alive pings, a slow-consumer guard on every send,
 * and a close that Fastify runs before the HTTP server closes (`preClose`), so `app.close()`
 * waits for it. graphql-ws's `useServer` with these additions and with the service's logger.
 */
export function serveGraphQLWebSocket<P extends Record<string, unknown>>(
  app: FastifyInstance,
  server: ServerOptions<P, WebSocketExtra>,
  options: WebSocketTransportOptions,
): WebSocketTransport {
  const { logger } = options;
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const closeTimeoutMs = options.closeTimeoutMs ?? 3_000;
  const graphqlWs = makeServer<P, WebSocketExtra>(server);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });
  /** Per socket, the promise of graphql-ws's cleanup (subscriptions returned, hooks run). */
  const cleanups = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (closing) return refuseUpgrade(socket, 503);
    if (pathname !== GRAPHQL_PATH) return refuseUpgrade(socket, 404);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  app.server.on('upgrade', onUpgrade);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    let cutTimer: NodeJS.Timeout | undefined;
    const closeThenCut = (code: number, reason: string) => {
      if (socket.readyState === socket.CLOSED) return;
      socket.close(code, reason);
      // A peer that does not read will not answer the close frame either.
      cutTimer ??= setTimeout(() => socket.terminate(), closeTimeoutMs);
      cutTimer.unref();
    };
    const dropSlowConsumer = () => {
      if (socket.readyState !== socket.OPEN) return;
      logger.warn({ bufferedAmount: socket.bufferedAmount, maxBufferedBytes }, 'dropping a slow WebSocket consumer');
      closeThenCut(CLOSE_CODES.SLOW_CONSUMER, 'Slow consumer');
    };
    socket.on('error', (err) => {
      logger.warn({ err }, 'WebSocket error');
      closeThenCut(CLOSE_CODES.INTERNAL_ERROR, 'Internal server error');
    });

    let awaitingPong = false;
    const pinger =
      keepAliveMs > 0
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            if (awaitingPong) return socket.terminate();
            awaitingPong = true;
            socket.ping();
          }, keepAliveMs)
        : undefined;
    socket.on('pong', () => {
      awaitingPong = false;
    });

    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            if (socket.bufferedAmount + data.length > maxBufferedBytes) {
              dropSlowConsumer();
              return resolve();
            }
            // Resolves once handed to the kernel: graphql-ws awaits each send, so a subscription
            // waits for its previous message to leave before it sends the next.
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => closeThenCut(code ?? 1000, reason ?? ''),
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (err) {
              logger.error({ err }, 'graphql-ws message handling failed');
              closeThenCut(CLOSE_CODES.INTERNAL_ERROR, 'Internal server error');
            }
          }),
      },
      { socket, request, dropSlowConsumer },
    );
    socket.once('close', (code, reason) => {
      if (pinger) clearInterval(pinger);
      if (cutTimer) clearTimeout(cutTimer);
      const cleanup = closed(code, String(reason)).catch((err: unknown) =>
        logger.error({ err }, 'graphql-ws cleanup failed'),
      );
      cleanups.add(cleanup);
      void cleanup.finally(() => cleanups.delete(cleanup));
    });
  });

  const transport: WebSocketTransport = {
    get size() {
      return wss.clients.size;
    },
    close() {
      closing ??= (async () => {
        const sockets = [...wss.clients];
        await Promise.all(
          sockets.map(
            (socket) =>
              new Promise<void>((resolve) => {
                if (socket.readyState === socket.CLOSED) return resolve();
                socket.once('close', () => resolve());
                socket.close(CLOSE_CODES.GOING_AWAY, 'Going away');
                setTimeout(() => socket.terminate(), closeTimeoutMs).unref();
              }),
          ),
        );
        await Promise.all([...cleanups]);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        app.server.off('upgrade', onUpgrade);
      })();
      return closing;
    },
  };
  app.addHook('preClose', () => transport.close());
  return transport;
}
