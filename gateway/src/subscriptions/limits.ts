/** Limits of the gateway's graphql-ws endpoint; every one has a default (`resolveLimits`). */
export interface SubscriptionLimits {
  /**
   * Subscriptions one connection may hold at once; the next subscribe is answered with an error
   * message (SUBSCRIPTION_LIMIT_EXCEEDED) and the connection stays open. A query or mutation is
   * never refused by it, but counts while it runs. @default 50
   */
  maxSubscriptionsPerConnection?: number;
  /** Largest message a client may send, in bytes (`ws` maxPayload; above it: close 1009). @default 1 MiB, the HTTP body limit */
  maxPayloadBytes?: number;
  /**
   * Unsent bytes a client socket may hold before the next message (`bufferedAmount`); above it
   * the client is a slow consumer and is closed with 1013 (Try Again Later). @default 4 MiB
   */
  maxBufferedBytes?: number;
  /**
   * Results one subscription may have waiting to be sent (its client reads slower than events
   * come); one more closes the connection with 1013, as above. @default 64
   */
  maxQueuedResults?: number;
  /**
   * Upstream events a shared stream may have waiting while earlier ones still run the rest of
   * the plan (entity fetches); one more ends the stream with SUBSCRIPTION_BACKLOG_EXCEEDED.
   * @default 256
   */
  maxPendingEvents?: number;
  /** Time a client has to send `connection_init` after connecting (then: close 4408). @default 3000 */
  connectionInitTimeoutMs?: number;
  /** Ping interval for client and upstream sockets; an unanswered ping cuts the socket. @default 12000 */
  keepAliveMs?: number;
  /** Largest message accepted from a subgraph's socket, in bytes. @default 16 MiB */
  maxUpstreamPayloadBytes?: number;
  /** Times a stream resubscribes after its subgraph socket fails, with backoff; then SUBGRAPH_UNAVAILABLE. @default 5 */
  upstreamRetryAttempts?: number;
  /** How long shutdown waits for clients to answer the 1001 close before cutting them. @default 3000 */
  closeTimeoutMs?: number;
}

export type ResolvedSubscriptionLimits = Required<SubscriptionLimits>;

/** All the defaults, in one place. */
export function resolveLimits(limits: SubscriptionLimits = {}): ResolvedSubscriptionLimits {
  return {
    maxSubscriptionsPerConnection: limits.maxSubscriptionsPerConnection ?? 50,
    maxPayloadBytes: limits.maxPayloadBytes ?? 1024 * 1024,
    maxBufferedBytes: limits.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxQueuedResults: limits.maxQueuedResults ?? 64,
    maxPendingEvents: limits.maxPendingEvents ?? 256,
    connectionInitTimeoutMs: limits.connectionInitTimeoutMs ?? 3_000,
    keepAliveMs: limits.keepAliveMs ?? 12_000,
    maxUpstreamPayloadBytes: limits.maxUpstreamPayloadBytes ?? 16 * 1024 * 1024,
    upstreamRetryAttempts: limits.upstreamRetryAttempts ?? 5,
    closeTimeoutMs: limits.closeTimeoutMs ?? 3_000,
  };
}
