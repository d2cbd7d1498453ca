// graphql-ws helpers of the end-to-end tests: a client signed in through `connection_init`, and
// a subscription to an order's status whose events a test can wait for.
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { expect } from 'vitest';
import WebSocket from 'ws';

export const WATCH = /* GraphQL */ `
  subscription Watch($id: ID!, $after: Int) {
    orderStatusChanged(orderId: $id, afterVersion: $after) {
      status version reason reasonCode
      order { id customer { name } items { quantity product { name } } }
    }
  }
`;

export interface StatusEvent {
  status: string;
  version: number;
  reason: string | null;
  order: { id: string; customer: { name: string }; items: { quantity: number; product: { name: string } }[] };
}

/** A graphql-ws client for `gatewayUrl`, signed in with `token` (connection_init). */
export function wsClient(gatewayUrl: string, token?: string): Client {
  return createClient({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    ...(token ? { connectionParams: { authorization: `Bearer ${token}` } } : {}),
  });
}

/** Subscribes and collects; `next(n)` waits until n results arrived. */
export function watch(client: Client, variables: Record<string, unknown>) {
  const results: FormattedExecutionResult<{ orderStatusChanged: StatusEvent | null }, unknown>[] = [];
  let ended = false;
  let failure: unknown;
  const stop = client.subscribe<{ orderStatusChanged: StatusEvent | null }>(
    { query: WATCH, variables },
    {
      next: (result) => results.push(result),
      error: (error) => {
        failure = error;
        ended = true;
      },
      complete: () => {
        ended = true;
      },
    },
  );
  return {
    results,
    stop,
    statuses: () => results.map((r) => r.data?.orderStatusChanged?.status),
    async next(count: number, timeoutMs = 20_000) {
      await expect.poll(() => results.length >= count || ended, { timeout: timeoutMs, interval: 20 }).toBe(true);
      if (results.length < count)
        throw new Error(`stream ended after ${results.length}: ${JSON.stringify(failure ?? results)}`);
      return results.slice(0, count);
    },
    ended: () => ended,
    /** What the stream ended with: an error message's errors, or the first result's errors. */
    async errorCodes(timeoutMs = 10_000) {
      await expect.poll(() => ended || results.length > 0, { timeout: timeoutMs, interval: 20 }).toBe(true);
      const errors = (Array.isArray(failure) ? failure : (results[0]?.errors ?? [])) as {
        extensions?: { code?: string };
      }[];
      return errors.map((e) => e.extensions?.code);
    },
  };
}
