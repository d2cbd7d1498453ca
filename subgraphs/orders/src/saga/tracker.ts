/**
 * The sagas running in this process, by order id: one run per order at a time (a placement and a
 * recovery sweep never drive the same saga twice here), and a way to wait for them all.
 */
export function createSagaTracker() {
  const running = new Map<number, Promise<void>>();
  return {
    /** Runs `work` for `orderId`, or returns the run already in progress. */
    track(orderId: number, work: () => Promise<void>): Promise<void> {
      const existing = running.get(orderId);
      if (existing) return existing;
      const promise = work().finally(() => running.delete(orderId));
      running.set(orderId, promise);
      return promise;
    },
    isRunning: (orderId: number) => running.has(orderId),
    /** Waits for every run in progress (graceful shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type SagaTracker = ReturnType<typeof createSagaTracker>;
