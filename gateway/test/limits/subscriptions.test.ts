import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { collect, type WsTestClient, wsTestClient } from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index.js';
import { composeSupergraph, FEDERATION_LINK, TEST_AUTHENTICATION } from '../federation/fixture.js';

const TICKS = {
  name: 'ticks',
  typeDefs: `${FEDERATION_LINK}, import: ["@key", "@listSize"])
    type Query { tick(id: ID!): Tick }
    type Subscription { ticks(first: Int): [Tick!]! @listSize(slicingArguments: ["first"]) }
    type Tick @key(fields: "id") { id: ID! next: Tick }`,
};

/** `subscription { ticks { next { ... id } } }`, exactly `depth` fields deep. */
const deepTicks = (depth: number) =>
  `subscription { ticks { ${'next { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;

describe('the static limits over graphql-ws', () => {
  /** Every HTTP request and WebSocket upgrade the subgraph's address saw. */
  const reached: string[] = [];
  let subgraph: Server;
  let gateway: ServiceHandle;
  let client: WsTestClient;

  beforeAll(async () => {
    subgraph = createServer((request, response) => {
      reached.push(`${request.method} ${request.url}`);
      response.writeHead(503).end();
    });
    subgraph.on('upgrade', (request, socket) => {
      reached.push(`upgrade ${request.url}`);
      socket.destroy();
    });
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const port = (subgraph.address() as AddressInfo).port;
    gateway = await createGateway({
      logger: createLogger('test', 'silent'),
      supergraphSdl: composeSupergraph([TICKS]),
      subgraphUrls: { ticks: `http://127.0.0.1:${port}/graphql` },
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      limits: { maxDepth: 5, maxListSize: 10 },
    });
    client = wsTestClient(await gateway.listen(0));
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.close();
    await new Promise<void>((resolve) => subgraph.close(() => resolve()));
  });
  beforeEach(() => {
    reached.length = 0;
  });

  it('lets a query within the limits reach the subgraph (the spy sees it)', async () => {
    expect(await collect(client.client, '{ tick(id: "1") { id } }').errorCodes()).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(reached).toEqual(['POST /graphql']);
  });

  it('refuses a subscription over a limit before it is planned or opened upstream', async () => {
    // ticks 1 > next × 4 > id: 6 levels > 5
    expect(await collect(client.client, deepTicks(6)).errorCodes()).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    const list = collect(client.client, 'subscription ($n: Int) { ticks(first: $n) { id } }', { n: 11 });
    expect(await list.errorCodes()).toEqual(['LIST_SIZE_LIMIT_EXCEEDED']);
    expect(reached).toEqual([]);
  });

  it('refuses a query over a limit, and a document over the token limit, as HTTP does', async () => {
    // tick 1 > next × 4 > id: 6 levels > 5
    expect(
      await collect(client.client, `{ tick(id: "1") { ${'next { '.repeat(4)}id${' }'.repeat(4)} } }`).errorCodes(),
    ).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    // 100,000 tokens > 2,000 (the default): refused as the parser reaches the 2,001st
    expect(await collect(client.client, `subscription ${'{'.repeat(100_000)}`).errorCodes()).toEqual([
      'TOKEN_LIMIT_EXCEEDED',
    ]);
    expect(reached).toEqual([]);
  });
});
