import type { ExecutionResult, GraphQLError } from 'graphql';

/**
 * One subscriber's results on their way to its socket: an async generator graphql-ws iterates
 * (and `return()`s when the client completes or disconnects). Bounded: a result pushed while
 * `max` wait means the client reads slower than events come, and `onOverflow` drops it, so a
 * slow consumer never grows the gateway's memory.
 */
export class ResultQueue implements AsyncGenerator<ExecutionResult, undefined> {
  readonly #items: ExecutionResult[] = [];
  readonly #max: number;
  readonly #onOverflow: () => void;
  readonly #onReturn: () => void;
  #waiting: ((step: IteratorResult<ExecutionResult, undefined>) => void) | undefined;
  #failWaiting: ((error: unknown) => void) | undefined;
  #ended = false;
  #error: GraphQLError | undefined;

  constructor(options: { max: number; onOverflow: () => void; onReturn: () => void }) {
    this.#max = options.max;
    this.#onOverflow = options.onOverflow;
    this.#onReturn = options.onReturn;
  }

  push(result: ExecutionResult): void {
    if (this.#ended) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = this.#failWaiting = undefined;
      resolve({ done: false, value: result });
      return;
    }
    if (this.#items.length >= this.#max) {
      this.#items.length = 0;
      this.#ended = true;
      this.#onOverflow();
      return;
    }
    this.#items.push(result);
  }

  /** Ends the queue after what it holds; with `error`, graphql-ws sends an error message then. */
  end(error?: GraphQLError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    if (this.#waiting) this.#settleWaiting();
  }

  next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const item = this.#items.shift();
    if (item) return Promise.resolve({ done: false, value: item });
    if (this.#ended) {
      if (this.#error) {
        const error = this.#error;
        this.#error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failWaiting = reject;
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.#ended = true;
    this.#items.length = 0;
    this.#error = undefined;
    if (this.#waiting) this.#settleWaiting();
    this.#onReturn();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #settleWaiting(): void {
    const resolve = this.#waiting;
    const reject = this.#failWaiting;
    this.#waiting = this.#failWaiting = undefined;
    if (this.#error && reject) {
      const error = this.#error;
      this.#error = undefined;
      reject(error);
    } else {
      resolve?.({ done: true, value: undefined });
    }
  }
}
