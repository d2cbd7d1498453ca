import { AsyncQueue, type Logger } from '@switchyard/service';
import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { backlogExceeded, internalError, subgraphUnavailable } from './errors.js';
import type { UpstreamPool } from './upstream.js';

/** What a shared stream subscribes to upstream and how it turns events into results. */
export interface StreamSource {
  /** Equal for identical subscriptions (document, variables, viewer): they share one stream. */
  key: string;
  serviceName: string;
  /** The subgraph's HTTP GraphQL URL. */
  url: string;
  /** The upstream subscribe message's payload, with a freshly signed identity (per attempt). */
  payload: () => Promise<SubscribePayload>;
  /** Resolves an upstream event into the client's result (the rest of the plan). */
  resolve: (event: FormattedExecutionResult) => Promise<ExecutionResult>;
}

export interface HubOptions {
  pool: UpstreamPool;
  logger: Logger;
  /** Events a stream may have waiting to be resolved. */
  maxPendingEvents: number;
  /** Resubscriptions after a socket failure before the stream fails. */
  retryAttempts: number;
}

/** A stream that has run this long without failing starts its retry count afresh. */
const STABLE_AFTER_MS = 30_000;

function backoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
}

/** The first upstream error, as the error that ends the stream (codes kept; formatting masks the rest). */
function fromUpstream(errors: readonly GraphQLFormattedError[]): GraphQLError {
  const first = errors[0];
  return new GraphQLError(first?.message ?? 'The subgraph refused the subscription', {
    extensions: first?.extensions ?? {},
  });
}

/**
 * One upstream subscription fanned out to every identical subscriber. Events are resolved one
 * at a time, in order, once for all subscribers; a subscriber that joins late first gets the
 * latest result, so a subscription whose first message is the current state gives it to every
 * subscriber. Ends when its last subscriber leaves, when the subgraph completes or refuses, or
 * after `retryAttempts` failed resubscriptions.
 */
class SharedStream {
  readonly subscribers = new Set<AsyncQueue<ExecutionResult>>();
  #latest: ExecutionResult | undefined;
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #subscribedAt = 0;
  #ended = false;

  constructor(
    private readonly source: StreamSource,
    private readonly options: HubOptions,
    private readonly onEnded: () => void,
  ) {}

  start(): void {
    void this.#connect();
  }

  add(queue: AsyncQueue<ExecutionResult>): void {
    this.subscribers.add(queue);
    if (this.#latest) queue.push(this.#latest);
  }

  remove(queue: AsyncQueue<ExecutionResult>): void {
    this.subscribers.delete(queue);
    if (this.subscribers.size === 0) this.end();
  }

  /** Stops the upstream subscription and ends every subscriber's queue (with `error`, if given). */
  end(error?: GraphQLError): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const queue of this.subscribers) queue.end(error);
    this.subscribers.clear();
    this.onEnded();
  }

  async #connect(): Promise<void> {
    let payload: SubscribePayload;
    try {
      payload = await this.source.payload();
    } catch (err) {
      this.options.logger.error({ err }, 'could not prepare an upstream subscription');
      this.end(internalError());
      return;
    }
    if (this.#ended) return;
    this.#subscribedAt = Date.now();
    this.#unsubscribe = this.options.pool.subscribe(this.source.url, payload, {
      next: (event) => this.#onEvent(event),
      error: (error) => this.#onError(error),
      complete: () => this.#afterPending(() => this.end()),
    });
  }

  #onEvent(event: FormattedExecutionResult): void {
    if (this.#ended) return;
    if (this.#pending >= this.options.maxPendingEvents) {
      this.options.logger.warn({ serviceName: this.source.serviceName }, 'subscription backlog exceeded');
      this.end(backlogExceeded(this.options.maxPendingEvents));
      return;
    }
    this.#pending++;
    this.#chain = this.#chain.then(async () => {
      let result: ExecutionResult;
      try {
        result = await this.source.resolve(event);
      } catch (err) {
        this.options.logger.error({ err }, 'resolving a subscription event failed');
        result = { data: null, errors: [internalError()] };
      }
      this.#pending--;
      if (this.#ended) return;
      this.#latest = result;
      for (const queue of this.subscribers) queue.push(result);
    });
  }

  #onError(error: unknown): void {
    this.#unsubscribe = undefined;
    if (this.#ended) return;
    // An `error` message: the subgraph refused the operation; asking again would not change that.
    if (Array.isArray(error)) {
      this.#afterPending(() => this.end(fromUpstream(error)));
      return;
    }
    if (Date.now() - this.#subscribedAt > STABLE_AFTER_MS) this.#attempts = 0;
    const { serviceName } = this.source;
    if (this.#attempts >= this.options.retryAttempts) {
      this.options.logger.warn({ serviceName, attempts: this.#attempts }, 'giving up on a subgraph subscription');
      this.#afterPending(() => this.end(subgraphUnavailable(serviceName, this.#attempts + 1)));
      return;
    }
    this.#attempts++;
    const delay = backoffMs(this.#attempts);
    this.options.logger.info({ serviceName, attempt: this.#attempts, delay }, 'resubscribing to a subgraph');
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, delay);
    this.#retryTimer.unref();
  }

  /** Runs `then` after the events already received have been delivered. */
  #afterPending(then: () => void): void {
    this.#chain = this.#chain.then(then);
  }
}

/**
 * The gateway's subscriptions, by identity: identical ones (same document, variables and viewer)
 * share one upstream stream, so N subscribers to one order's status cost one subgraph
 * subscription and one resolution of the rest of the plan per event.
 */
export class SubscriptionHub {
  readonly #streams = new Map<string, SharedStream>();

  constructor(private readonly options: HubOptions) {}

  /** Upstream streams open now (for tests and metrics). */
  get size(): number {
    return this.#streams.size;
  }

  /**
   * A queue of `source`'s results for one subscriber, joining its stream or starting it.
   * `maxQueued` and `onOverflow` bound the queue (a slow consumer).
   */
  subscribe(source: StreamSource, limits: { maxQueued: number; onOverflow: () => void }): AsyncQueue<ExecutionResult> {
    let stream = this.#streams.get(source.key);
    const isNew = !stream;
    if (!stream) {
      const created: SharedStream = new SharedStream(source, this.options, () => {
        if (this.#streams.get(source.key) === created) this.#streams.delete(source.key);
      });
      this.#streams.set(source.key, created);
      stream = created;
    }
    const joined = stream;
    const queue = new AsyncQueue<ExecutionResult>({
      max: limits.maxQueued,
      onOverflow: limits.onOverflow,
      onReturn: () => joined.remove(queue),
    });
    joined.add(queue);
    if (isNew) joined.start();
    return queue;
  }

  /** Ends every stream (their subscribers complete). */
  close(): void {
    for (const stream of [...this.#streams.values()]) stream.end();
  }
}
