import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Federation, federate } from '../federation/fixture.js';
import { aliases, nested, SHOP_SUBGRAPHS } from './shop.js';

/** Pieces of GraphQL for documents that are almost valid, and sometimes are. */
const WORDS = [
  '{',
  '}',
  '(',
  ')',
  ':',
  '...',
  '@skip(if: true)',
  '@include(if: false)',
  'product',
  'products',
  'id',
  'name',
  'reviews',
  'body',
  'first',
  '"1"',
  '1000000',
  '-1',
  '$v',
  'query',
  'subscription',
  'mutation',
  'fragment',
  'F',
  'on',
  'Query',
  'Product',
  '__schema',
  '__typename',
  'a:',
  'b:',
  '"',
  '#',
  '\n',
];

const document = fc.oneof(
  // deep nesting, valid
  fc.integer({ min: 1, max: 80 }).map(nested),
  // many aliases
  fc.integer({ min: 0, max: 2_500 }).map(aliases),
  // many root fields, with and without aliases
  fc
    .integer({ min: 1, max: 60 })
    .map((n) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: products(first: 1) { id }`).join(' ')} }`),
  // fragment cycles of any length
  fc.integer({ min: 1, max: 40 }).map((n) => {
    const chain = Array.from(
      { length: n },
      (_, i) => `fragment F${i} on Query { product(id: "1") { id } ...F${(i + 1) % n} }`,
    );
    return `{ ...F0 } ${chain.join(' ')}`;
  }),
  // huge brackets of every kind
  fc
    .tuple(fc.constantFrom('{', '[', '(', '{ a: ', '{ product(id: "1") '), fc.integer({ min: 1, max: 60_000 }))
    .map(([b, n]) => b.repeat(n)),
  // long strings, as arguments and as the whole document
  fc.integer({ min: 0, max: 300_000 }).map((n) => `{ product(id: "${'x'.repeat(n)}") { name } }`),
  // slicing arguments of any size
  fc
    .integer({ min: -5, max: 2_000_000 })
    .map((n) => `{ products(first: ${n}) { name reviews(first: ${n}) { body } } }`),
  // token soup
  fc.array(fc.constantFrom(...WORDS), { maxLength: 400 }).map((words) => words.join(' ')),
  // random garbage
  fc.string({ unit: 'binary', maxLength: 2_000 }),
);

const variables = fc.oneof(fc.constant(undefined), fc.dictionary(fc.constantFrom('v', 'n', 'first'), fc.jsonValue()));

/** A request body: mostly a GraphQL request, sometimes any JSON, sometimes not JSON at all. */
const body = fc.oneof(
  { weight: 6, arbitrary: fc.record({ query: document, variables }).map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(fc.record({ query: document })).map((r) => JSON.stringify(r)) },
);

describe('any request against the gateway, the subgraphs healthy', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate(SHOP_SUBGRAPHS, { introspection: false });
  });
  afterAll(() => federation.close());

  const subgraphCalls = () => Object.values(federation.calls).reduce((sum, seen) => sum + seen.length, 0);

  it('never gets a 5xx, and a refused one reaches no subgraph', async () => {
    // Both outcomes must occur, or the property says nothing about one of them.
    const seen = { served: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/json', 'application/graphql-response+json'),
        async (payload, accept) => {
          const before = subgraphCalls();
          const response = await federation.gateway.app.inject({
            method: 'POST',
            url: '/graphql',
            headers: { 'content-type': 'application/json', accept },
            payload,
          });
          expect(response.statusCode).toBeLessThan(500);
          const answer = response.json() as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
          expect((answer.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
          // A request refused as a whole has no `data`: nothing of it may have reached a subgraph.
          if (answer.data === undefined) expect(subgraphCalls()).toBe(before);
          seen[answer.data === undefined ? 'refused' : 'served']++;
        },
      ),
      { numRuns: 500 },
    );
    expect(seen.served).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
