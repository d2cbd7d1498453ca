import { EventEmitter, on } from 'node:events';
import { composeServices } from '@apollo/composition';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { collect, type WsTestClient, wsTestClient } from '@switchyard/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index.js';
import { TEST_AUTHENTICATION } from '../federation/fixture.js';
import { fakeBudget } from './fakeBudget.js';

const logger = createLogger('test', 'silent');

// One subgraph whose subscription events carry a list the tests size.
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
  type Query { ping: String }
  type Subscription { ticks(channel: String!): Tick }
  type Tick { id: ID! items(first: Int = 5): [Item!]! @listSize(slicingArguments: ["first"]) }
  type Item { id: ID! }
`);

describe('the cost of subscriptions through the gateway', () => {
  const closing: ServiceHandle[] = [];
  const clients: WsTestClient[] = [];
  const emitter = new EventEmitter();
  const budget = fakeBudget(0);
  let upstreamSubscribes = 0;
  let gatewayUrl: string;

  const client = () => {
    const created = wsTestClient(gatewayUrl);
    clients.push(created);
    return created.client;
  };
  const tick = (channel: string, items: number) =>
    emitter.emit(channel, { id: channel, items: Array.from({ length: items }, (_, i) => ({ id: String(i) })) });

  beforeAll(async () => {
    const ticks = await createSubgraphService({
      name: 'ticks',
      logger,
      typeDefs,
      context: async () => ({}),
      resolvers: {
        Query: { ping: () => 'pong' },
        Subscription: {
          ticks: {
            subscribe: (_: unknown, { channel }: { channel: string }) => {
              upstreamSubscribes++;
              return on(emitter, channel);
            },
            resolve: ([payload]: [unknown]) => payload,
          },
        },
      },
    });
    closing.push(ticks);
    const ticksUrl = await ticks.listen(0);
    const composed = composeServices([{ name: 'ticks', typeDefs, url: 'http://127.0.0.1:9/graphql' }]);
    if (composed.errors) throw composed.errors[0];
    const gateway = await createGateway({
      logger,
      supergraphSdl: composed.supergraphSdl,
      subgraphUrls: { ticks: `${ticksUrl}/graphql` },
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      cost: { budget: budget.store },
      // `first: 2000` is over the list-size limit (100), which would refuse it before its cost.
      limits: { maxListSize: 10_000 },
    });
    closing.push(gateway);
    gatewayUrl = await gateway.listen(0);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const service of closing.reverse()) await service.close();
  });

  it('refuses a subscription whose events are estimated above the limit, without subscribing upstream', async () => {
    const sub = collect(client(), 'subscription { ticks(channel: "big") { items(first: 2000) { id } } }');
    await sub.ended;
    // ticks 1 + 2000 x Item 1 = 2001, above an anonymous client's 1000 per operation.
    expect(sub.error).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'COST_LIMIT_EXCEEDED', estimated: 2001, max: 1000 }),
      }),
    ]);
    expect(upstreamSubscribes).toBe(0);
  });

  it("charges each event's actual cost and ends the subscription with THROTTLED when the bucket cannot pay", async () => {
    budget.reset(10);
    const sub = collect(client(), 'subscription { ticks(channel: "metered") { items { id } } }');
    await expect.poll(() => emitter.listenerCount('metered')).toBe(1);
    // Three items: ticks 1 + 3 x Item 1 = 4; the bucket keeps 10 - 4 = 6.
    tick('metered', 3);
    await expect.poll(() => sub.results.length).toBe(1);
    // Six items: 1 + 6 = 7, more than the 6 left: not delivered, THROTTLED instead, then the end.
    tick('metered', 6);
    await sub.ended;
    expect(budget.asked.admit).toEqual([4, 7]);
    expect(sub.results).toEqual([
      { data: { ticks: { items: [{ id: '0' }, { id: '1' }, { id: '2' }] } } },
      {
        errors: [
          expect.objectContaining({
            // (7 - 6) points at an anonymous client's 500 a second: 0.002 s.
            extensions: expect.objectContaining({
              code: 'THROTTLED',
              requested: 7,
              available: 6,
              retryAfterSeconds: 0.002,
            }),
          }),
        ],
      },
    ]);
    expect(sub.completed).toBe(true);
    // The upstream subscription is released with the only subscriber.
    await expect.poll(() => emitter.listenerCount('metered')).toBe(0);
  });
});
