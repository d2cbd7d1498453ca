import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { subgraphTypeDefs } from '@switchyard/schema';
import { createLogger, type GraphQLService, type ServiceHandle } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CostExtension } from '../../src/cost/budget.js';
import { createGateway, type GatewayContext } from '../../src/index.js';
import { TEST_AUTHENTICATION } from '../federation/fixture.js';
import { fakeBudget } from './fakeBudget.js';

// The shop's own subgraph SDLs (so the gateway serves the committed supergraph and its @cost and
// @listSize) with tiny in-memory resolvers, whose list sizes the tests know.

const logger = createLogger('test', 'silent');
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

const PRODUCTS = [
  { id: '1', name: 'Lamp' },
  { id: '2', name: 'Desk' },
];
/** Product 1 has two reviews, product 2 none. */
const REVIEWS: Record<string, { id: string; rating: number }[]> = {
  '1': [
    { id: 'r1', rating: 5 },
    { id: 'r2', rating: 3 },
  ],
  '2': [],
};
const page = <T>(nodes: T[], first: number) => ({
  edges: nodes.slice(0, first).map((node, i) => ({ cursor: String(i), node })),
  pageInfo: { hasNextPage: nodes.length > first, endCursor: null },
});

const SUBGRAPHS = {
  products: {
    Query: { products: (_: unknown, { first }: { first: number }) => page(PRODUCTS, first) },
    Product: { __resolveReference: ({ id }: { id: string }) => PRODUCTS.find((p) => p.id === id) ?? null },
  },
  reviews: {
    Product: {
      reviews: ({ id }: { id: string }, { first }: { first: number }) => page(REVIEWS[id] ?? [], first),
      rating: ({ id }: { id: string }) => ({ average: null, count: REVIEWS[id]?.length ?? 0 }),
    },
    Review: { author: () => ({ id: '7' }), product: () => ({ id: '1' }) },
    User: { reviews: (_: unknown, { first }: { first: number }) => page([], first) },
  },
  users: { User: { __resolveReference: ({ id }: { id: string }) => ({ id, name: 'Ada' }) } },
  inventory: {
    Product: { inventory: () => ({ total: 3, reserved: 0, available: 3, warehouses: [] }) },
  },
} as const;

const SHOP_PAGE = `query ShopPage {
  products(first: 10) {
    edges { node { id name inventory { available } rating { average }
      reviews(first: 5) { edges { node { rating author { name } } } } } }
    pageInfo { hasNextPage }
  }
}`;

// The 300-byte query.
const HOSTILE = `{ products(first: 100) { edges { node { reviews(first: 100) { edges { node { author {
  reviews(first: 100) { edges { node { product { name inventory { available }
  reviews(first: 100) { edges { node { author { name } } } } } } } } } } } } } } } }`;

describe('the cost limit through the gateway', () => {
  const opened: ServiceHandle[] = [];
  const calls: string[] = [];
  const budget = fakeBudget(0);
  let gateway: GraphQLService<GatewayContext>;

  const post = async (query: string, accept = GRAPHQL_RESPONSE_JSON) => {
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', accept },
      payload: { query },
    });
    const body = response.json() as {
      data?: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
      extensions?: { cost?: CostExtension };
    };
    return { status: response.statusCode, headers: response.headers, body };
  };

  beforeAll(async () => {
    const subgraphUrls: Record<string, string> = {};
    for (const [name, resolvers] of Object.entries(SUBGRAPHS)) {
      const service = await createSubgraphService({
        name,
        logger,
        typeDefs: subgraphTypeDefs(name as keyof typeof SUBGRAPHS),
        resolvers,
        context: async () => ({}),
        routes: (app) => {
          app.addHook('preHandler', async (request) => {
            if (request.url.startsWith('/graphql')) calls.push(name);
          });
        },
      });
      opened.push(service);
      subgraphUrls[name] = `${await service.listen(0)}/graphql`;
    }
    gateway = await createGateway({
      logger,
      subgraphUrls,
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      cost: { budget: budget.store },
    });
    opened.push(gateway);
  });

  afterAll(async () => {
    for (const service of opened.reverse()) await service.close();
  });

  beforeEach(() => {
    calls.length = 0;
  });

  it("refuses the issue's 300-byte query with COST_LIMIT_EXCEEDED (400) before any subgraph call", async () => {
    budget.reset(10_000);
    const { status, headers, body } = await post(HOSTILE);
    expect(status).toBe(400);
    expect(headers['content-type']).toContain(GRAPHQL_RESPONSE_JSON);
    expect(body.data).toBeUndefined();
    // The estimate's arithmetic: gateway/test/cost/estimate.test.ts; an anonymous client's limit is 1000.
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      estimated: 305_040_301,
      max: 1_000,
    });
    expect(calls).toEqual([]);
    // Nothing was taken from the bucket: it was read (a zero request) for throttleStatus.
    expect(budget.asked.admit).toEqual([0]);
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 305_040_301,
      actualQueryCost: 0,
      throttleStatus: { maximumAvailable: 10_000, currentlyAvailable: 10_000, restoreRate: 500 },
    });
  });

  it('answers a shop page with extensions.cost: the estimate requested, the returned list sizes charged', async () => {
    budget.reset(10_000);
    const { status, body } = await post(SHOP_PAGE);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(calls.length).toBeGreaterThan(0);
    // Estimate, from the inside out:
    //   reviews(first: 5): 1 + 5 x (edge 1 + node 1 + author 1) = 16
    //   node: 1 + inventory 1 + rating 2 (@cost) + reviews 16 = 20
    //   products(first: 10): 1 + 10 x (edge 1 + node 20) + pageInfo 1 = 212
    // Actual, with two products, the first with two reviews and the second with none:
    //   product 1: edge 1 + node 1 + inventory 1 + rating 2 + reviews (1 + 2 x 3) = 12
    //   product 2: edge 1 + node 1 + inventory 1 + rating 2 + reviews (1 + 0) = 6
    //   products: 1 + 12 + 6 + pageInfo 1 = 20
    // The bucket: 10,000 - 212 taken + (212 - 20) refunded = 9,980.
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 212,
      actualQueryCost: 20,
      throttleStatus: { maximumAvailable: 10_000, currentlyAvailable: 9_980, restoreRate: 500 },
    });
    expect(budget.asked).toEqual({ admit: [212], refund: [[212, 20]] });
  });

  it('refuses with THROTTLED (429, Retry-After) when the bucket cannot cover the estimate, before any subgraph call', async () => {
    budget.reset(100);
    for (const accept of [GRAPHQL_RESPONSE_JSON, 'application/json']) {
      const { status, headers, body } = await post(SHOP_PAGE, accept);
      // 429 under application/json too: a transport status (mediaTypeStatus.ts).
      expect(status).toBe(429);
      // The bucket lacks 212 - 100 = 112 points at 500 a second: 0.224 s, rounded up to 1.
      expect(headers['retry-after']).toBe('1');
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'THROTTLED',
        retryAfterSeconds: 0.224,
        requested: 212,
        available: 100,
      });
      expect(body.extensions?.cost).toEqual({
        requestedQueryCost: 212,
        actualQueryCost: 0,
        throttleStatus: { maximumAvailable: 10_000, currentlyAvailable: 100, restoreRate: 500 },
      });
    }
    expect(calls).toEqual([]);
    expect(budget.asked.refund).toEqual([]);
  });
});
