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

/** The guards every socket gets: close-then-cut, the slow-consumer drop, keep-alive pings. */
interface SocketGuards {
  /** Sends the close frame, and cuts the socket if the peer has not closed `closeTimeoutMs` later. */
  closeThenCut(code: number, reason: string): void;
  /** Closes the socket as a slow consumer (1013). */
  dropSlowConsumer(): void;
  /** Sends `data` unless the socket holds more than `maxBufferedBytes` unsent (then: dropped). */
  send(data: string): Promise<void>;
  /** Stops the timers (the socket closed). */
  dispose(): void;
}

type Limits = Required<Omit<WebSocketTransportOptions, 'logger' | 'maxPayloadBytes'>>;

function guardSocket(socket: WebSocket, logger: Logger, limits: Limits): SocketGuards {
  let cutTimer: NodeJS.Timeout | undefined;
  const closeThenCut = (code: number, reason: string) => {
    if (socket.readyState === socket.CLOSED) return;
    socket.close(code, reason);
    // A peer that does not read will not answer the close frame either.
    cutTimer ??= setTimeout(() => socket.terminate(), limits.closeTimeoutMs);
    cutTimer.unref();
  };
  const dropSlowConsumer = () => {
    if (socket.readyState !== socket.OPEN) return;
    logger.warn(
      { bufferedAmount: socket.bufferedAmount, maxBufferedBytes: limits.maxBufferedBytes },
      'dropping a slow WebSocket consumer',
    );
    closeThenCut(CLOSE_CODES.SLOW_CONSUMER, 'Slow consumer');
  };
  socket.on('error', (err) => {
    logger.warn({ err }, 'WebSocket error');
    closeThenCut(CLOSE_CODES.INTERNAL_ERROR, 'Internal server error');
  });

  let awaitingPong = false;
  const pinger =
    limits.keepAliveMs > 0
      ? setInterval(() => {
          if (socket.readyState !== socket.OPEN) return;
          if (awaitingPong) return socket.terminate();
          awaitingPong = true;
          socket.ping();
        }, limits.keepAliveMs)
      : undefined;
  socket.on('pong', () => {
    awaitingPong = false;
  });

  return {
    closeThenCut,
    dropSlowConsumer,
    send: (data) =>
      new Promise<void>((resolve) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        if (socket.bufferedAmount + data.length > limits.maxBufferedBytes) {
          dropSlowConsumer();
          return resolve();
        }
        // Resolves once handed to the kernel: graphql-ws awaits each send, so a subscription
        // waits for its previous message to leave before it sends the next.
        socket.send(data, () => resolve());
      }),
    dispose() {
      if (pinger) clearInterval(pinger);
      if (cutTimer) clearTimeout(cutTimer);
    },
  };
}

/**
 * Hands a guarded socket to graphql-ws; when the socket closes, `onClosed` gets graphql-ws's
 * cleanup (subscriptions returned, hooks run), which shutdown waits for.
 */
function openProtocol<P extends Record<string, unknown>>(
  graphqlWs: ReturnType<typeof makeServer<P, WebSocketExtra>>,
  socket: WebSocket,
  request: IncomingMessage,
  guards: SocketGuards,
  logger: Logger,
  onClosed: (cleanup: Promise<void>) => void,
): void {
  const closed = graphqlWs.opened(
    {
      protocol: socket.protocol,
      send: guards.send,
      close: (code, reason) => guards.closeThenCut(code ?? 1000, reason ?? ''),
      onMessage: (handle) =>
        socket.on('message', async (message) => {
          try {
            await handle(String(message));
          } catch (err) {
            logger.error({ err }, 'graphql-ws message handling failed');
            guards.closeThenCut(CLOSE_CODES.INTERNAL_ERROR, 'Internal server error');
          }
        }),
    },
    { socket, request, dropSlowConsumer: guards.dropSlowConsumer },
  );
  socket.once('close', (code, reason) => {
    guards.dispose();
    onClosed(closed(code, String(reason)).catch((err: unknown) => logger.error({ err }, 'graphql-ws cleanup failed')));
  });
}

/** Closes every socket with 1001 (cutting those that do not answer in `closeTimeoutMs`) and waits for them. */
function closeSockets(sockets: Iterable<WebSocket>, closeTimeoutMs: number): Promise<void> {
  return Promise.all(
    [...sockets].map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(CLOSE_CODES.GOING_AWAY, 'Going away');
          setTimeout(() => socket.terminate(), closeTimeoutMs).unref();
        }),
    ),
  ).then(() => {});
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
  const limits: Limits = {
    keepAliveMs: options.keepAliveMs ?? 12_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    closeTimeoutMs: options.closeTimeoutMs ?? 3_000,
  };
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
    const guards = guardSocket(socket, logger, limits);
    openProtocol(graphqlWs, socket, request, guards, logger, (cleanup) => {
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
        await closeSockets(wss.clients, limits.closeTimeoutMs);
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
