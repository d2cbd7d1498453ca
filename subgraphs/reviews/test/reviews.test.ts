import { SEED } from '@switchyard/db';
import { createLogger, encodeCursor } from '@switchyard/service';
import { type GraphQLTestExecutor, subgraphUnderTest, type TestDatabase, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewsSubgraph, prepareReviewsDatabase } from '../src/index.js';

const PRODUCT_REVIEWS = `query($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) {
    ... on Product {
      id
      rating { average count }
      reviews(first: $first, after: $after) {
        edges { cursor node { id rating createdAt product { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface ReviewPage {
  edges: { cursor: string; node: { id: string; rating: number; createdAt: string; product: { id: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface ProductEntity {
  id: string;
  rating: { average: number | null; count: number };
  reviews: ReviewPage | null;
}

describe.each(testBackends())('reviews subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;
  const db = () => database.root.handle();

  beforeAll(async () => {
    ({ database, run, close } = await subgraphUnderTest(kind, prepareReviewsDatabase, (db) =>
      createReviewsSubgraph({ db, logger: createLogger('reviews', 'silent') }),
    ));
  });
  afterAll(() => close());

  /** One page of a product's reviews through the `_entities` request the gateway sends. */
  async function productPage(productId: number, variables: { first?: number; after?: string | null } = {}) {
    const result = await run(PRODUCT_REVIEWS, { r: [{ __typename: 'Product', id: String(productId) }], ...variables });
    const entity = (result.data as { _entities: (ProductEntity | null)[] } | undefined)?._entities[0] ?? null;
    return { ...result, entity };
  }

  it('seeds 5,000 reviews of products 1..1000 by customers 2..200, rated 1 to 5, mostly positively', async () => {
    const [shape] = await db().query<Record<string, number>>(
      `SELECT count(*)::int AS reviews, min(rating)::int AS "minRating", max(rating)::int AS "maxRating",
              avg(rating)::float8 AS "meanRating", min(product_id) AS "minProduct", max(product_id) AS "maxProduct",
              count(DISTINCT product_id)::int AS products, min(author_id) AS "minAuthor", max(author_id) AS "maxAuthor",
              count(DISTINCT rating)::int AS ratings
         FROM reviews.review`,
    );
    expect(shape).toMatchObject({ reviews: SEED.reviews, minRating: 1, maxRating: 5, ratings: 5 });
    expect(shape?.meanRating).toBeGreaterThan(3.5);
    expect(shape?.minProduct).toBeGreaterThanOrEqual(1);
    expect(shape?.maxProduct).toBeLessThanOrEqual(SEED.products);
    // Skewed: some products have none, and the most reviewed has many.
    expect(shape?.products).toBeLessThan(SEED.products);
    const [top] = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reviews.review GROUP BY product_id ORDER BY n DESC LIMIT 1',
    );
    expect(top?.n).toBeGreaterThan(50);
    expect(shape?.minAuthor).toBeGreaterThanOrEqual(2); // user 1 is the admin
    expect(shape?.maxAuthor).toBeLessThanOrEqual(SEED.users);
    // created_at increases with id and ends before the seed epoch.
    const [order] = await db().query<{ disordered: number; latest: Date }>(
      `SELECT count(*) FILTER (WHERE created_at <= previous)::int AS disordered, max(created_at) AS latest
         FROM (SELECT created_at, lag(created_at) OVER (ORDER BY id) AS previous FROM reviews.review) t`,
    );
    expect(order?.disordered).toBe(0);
    expect(new Date(order?.latest ?? 0).getTime()).toBeLessThan(SEED.epoch);
  });

  it('is idempotent: preparing a seeded database again adds nothing, and new ids follow the seeded ones', async () => {
    await prepareReviewsDatabase(db());
    const [count] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM reviews.review');
    expect(count?.n).toBe(SEED.reviews);
    await db()
      .transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO reviews.review (product_id, author_id, rating, body) VALUES (1, 2, 5, 'x') RETURNING id`,
        );
        expect(row?.id).toBe(SEED.reviews + 1);
        throw new Error('rollback');
      })
      .catch((error: Error) => expect(error.message).toBe('rollback'));
  });

  it('answers a review by id with references to its author and product', async () => {
    const { data, errors } = await run('{ review(id: "1") { id rating body createdAt author { id } product { id } } }');
    expect(errors).toBeUndefined();
    const [row] = await db().query<{ productId: number; authorId: number }>(
      'SELECT product_id AS "productId", author_id AS "authorId" FROM reviews.review WHERE id = 1',
    );
    expect(data).toEqual({
      review: {
        id: '1',
        rating: expect.any(Number),
        body: expect.stringMatching(/\w/),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        author: { id: String(row?.authorId) },
        product: { id: String(row?.productId) },
      },
    });
  });

  it('answers null, not an error, for ids that do not exist or cannot be ids', async () => {
    for (const id of [String(SEED.reviews + 1), '0', '-1', 'abc', '99999999999']) {
      const result = await run('query($id: ID!) { review(id: $id) { id } }', { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ review: null });
    }
    const entities = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Review { id } ... on Product { id } ... on User { id } } }',
      {
        r: [
          { __typename: 'Review', id: '999999' },
          { __typename: 'Review', id: 'abc' },
          { __typename: 'Product', id: 'abc' },
          { __typename: 'User', id: '-3' },
          { __typename: 'Review', id: '2' },
        ],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data).toEqual({ _entities: [null, null, null, null, { id: '2' }] });
  });

  it("walks all of a product's reviews newest first, without repeats, as many as rating.count says", async () => {
    const productId = 1; // the most popular product of the seed (~150 reviews)
    const ids: number[] = [];
    let after: string | null = null;
    let count = -1;
    let average: number | null = null;
    let ratingSum = 0;
    for (let pages = 0; pages < 100; pages++) {
      const { entity, errors } = await productPage(productId, { first: 17, after });
      expect(errors).toBeUndefined();
      if (!entity?.reviews) throw new Error('no reviews connection');
      ({ count, average } = entity.rating);
      expect(entity.reviews.edges.length).toBeLessThanOrEqual(17);
      for (const edge of entity.reviews.edges) {
        ids.push(Number(edge.node.id));
        ratingSum += edge.node.rating;
        expect(edge.node.product.id).toBe(String(productId));
      }
      after = entity.reviews.pageInfo.endCursor;
      if (!entity.reviews.pageInfo.hasNextPage) break;
    }
    expect(count).toBeGreaterThan(17);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(average).toBeCloseTo(ratingSum / count, 2);
    const [sql] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM reviews.review WHERE product_id = 1');
    expect(count).toBe(sql?.n);
  });

  it("walks all of a user's reviews newest first", async () => {
    const query = `query($r: [_Any!]!, $after: String) { _entities(representations: $r) {
      ... on User { reviews(first: 10, after: $after) { edges { node { id author { id } } } pageInfo { hasNextPage endCursor } } }
    } }`;
    const ids: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const { data, errors } = await run(query, { r: [{ __typename: 'User', id: '2' }], after });
      expect(errors).toBeUndefined();
      const page = (
        data as { _entities: { reviews: ReviewPage & { edges: { node: { author: { id: string } } }[] } }[] }
      )._entities[0]?.reviews;
      if (!page) throw new Error('no reviews connection');
      for (const edge of page.edges) {
        ids.push(Number(edge.node.id));
        expect(edge.node.author.id).toBe('2');
      }
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    const rows = await db().query<{ id: number }>('SELECT id FROM reviews.review WHERE author_id = 2 ORDER BY id DESC');
    expect(ids).toEqual(rows.map((row) => row.id));
  });

  it('gives a product without reviews an empty page, count 0 and no average', async () => {
    const [row] = await db().query<{ id: number }>(
      `SELECT p AS id FROM generate_series(1, ${SEED.products}) p
        WHERE NOT EXISTS (SELECT 1 FROM reviews.review WHERE product_id = p) LIMIT 1`,
    );
    if (!row) throw new Error('the seed reviews every product');
    const { entity, errors } = await productPage(row.id);
    expect(errors).toBeUndefined();
    expect(entity).toEqual({
      id: String(row.id),
      rating: { average: null, count: 0 },
      reviews: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });

  it('pages 10 reviews by default and answers an empty page for first: 0', async () => {
    const byDefault = await productPage(1);
    expect(byDefault.entity?.reviews?.edges).toHaveLength(10);
    const empty = await productPage(1, { first: 0 });
    expect(empty.entity?.reviews).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it.each([
    ['first: 101', { first: 101 }, 'INVALID_PAGE_SIZE'],
    ['first: -1', { first: -1 }, 'INVALID_PAGE_SIZE'],
    ['an after that is not base64 JSON', { after: 'not-a-cursor' }, 'INVALID_CURSOR'],
    ["an after from another list's cursors", { after: encodeCursor('orders', 5) }, 'INVALID_CURSOR'],
  ])('refuses %s with %s as a field error, not a 500', async (_title, variables, code) => {
    const { entity, errors } = await productPage(1, variables);
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(errors?.[0]?.path).toEqual(['_entities', 0, 'reviews']);
    // The rest of the entity still answers.
    expect(entity?.reviews).toBeNull();
    expect(entity?.rating.count).toBeGreaterThan(0);
  });
});
