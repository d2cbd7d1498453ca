import { createLogger } from '@switchyard/service';
import { type GraphQLTestExecutor, subgraphUnderTest, testBackends } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProductsSubgraph, prepareProductsDatabase } from '../src/index.js';

/** The _entities request the gateway sends when another subgraph's list needs product fields. */
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Product { id name prices { amount currency } images { url } category { path } }
  }
}`;

interface Entity {
  id: string;
  name: string;
  prices: { amount: number; currency: string }[];
  images: { url: string }[];
  category: { path: string };
}

describe.each(testBackends())('products _entities on %s', (kind) => {
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ run, close } = await subgraphUnderTest(kind, prepareProductsDatabase, (db) =>
      createProductsSubgraph({ db, logger: createLogger('products', 'silent') }),
    ));
  });
  afterAll(() => close());

  const references = (ids: number[]) => ids.map((id) => ({ __typename: 'Product', id: String(id) }));

  it('resolves 5 and 50 products with prices, images and category in the same 4 statements', async () => {
    // One statement per loader, whatever the number of products:
    // products by id (1) + prices by product (1) + images by product (1) + categories by id (1) = 4.
    for (const count of [5, 50]) {
      const ids = Array.from({ length: count }, (_, i) => 1 + i * 19);
      const { data, errors, statements } = await run(ENTITIES, { r: references(ids) });
      expect(errors).toBeUndefined();
      const entities = (data as { _entities: Entity[] })._entities;
      expect(entities.map((entity) => entity.id)).toEqual(ids.map(String));
      for (const entity of entities) {
        expect(entity.prices).toHaveLength(3);
        expect(entity.images.length).toBeGreaterThanOrEqual(1);
        expect(entity.category.path).toContain(' > ');
      }
      expect(statements).toBe(4);
    }
  });

  it('answers null for references to products that do not exist, in their place', async () => {
    const { data, errors, statements } = await run(ENTITIES, { r: references([3, 5000, 1]) });
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: (Entity | null)[] })._entities;
    expect(entities.map((entity) => entity?.id ?? null)).toEqual(['3', null, '1']);
    expect(statements).toBe(4);
  });

  it('resolves Category references and a page of products with their categories without N+1', async () => {
    const categories = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Category { name parent { name } children { name } } } }',
      { r: [1, 6, 999].map((id) => ({ __typename: 'Category', id: String(id) })) },
    );
    expect(categories.errors).toBeUndefined();
    const resolved = (categories.data as { _entities: ({ name: string; children: unknown[] } | null)[] })._entities;
    expect(resolved[0]?.children).toHaveLength(4);
    expect(resolved[1]?.children).toEqual([]);
    expect(resolved[2]).toBeNull();
    // categories by id (1) + children by parent id (1) = 2: the parent of 6 is category 1, which
    // the first batch already loaded, so the per-request loader answers it from its cache.
    expect(categories.statements).toBe(2);

    const page = await run(
      '{ products(first: 100) { edges { node { categoryPath price { amount } images { thumbnailUrl } } } } }',
    );
    expect(page.errors).toBeUndefined();
    // the page (1) + categories by id (1) + prices by product (1) + images by product (1) = 4.
    expect(page.statements).toBe(4);
  });
});
