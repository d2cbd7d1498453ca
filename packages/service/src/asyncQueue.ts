/**
 * The one bounded async queue of the platform: a producer pushes, one consumer iterates (graphql-ws
 * iterates it as a subscription's result stream and `return()`s it when the client leaves).
 *
 * Written by hand rather than taken from a library, for two reasons found in the code and docs of
 * @repeaterjs/repeater 3.1.0 (the well-kept candidate, used by graphql-tools and envelop): it
 * starts its executor only on the consumer's first `next()`, so values pushed before graphql-ws
 * starts iterating (a late subscriber's first message, the current state) would have nowhere to go; and its bound is a
 * pending-push limit of 1,024 that throws, where a slow consumer here must be dropped at a bound
 * we choose, at once, without growing memory until then.
 */
export interface AsyncQueueOptions {
  /** Items that may wait for the consumer; a push that finds this many waiting overflows. */
  max: number;
  /**
   * Called once when the queue overflows. The queue then ends at once: what it held is dropped
   * (the consumer is too slow to keep), and its next `next()` rejects with `overflowError()` when
   * given, else completes.
   */
  onOverflow?: () => void;
  /** The error the consumer gets after an overflow. @default none: the stream just completes */
  overflowError?: () => unknown;
  /** Called once when the consumer stops reading (`return()` or `throw()`). */
  onReturn?: () => void;
}

export class AsyncQueue<T> implements AsyncGenerator<T, undefined> {
  readonly #items: T[] = [];
  readonly #options: AsyncQueueOptions;
  #waiting: { resolve: (step: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void } | undefined;
  #ended = false;
  #returned = false;
  #error: { value: unknown } | undefined;

  constructor(options: AsyncQueueOptions) {
    this.#options = options;
  }

  /** True once `end`, an overflow or `return()` ended the queue. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Items waiting for the consumer. */
  get size(): number {
    return this.#items.length;
  }

  /** Hands `item` to a waiting consumer or queues it; ignored once the queue has ended. */
  push(item: T): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting.resolve({ done: false, value: item });
      return;
    }
    if (this.#items.length >= this.#options.max) {
      this.#items.length = 0;
      const error = this.#options.overflowError;
      this.end(error ? error() : undefined);
      this.#options.onOverflow?.();
      return;
    }
    this.#items.push(item);
  }

  /** Ends the queue after what it holds; with `error`, the consumer's next read after them rejects with it. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (error !== undefined) this.#error = { value: error };
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = undefined;
    this.#settle(waiting);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.#items.shift() as T });
    if (this.#ended) {
      return new Promise((resolve, reject) => this.#settle({ resolve, reject }));
    }
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    this.#items.length = 0;
    this.#error = undefined;
    this.end();
    if (!this.#returned) {
      this.#returned = true;
      this.#options.onReturn?.();
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Completes a read on the ended queue: its error once, then done. */
  #settle(read: { resolve: (step: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void }): void {
    const error = this.#error;
    this.#error = undefined;
    if (error) read.reject(error.value);
    else read.resolve({ done: true, value: undefined });
  }
}
