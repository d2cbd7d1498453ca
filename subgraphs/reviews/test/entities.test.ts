import { createLogger } from '@switchyard/service';
import { type GraphQLTestExecutor, subgraphUnderTest, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewsSubgraph, prepareReviewsDatabase } from '../src/index.js';

const PRODUCTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product {
  id
  rating { average count }
  reviews(first: 3) { edges { node { rating body author { id } } } pageInfo { hasNextPage } }
} } }`;

const USERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
  id
  reviews(first: 2) { edges { node { id rating product { id } } } pageInfo { hasNextPage endCursor } }
} } }`;

interface ProductEntity {
  id: string;
  rating: { average: number | null; count: number };
  reviews: {
    edges: { node: { rating: number; body: string; author: { id: string } } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

const references = (typename: string, ids: number[]) => ids.map((id) => ({ __typename: typename, id: String(id) }));
const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe.each(testBackends())('the _entities requests the gateway sends to reviews on %s', (kind) => {
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ run, close } = await subgraphUnderTest(kind, prepareReviewsDatabase, (db) =>
      createReviewsSubgraph({ db, logger: createLogger('reviews', 'silent') }),
    ));
  });
  afterAll(() => close());

  it.each([5, 50])('resolves %i products with rating and first reviews in 2 statements', async (n) => {
    const { data, errors, statements } = await run(PRODUCTS, { r: references('Product', range(1, n)) });
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: ProductEntity[] })._entities;
    expect(entities.map((entity) => entity.id)).toEqual(range(1, n).map(String));
    for (const { rating, reviews } of entities) {
      expect(reviews.edges).toHaveLength(Math.min(rating.count, 3));
      expect(reviews.pageInfo.hasNextPage).toBe(rating.count > 3);
    }
    // Product references cost nothing (no products table here); author is a reference too.
    // 1 GROUP BY for all ratings + 1 lateral page query for all reviews(first: 3) = 2, for 5 or 50.
    expect(statements).toBe(2);
  });

  it.each([5, 50])('resolves %i users with their first reviews in 1 statement', async (n) => {
    const { data, errors, statements } = await run(USERS, { r: references('User', range(2, n)) });
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: { id: string; reviews: { edges: unknown[] } }[] })._entities;
    expect(entities.map((entity) => entity.id)).toEqual(range(2, n).map(String));
    // Every seeded customer has written more than two reviews (5,000 over 199 authors, ~25 each).
    for (const entity of entities) expect(entity.reviews.edges).toHaveLength(2);
    // User references cost nothing; 1 lateral page query for all reviews(first: 2).
    expect(statements).toBe(1);
  });

  it('shares a statement between parents asking for the same page, and only between them', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product {
      one: reviews(first: 1) { edges { node { id } } }
      two: reviews(first: 2) { edges { node { id } } }
    } } }`;
    const { data, errors, statements } = await run(query, { r: references('Product', range(1, 10)) });
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: { one: { edges: unknown[] }; two: { edges: { node: unknown }[] } }[] })
      ._entities;
    for (const entity of entities) expect(entity.two.edges[0]).toEqual(entity.one.edges[0]);
    // Two page shapes (first: 1, first: 2) over 10 products: one statement per shape = 2.
    expect(statements).toBe(2);
  });

  it('resolves many review references in one statement', async () => {
    const { data, statements } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Review { id author { id } product { id } } } }',
      { r: references('Review', [3, 1, 999_999, 2]) },
    );
    const entities = (data as { _entities: ({ id: string } | null)[] })._entities;
    expect(entities.map((entity) => entity?.id ?? null)).toEqual(['3', '1', null, '2']);
    expect(statements).toBe(1); // four keys, one batch: one SELECT ... WHERE id = ANY($1)
  });
});
