import { EventEmitter, on } from 'node:events';
import { createIdentitySigner, createIdentityVerifier, generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { collect, until, wsTestClient } from '@switchyard/testing';
import { parse } from 'graphql';
import type { FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    url = await service.listen(0);
  });
  afterAll(() => service.close());

  async function firstTwo(
    extensions: Record<string, unknown>,
  ): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>[]> {
    const { client, dispose } = wsTestClient(url);
    const sub = collect(client, { query: 'subscription { changes { viewer contextNumber } }', extensions });
    await until(() => emitter.listenerCount('change') === 1);
    emitter.emit('change');
    emitter.emit('change');
    const results = await sub.next(2);
    sub.stop();
    await dispose();
    // Completing the subscription ends its source (the listener goes).
    await until(() => emitter.listenerCount('change') === 0);
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

  it("refuses a document that does not parse or validate with Apollo Server's codes and the error's location", async () => {
    const { client, dispose } = wsTestClient(url);
    const broken = collect(client, 'subscription { changes {');
    const unknown = collect(client, 'subscription { chenges { viewer } }');
    await Promise.all([broken.ended, unknown.ended]);
    expect(broken.error).toEqual([
      expect.objectContaining({ locations: [{ line: 1, column: 25 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
    ]);
    expect(unknown.error).toEqual([
      expect.objectContaining({
        locations: [{ line: 1, column: 16 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    await dispose();
  });
});
