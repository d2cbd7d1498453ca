import { EventEmitter, on } from 'node:events';
import { composeServices } from '@apollo/composition';
import { createIdentityVerifier, generateSigningJwk, importSigningKey, type SigningKey } from '@switchyard/auth';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { collect, ManualClock, until, type WsTestClient, wsTestClient } from '@switchyard/testing';
import { GraphQLError, parse } from 'graphql';
import { createLocalJWKSet, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type GatewayOptions } from '../src/index.js';

const logger = createLogger('test', 'silent');

// Subgraph "ticks" owns the subscription and Tick's id and value; "labels" adds label and secret,
// so `ticks { value label }` needs the primary fetch (ticks) and the rest of the plan (labels).
const ticksTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
  type Query { ping: String viewer: String secret: String @authenticated }
  type Mutation { bump(by: Int!): Int! }
  type Subscription {
    ticks(channel: String!): Tick
    secretTicks: Tick @authenticated
    whoami: String
    refusedTick: Tick
  }
  type Tick @key(fields: "id") { id: ID! value: Int! }
`);
const labelsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
  type Tick @key(fields: "id") { id: ID! label: String! secret: String @authenticated }
`);

interface TicksContext {
  viewer: { id: number } | null;
}

/** A bearer token as the users service issues it (EdDSA, iss/aud "test"); `expiresAt` in epoch seconds. */
async function userToken(key: SigningKey, id: number, expiresAt: number | string = '5m') {
  return new SignJWT({ role: 'CUSTOMER', scope: '' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(String(id))
    .setIssuer('test')
    .setAudience('test')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key.privateKey);
}

describe('subscriptions through the gateway', () => {
  const closing: ServiceHandle[] = [];
  const clients: WsTestClient[] = [];
  const emitter = new EventEmitter();
  // Time for token expiry only; the tokens themselves are checked against the wall clock.
  const clock = new ManualClock(Date.now());
  /** Sum of the `by` of every `bump` mutation the ticks subgraph ran. */
  let bumped = 0;
  /** Upstream subscribe messages that reached the ticks subgraph's `ticks` field. */
  let ticksSubscribes = 0;
  let upstreamSockets = 0;
  let userKey: SigningKey;
  let gatewayUrl: string;
  let options: GatewayOptions;

  const client = (authorization?: string) => {
    const created = wsTestClient(gatewayUrl, authorization ? { authorization } : {});
    clients.push(created);
    return created;
  };
  const tick = (channel: string, id: string, value: number) => emitter.emit(channel, { id, value });

  beforeAll(async () => {
    const internalKey = await importSigningKey(await generateSigningJwk());
    userKey = await importSigningKey(await generateSigningJwk());
    const verifyIdentity = await createIdentityVerifier(internalKey.publicKey);
    const ticks = await createSubgraphService<TicksContext>({
      name: 'ticks',
      logger,
      typeDefs: ticksTypeDefs,
      verifyIdentity,
      context: async (_request, identity) => ({ viewer: identity.viewer }),
      resolvers: {
        Query: {
          ping: () => 'pong',
          viewer: (_: unknown, __: unknown, context: TicksContext) =>
            context.viewer ? `user:${context.viewer.id}` : 'anonymous',
          secret: () => 'hidden',
        },
        Mutation: {
          bump: (_: unknown, { by }: { by: number }) => {
            bumped += by;
            return bumped;
          },
        },
        Subscription: {
          refusedTick: {
            subscribe: async function* () {
              yield {};
            },
            resolve: () => {
              throw new GraphQLError('This tick is refused', { extensions: { code: 'FORBIDDEN' } });
            },
          },
          ticks: {
            subscribe: (_: unknown, { channel }: { channel: string }) => {
              ticksSubscribes++;
              return on(emitter, channel);
            },
            resolve: ([payload]: [unknown]) => payload,
          },
          secretTicks: {
            subscribe: () => on(emitter, 'secret'),
            resolve: ([payload]: [unknown]) => payload,
          },
          whoami: {
            subscribe: async function* (_: unknown, __: unknown, context: TicksContext) {
              yield { whoami: context.viewer ? `user:${context.viewer.id}` : 'anonymous' };
            },
          },
        },
      },
    });
    const labels = await createSubgraphService({
      name: 'labels',
      logger,
      typeDefs: labelsTypeDefs,
      context: async () => ({}),
      resolvers: {
        Tick: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id, label: `tick-${ref.id}`, secret: 'hidden' }),
        },
      },
    });
    closing.push(ticks, labels);
    const ticksUrl = await ticks.listen(0);
    const labelsUrl = await labels.listen(0);
    ticks.app.server.on('upgrade', () => upstreamSockets++);
    const composed = composeServices([
      { name: 'ticks', typeDefs: ticksTypeDefs, url: 'http://127.0.0.1:9/graphql' },
      { name: 'labels', typeDefs: labelsTypeDefs, url: 'http://127.0.0.1:9/graphql' },
    ]);
    if (composed.errors) throw composed.errors[0];
    options = {
      logger,
      supergraphSdl: composed.supergraphSdl,
      subgraphUrls: { ticks: `${ticksUrl}/graphql`, labels: `${labelsUrl}/graphql` },
      playground: false,
      authentication: {
        jwksUrl: 'http://127.0.0.1:9/jwks.json',
        issuer: 'test',
        audience: 'test',
        keys: createLocalJWKSet({ keys: [userKey.publicJwk] }),
        // No allowance for clock skew: the expiry test's token lapses on the second.
        clockToleranceSeconds: 0,
      },
      internalKey,
      subscriptions: { maxSubscriptionsPerConnection: 3 },
      clock,
    };
    const gateway = await createGateway(options);
    closing.push(gateway);
    gatewayUrl = await gateway.listen(0);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    // The gateway before the subgraphs, as in production.
    for (const service of closing.reverse()) await service.close();
  });

  it('runs the primary fetch as a subgraph subscription and the rest of the plan per event', async () => {
    const { client: c } = client();
    const sub = collect(c, 'subscription($c: String!) { ticks(channel: $c) { value label } }', { c: 'combined' });
    await until(() => emitter.listenerCount('combined') === 1);
    tick('combined', '1', 10);
    tick('combined', '2', 20);
    await until(() => sub.results.length === 2);
    expect(sub.results).toEqual([
      { data: { ticks: { value: 10, label: 'tick-1' } } },
      { data: { ticks: { value: 20, label: 'tick-2' } } },
    ]);
    sub.stop();
    // Completing the only subscriber ends the upstream subscription.
    await until(() => emitter.listenerCount('combined') === 0);
  });

  it('carries each viewer to the subgraph per subscription, over one shared upstream socket', async () => {
    const before = upstreamSockets;
    const ada = collect(client(`Bearer ${await userToken(userKey, 7)}`).client, 'subscription { whoami }');
    const bob = collect(client(`Bearer ${await userToken(userKey, 8)}`).client, 'subscription { whoami }');
    const anonymous = collect(client().client, 'subscription { whoami }');
    await Promise.all([ada.ended, bob.ended, anonymous.ended]);
    expect([ada.results, bob.results, anonymous.results]).toEqual([
      [{ data: { whoami: 'user:7' } }],
      [{ data: { whoami: 'user:8' } }],
      [{ data: { whoami: 'anonymous' } }],
    ]);
    // Three viewers, at most one new socket to the subgraph (none if the last one is still open).
    expect(upstreamSockets - before).toBeLessThanOrEqual(1);
  });

  it('refuses an @authenticated subscription field to an anonymous client with an error, not a null stream', async () => {
    const sub = collect(client().client, 'subscription { secretTicks { value } }');
    await sub.ended;
    expect(sub.results).toEqual([]);
    expect(sub.error).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(emitter.listenerCount('secret')).toBe(0);
  });

  it('answers a denied nested field with null and an error in every event', async () => {
    const sub = collect(client().client, 'subscription { ticks(channel: "nested") { value secret } }');
    await until(() => emitter.listenerCount('nested') === 1);
    tick('nested', '3', 30);
    await until(() => sub.results.length === 1);
    expect(sub.results[0]).toEqual({
      data: { ticks: { value: 30, secret: null } },
      errors: [expect.objectContaining({ path: ['ticks', 'secret'], extensions: { code: 'UNAUTHENTICATED' } })],
    });
    sub.stop();
  });

  it('closes a connection whose connection_init carries a bad token with 4403', async () => {
    const bad = client('Bearer not.a.token');
    const sub = collect(bad.client, 'subscription { whoami }');
    await sub.ended;
    expect(bad.closes).toEqual([4403]);
  });

  it('closes a connection with 4403 when its token expires, and its subscriptions end with it', async () => {
    const expiresAt = Math.floor(clock.now() / 1000) + 60;
    const expiring = client(`Bearer ${await userToken(userKey, 11, expiresAt)}`);
    const sub = collect(expiring.client, 'subscription($c: String!) { ticks(channel: $c) { value } }', {
      c: 'expiring',
    });
    await until(() => emitter.listenerCount('expiring') === 1);
    tick('expiring', '1', 1);
    await until(() => sub.results.length === 1);
    // No clock tolerance (options.authentication): the token holds until exp * 1000, 1 ms short of it.
    clock.advance(expiresAt * 1000 - clock.now() - 1);
    tick('expiring', '2', 2);
    await until(() => sub.results.length === 2);
    expect(expiring.closes).toEqual([]);
    clock.advance(1);
    await sub.ended;
    expect(expiring.closes).toEqual([4403]);
    expect(sub.results).toEqual([{ data: { ticks: { value: 1 } } }, { data: { ticks: { value: 2 } } }]);
    // The upstream subscription is returned with the last subscriber.
    await until(() => emitter.listenerCount('expiring') === 0);
  });

  it('validates subscriptions like HTTP: an unknown field, a variable of the wrong type', async () => {
    const c = client().client;
    const invalid = collect(c, 'subscription { tocks { value } }');
    const badVariable = collect(c, 'subscription($c: String!) { ticks(channel: $c) { value } }', { c: 5 });
    await Promise.all([invalid.ended, badVariable.ended]);
    expect(invalid.error).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(badVariable.error).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('serves a query and a mutation over graphql-ws: one result each, then complete', async () => {
    const c = client().client;
    const query = collect(c, '{ ping }');
    await query.ended;
    expect(query).toMatchObject({ results: [{ data: { ping: 'pong' } }], completed: true, error: undefined });
    const before = bumped;
    const mutation = collect(c, 'mutation($by: Int!) { bump(by: $by) }', { by: 2 });
    await mutation.ended;
    expect(mutation).toMatchObject({ results: [{ data: { bump: before + 2 } }], completed: true });
    // The mutation ran once, on the subgraph: 2 added to the sum.
    expect(bumped).toBe(before + 2);
  });

  it('answers a query over graphql-ws exactly as over HTTP: @authenticated without a token, a validation error', async () => {
    const overHttp = async (query: string) =>
      (
        await fetch(`${gatewayUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        })
      ).json();
    const c = client().client;
    for (const query of ['{ ping secret }', '{ pong }']) {
      const overWs = collect(c, query);
      await overWs.ended;
      expect(overWs.completed).toBe(true);
      expect(overWs.results).toEqual([await overHttp(query)]);
    }
    const denied = collect(c, '{ secret }');
    expect(await denied.errorCodes()).toEqual(['UNAUTHENTICATED']);
    const invalid = collect(c, '{ pong }');
    expect(await invalid.errorCodes()).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it("runs a query over graphql-ws as the connection's viewer", async () => {
    const signedIn = collect(client(`Bearer ${await userToken(userKey, 7)}`).client, '{ viewer }');
    const anonymous = collect(client().client, '{ viewer }');
    await Promise.all([signedIn.ended, anonymous.ended]);
    expect(signedIn.results).toMatchObject([{ data: { viewer: 'user:7' } }]);
    expect(anonymous.results).toMatchObject([{ data: { viewer: 'anonymous' } }]);
  });

  it("names the subgraph that owns the subscription in an event's errors", async () => {
    const sub = collect(client().client, 'subscription { refusedTick { value } }');
    await sub.ended;
    expect(sub.results).toEqual([
      {
        data: { refusedTick: null },
        errors: [
          expect.objectContaining({
            message: 'This tick is refused',
            extensions: expect.objectContaining({ code: 'FORBIDDEN', serviceName: 'ticks' }),
          }),
        ],
      },
    ]);
  });

  it('limits subscriptions per connection: one over the limit gets an error, the connection stays', async () => {
    const { client: c, closes } = client();
    // The limit is 3 (options.subscriptions): three fit, the fourth is refused.
    const held = ['l1', 'l2', 'l3'].map((channel) =>
      collect(c, 'subscription($c: String!) { ticks(channel: $c) { value } }', { c: channel }),
    );
    await until(() => ['l1', 'l2', 'l3'].every((channel) => emitter.listenerCount(channel) === 1));
    const fourth = collect(c, 'subscription { ticks(channel: "l4") { value } }');
    await fourth.ended;
    expect(fourth.error).toEqual([
      expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_LIMIT_EXCEEDED', max: 3 } }),
    ]);
    held[0]?.stop();
    await until(() => emitter.listenerCount('l1') === 0);
    const fifth = collect(c, 'subscription { ticks(channel: "l5") { value } }');
    await until(() => emitter.listenerCount('l5') === 1);
    tick('l5', '5', 5);
    await until(() => fifth.results.length === 1);
    expect(closes).toEqual([]);
    for (const sub of [...held, fifth]) sub.stop();
  });

  it('shares one upstream stream between identical subscriptions (same document, variables, viewer)', async () => {
    const token = `Bearer ${await userToken(userKey, 9)}`;
    const query = 'subscription($c: String!) { ticks(channel: $c) { value label } }';
    const before = ticksSubscribes;
    const first = collect(client(token).client, query, { c: 'shared' });
    await until(() => emitter.listenerCount('shared') === 1);
    const second = collect(client(token).client, query, { c: 'shared' });
    // Another viewer gets a stream of its own.
    const other = collect(client().client, query, { c: 'shared' });
    await until(() => emitter.listenerCount('shared') === 2);
    tick('shared', '4', 40);
    await until(() => first.results.length === 1 && second.results.length === 1 && other.results.length === 1);
    // Three subscribers, two viewers: two upstream subscriptions.
    expect(ticksSubscribes - before).toBe(2);
    expect(second.results).toEqual([{ data: { ticks: { value: 40, label: 'tick-4' } } }]);
    first.stop();
    tick('shared', '5', 50);
    await until(() => second.results.length === 2);
    second.stop();
    other.stop();
    await until(() => emitter.listenerCount('shared') === 0);
  });

  it('closes client sockets with 1001 when the gateway shuts down, and close waits for them', async () => {
    const gateway = await createGateway(options);
    const url = await gateway.listen(0);
    const { client: c, closes } = wsTestClient(url);
    const sub = collect(c, 'subscription { ticks(channel: "shutdown") { value } }');
    await until(() => emitter.listenerCount('shutdown') === 1);
    await gateway.close();
    await sub.ended;
    expect(closes).toEqual([1001]);
    // The upstream subscription ended with it.
    await until(() => emitter.listenerCount('shutdown') === 0);
    await c.dispose();
  });
});
