import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { SUBGRAPH_NAMES } from '@switchyard/config';
import { readSupergraph } from '@switchyard/schema';
import { createLogger, type GraphQLService } from '@switchyard/service';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type GatewayContext } from '../../src/index.js';
import { clearCalls, type Federation, federate, TEST_AUTHENTICATION } from '../federation/fixture.js';
import { aliases, nested, SHOP_SUBGRAPHS } from './shop.js';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs a raw body (a string is sent as is) to the gateway's /graphql in-process. */
async function post(
  gateway: Pick<GraphQLService<GatewayContext>, 'app'>,
  payload: string | object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await gateway.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE_JSON, ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string | undefined,
    body: response.json(),
  };
}

describe('hostile documents against the shop gateway with its default limits', () => {
  let federation: Federation;
  beforeAll(async () => {
    // Introspection off, as in production: the `__schema` fragment below is refused by it.
    federation = await federate(SHOP_SUBGRAPHS, { introspection: false });
  });
  afterAll(() => federation.close());
  beforeEach(() => clearCalls(federation));

  const reached = () => Object.values(federation.calls).flat();

  it('serves an ordinary operation (the spy sees the subgraph calls it makes)', async () => {
    const answer = await post(federation.gateway, { query: '{ product(id: "1") { name reviews { body } } }' });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ product: { name: 'P1', reviews: [{ body: 'fine' }, { body: 'fine' }] } });
    // products for the root field, reviews for Product.reviews
    expect(reached()).toHaveLength(2);
  });

  const refused: [string, () => string | object, string, number, Record<string, unknown>][] = [
    // 1,000 × 11 tokens + 2 = 11,002 > 2,000: the parser stops first
    ['1,000 aliases of product(id:)', () => ({ query: aliases(1000) }), 'TOKEN_LIMIT_EXCEEDED', 400, { max: 2000 }],
    // 20,000 × 11 + 2 = 220,002 tokens > 2,000 (the planner's selection limit never comes into it)
    ['20,000 aliases of product(id:)', () => ({ query: aliases(20_000) }), 'TOKEN_LIMIT_EXCEEDED', 400, { max: 2000 }],
    // 31 × 11 + 2 = 343 tokens pass; 31 aliases > 30
    ['31 aliases', () => ({ query: aliases(31) }), 'ALIAS_LIMIT_EXCEEDED', 400, { max: 30, received: 31 }],
    ['depth 61', () => ({ query: nested(61) }), 'DEPTH_LIMIT_EXCEEDED', 400, { max: 20, received: 61 }],
    ['depth 21', () => ({ query: nested(21) }), 'DEPTH_LIMIT_EXCEEDED', 400, { max: 20, received: 21 }],
    [
      'first: 1000000',
      () => ({ query: '{ products(first: 1000000) { name } }' }),
      'LIST_SIZE_LIMIT_EXCEEDED',
      400,
      { argument: 'first', max: 100, received: 1_000_000 },
    ],
    [
      'first: $n with n = 1000000',
      () => ({
        query: 'query ($n: Int) { product(id: "1") { reviews(first: $n) { id } } }',
        variables: { n: 1_000_000 },
      }),
      'LIST_SIZE_LIMIT_EXCEEDED',
      400,
      { argument: 'first', max: 100, received: 1_000_000 },
    ],
    [
      '21 root fields',
      () => ({ query: `{ ${Array.from({ length: 21 }, (_, i) => `r${i}: products(first: 1) { id }`).join(' ')} }` }),
      // 21 aliases ≤ 30 pass; 21 distinct root keys > 20
      'ROOT_FIELD_LIMIT_EXCEEDED',
      400,
      { max: 20, received: 21 },
    ],
    // 3,000 names + 2 brackets = 3,002 tokens > 2,000
    [
      '3000 distinct fields',
      () => ({ query: `{ ${Array.from({ length: 3000 }, (_, i) => `f${i}`).join(' ')} }` }),
      'TOKEN_LIMIT_EXCEEDED',
      400,
      { max: 2000 },
    ],
    // 100,000 tokens: refused at the 2,001st, before the parser recurses into them
    ['100,000 brackets', () => ({ query: '{'.repeat(100_000) }), 'TOKEN_LIMIT_EXCEEDED', 400, { max: 2000 }],
    [
      'a fragment named __schema that introspects',
      () => ({ query: '{ ...__schema } fragment __schema on Query { __schema { types { name } } }' }),
      'GRAPHQL_VALIDATION_FAILED',
      400,
      {},
    ],
    [
      'array batching',
      () => [{ query: '{ product(id: "1") { name } }' }, { query: '{ product(id: "2") { name } }' }],
      'BAD_REQUEST',
      400,
      {},
    ],
    // 110,000 lines × 48 bytes = 5,280,000 bytes > the 1 MiB body limit (1,048,576 bytes)
    [
      '5 MB of comments',
      () => ({
        query: `${'# a comment line of hostile padding ..........\n'.repeat(110_000)}{ product(id: "1") { name } }`,
      }),
      'REQUEST_TOO_LARGE',
      413,
      { max: 1_048_576 },
    ],
    ['malformed JSON', () => '{"query": "{ product(id: \\"1\\") { name } }"', 'BAD_REQUEST', 400, {}],
    ['an empty body', () => '', 'BAD_REQUEST', 400, {}],
  ];

  it.each(refused)(
    'refuses %s with its code, before any subgraph call',
    async (_name, payload, code, status, numbers) => {
      const answer = await post(federation.gateway, payload());
      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/json/);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code, ...numbers });
      expect(reached()).toEqual([]);
    },
  );

  it('keeps the limit codes under application/json, with HTTP 200 as that media type says', async () => {
    const answer = await post(federation.gateway, { query: nested(61) }, { accept: 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'DEPTH_LIMIT_EXCEEDED', max: 20, received: 61 });
    const tokens = await post(federation.gateway, { query: aliases(1000) }, { accept: 'application/json' });
    expect(tokens.body.errors?.[0]?.extensions).toEqual({ code: 'TOKEN_LIMIT_EXCEEDED', max: 2000 });
    expect(reached()).toEqual([]);
  });

  it('answers an empty JSON object with the GraphQL-over-HTTP 400, and a syntax error as GRAPHQL_PARSE_FAILED', async () => {
    expect((await post(federation.gateway, {})).body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const syntax = await post(federation.gateway, { query: '{ product(id: "1") { name }' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(reached()).toEqual([]);
  });

  it('serves depth 20, 30 aliases and 20 root fields, the limits themselves', async () => {
    // Depth 20 of nested lists costs far more than an anonymous client may spend (the cost limit,
    // gateway/test/cost/): a gateway without cost control shows the depth limit alone lets it in.
    const uncosted = await federate(SHOP_SUBGRAPHS, { introspection: false, cost: false });
    try {
      expect((await post(uncosted.gateway, { query: nested(20) })).status).toBe(200);
    } finally {
      await uncosted.close();
    }
    const names = Array.from({ length: 30 }, (_, i) => `n${i}: name`).join(' ');
    const thirty = await post(federation.gateway, { query: `{ product(id: "1") { ${names} } }` });
    expect(thirty.status).toBe(200);
    expect(Object.keys((thirty.body.data as { product: object }).product)).toHaveLength(30);
    const twenty = await post(federation.gateway, { query: aliases(20) });
    expect(Object.keys(twenty.body.data as object)).toHaveLength(20);
  });
});

describe('a planning failure', () => {
  let recorded: string[];
  let subgraphs: Server;
  let url: string;
  beforeAll(async () => {
    // Every subgraph of the real supergraph is this server: it records what it is sent.
    recorded = [];
    subgraphs = createServer((request, response) => {
      recorded.push(request.url ?? '');
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => subgraphs.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(subgraphs.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => subgraphs.close(() => resolve())));

  const start = async (limits: Parameters<typeof createGateway>[0]['limits']) =>
    createGateway({
      logger: createLogger('test', 'silent'),
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, url])),
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      ...(limits ? { limits } : {}),
      // The cost limit would refuse 20,000 aliases before the planner sees them.
      cost: false,
    });

  it('is QUERY_PLANNING_FAILED (HTTP 400), not a 500, when the limits let 20,000 aliases through to the planner', async () => {
    const gateway = await start({ maxTokens: 1_000_000, maxAliases: 100_000, maxRootFields: 100_000 });
    try {
      const answer = await post(gateway, { query: aliases(20_000) });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          message: 'The gateway could not plan this operation; nothing was fetched.',
          extensions: { code: 'QUERY_PLANNING_FAILED' },
        },
      ]);
      expect(recorded).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
