import { AsyncQueue } from '@switchyard/service';
import { type OrderStatus, TERMINAL_STATUSES } from '../domain/order.js';
import { statusChangeOf } from '../orderCommands.js';
import type { EventStore } from '../store/eventStore.js';
import type { StatusBus, StatusChange, Unsubscribe } from './bus.js';

/** Live messages held for a consumer that does not keep up; beyond it the stream ends with an error. */
const MAX_BUFFERED = 1000;

export interface StatusStreamOptions {
  orderId: number;
  bus: StatusBus;
  store: EventStore;
  /** Replay every status change after this version from the store, instead of the current state. */
  afterVersion: number | null;
  /** The order's current status (read before the stream starts), for the first message. */
  current: () => Promise<StatusChange | null>;
}

/**
 * One subscriber's stream of an order's status changes. It subscribes to the bus first and buffers,
 * then reads the store (the current state, or the changes after `afterVersion`), then goes live:
 * every message has a higher version than the one before, so nothing is sent twice, and a live
 * message that skips versions makes the stream read the skipped status changes from the store
 * first (a publish lost or overtaken on the way), so nothing is missed. Ends after a terminal
 * status (DELIVERED, CANCELLED). The messages wait in the platform's one bounded queue
 * (`AsyncQueue`, @switchyard/service) rather than an async generator: `return()` must unsubscribe at
 * once, even while waiting for the next change.
 */
export class StatusStream implements AsyncIterableIterator<StatusChange> {
  private readonly queue: AsyncQueue<StatusChange>;
  private last = 0;
  private ended = false;
  private unsubscribe: Unsubscribe | null = null;
  /** Live changes arriving before the initial read finished, or while a gap is filled: in order. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly options: StatusStreamOptions) {
    this.queue = new AsyncQueue<StatusChange>({
      max: MAX_BUFFERED,
      overflowError: () =>
        new Error(`order ${options.orderId}: the subscriber fell ${MAX_BUFFERED} status changes behind`),
      onOverflow: () => this.finish(),
    });
  }

  /** Subscribes, reads the store, and returns the stream with its first messages queued. */
  static async open(options: StatusStreamOptions): Promise<StatusStream> {
    const stream = new StatusStream(options);
    let release = () => {};
    const initialDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    stream.chain = initialDone;
    stream.unsubscribe = await options.bus.subscribe(options.orderId, (change) => stream.onLive(change));
    try {
      if (options.afterVersion === null) {
        const current = await options.current();
        if (current) stream.push(current);
      } else {
        stream.last = options.afterVersion;
        await stream.fillFromStore();
      }
    } catch (error) {
      stream.close();
      throw error;
    } finally {
      release();
    }
    return stream;
  }

  private onLive(change: StatusChange): void {
    this.chain = this.chain
      .then(async () => {
        if (this.ended || change.version <= this.last) return;
        if (change.version > this.last + 1) await this.fillFromStore(change.version);
        if (change.version > this.last) this.push(change);
      })
      .catch((error: unknown) => this.fail(error));
  }

  /** Queues the status changes in the store after `last` (up to `upTo` when given). */
  private async fillFromStore(upTo?: number): Promise<void> {
    const events = await this.options.store.loadStatusChangesAfter(this.options.orderId, this.last);
    for (const event of events) {
      if (upTo !== undefined && event.version > upTo) break;
      const change = statusChangeOf(event);
      if (change && !this.ended) this.push(change);
    }
  }

  private push(change: StatusChange): void {
    if (this.ended || change.version <= this.last) return;
    this.last = change.version;
    this.queue.push(change);
    if (TERMINAL_STATUSES.has(change.status as OrderStatus)) {
      this.finish();
      this.queue.end();
    }
  }

  /** No more messages after the queued ones: the bus listener goes. */
  private finish(): void {
    this.ended = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.finish();
    this.queue.end(error);
  }

  private close(): void {
    this.finish();
    void this.queue.return();
  }

  next(): Promise<IteratorResult<StatusChange>> {
    return this.queue.next();
  }

  return(): Promise<IteratorResult<StatusChange>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<StatusChange>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
