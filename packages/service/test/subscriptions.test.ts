import { EventEmitter, on } from 'node:events';
import { createIdentitySigner, createIdentityVerifier, generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { parse } from 'graphql';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger, type GraphQLService, VIEWER_EXTENSION } from '../src/index.js';
import { createSubgraphService } from '../src/subgraphEntry.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { ping: String }
  type Subscription { changes: Change }
  type Change { viewer: String! contextNumber: Int! }
`);

describe('a subgraph with a Subscription type', () => {
  const emitter = new EventEmitter();
  let service: GraphQLService<{ viewer: string; contextNumber: number }>;
  let url: string;
  let sign: ReturnType<typeof createIdentitySigner>;
  let contexts = 0;

  beforeAll(async () => {
    const key = await importSigningKey(await generateSigningJwk());
    sign = createIdentitySigner(key);
    service = await createSubgraphService({
      name: 'changes',
      logger: createLogger('test', 'silent'),
      typeDefs,
      verifyIdentity: await createIdentityVerifier(key.publicKey),
      context: async (_request, identity) => ({
        viewer: identity.viewer ? `user:${identity.viewer.id}` : 'anonymous',
        contextNumber: ++contexts,
      }),
      resolvers: {
        Query: { ping: () => 'pong' },
        Subscription: { changes: { subscribe: () => on(emitter, 'change'), resolve: () => ({}) } },
        Change: {
          viewer: (_: unknown, __: unknown, context: { viewer: string }) => context.viewer,
          contextNumber: (_: unknown, __: unknown, context: { contextNumber: number }) => context.contextNumber,
        },
      },
    });
    url = `${(await service.listen(0)).replace(/^http/, 'ws')}/graphql`;
  });
  afterAll(() => service.close());

  async function firstTwo(extensions: Record<string, unknown>): Promise<FormattedExecutionResult[]> {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    const results: FormattedExecutionResult[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe(
        { query: 'subscription { changes { viewer contextNumber } }', extensions },
        {
          next: (result) => {
            results.push(result);
            if (results.length === 2) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    while (emitter.listenerCount('change') !== 1) await new Promise((r) => setTimeout(r, 5));
    emitter.emit('change');
    emitter.emit('change');
    await done;
    await client.dispose();
    // Completing the subscription ends its source (the listener goes).
    while (emitter.listenerCount('change') !== 0) await new Promise((r) => setTimeout(r, 5));
    return results;
  }

  it('serves graphql-ws on /graphql with the identity of each subscription and a fresh context per event', async () => {
    const token = await sign({ viewer: { id: 7, role: 'CUSTOMER', scopes: [] }, clientIp: null });
    const results = await firstTwo({ [VIEWER_EXTENSION]: token });
    expect(results.map((r) => (r.data as { changes: { viewer: string } }).changes.viewer)).toEqual([
      'user:7',
      'user:7',
    ]);
    // One context for the subscribe resolver, then one per event: loaders never outlive an event.
    const [a, b] = results.map((r) => (r.data as { changes: { contextNumber: number } }).changes.contextNumber);
    expect(b).toBe((a ?? 0) + 1);
  });

  it('serves a subscription with a forged identity as anonymous', async () => {
    const results = await firstTwo({ [VIEWER_EXTENSION]: 'forged.token.value' });
    expect(results.map((r) => (r.data as { changes: { viewer: string } }).changes.viewer)).toEqual([
      'anonymous',
      'anonymous',
    ]);
  });
});
