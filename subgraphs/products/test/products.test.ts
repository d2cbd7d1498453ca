import { createLogger, encodeCursor } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  type TestDatabase,
  testBackends,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProductsSubgraph, prepareProductsDatabase } from '../src/index.js';

interface ProductPage {
  products: {
    edges: { cursor: string; node: { id: string; categoryPath: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE = `query($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id categoryPath } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe.each(testBackends())('products subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;
  const sql = <R extends object>(text: string, params?: unknown[]) => database.root.handle().query<R>(text, params);

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareProductsDatabase(root.handle()));
    const handle = database.root.handle();
    const service = await createProductsSubgraph({
      db: handle,
      logger: createLogger('products', 'silent'),
      imageBaseUrl: 'https://cdn.test/',
    });
    run = graphqlExecutor(service.app, handle);
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  /** Every page of a listing, following endCursor until hasNextPage is false. */
  async function walk(first: number, filter?: Record<string, unknown>) {
    const ids: string[] = [];
    const paths: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await run(PAGE, { first, after, filter });
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo } = (result.data as ProductPage).products;
      pages++;
      for (const edge of edges) {
        ids.push(edge.node.id);
        paths.push(edge.node.categoryPath);
      }
      if (!pageInfo.hasNextPage) return { ids, paths, pages };
      after = pageInfo.endCursor;
    }
  }

  it('seeds 1,000 products, each priced in USD, EUR and GBP with 1 to 3 images', async () => {
    const [counts] = await sql<{ products: number; prices: number; minImages: number; maxImages: number }>(
      `SELECT (SELECT count(*)::int FROM products.product) AS products,
              (SELECT count(*)::int FROM products.price) AS prices,
              (SELECT min(n)::int FROM (SELECT count(*) AS n FROM products.image GROUP BY product_id) i) AS "minImages",
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM products.image GROUP BY product_id) i) AS "maxImages"`,
    );
    // 1,000 products x 3 currencies = 3,000 prices.
    expect(counts).toEqual({ products: 1000, prices: 3000, minImages: 1, maxImages: 3 });

    const { data, errors } = await run(`{
      product(id: "123") {
        id sku name description categoryPath createdAt
        category { id name path parent { name } }
        prices { amount minorUnits currency }
        usd: price { amount currency }
        gbp: price(currency: GBP) { minorUnits }
        images { url thumbnailUrl alt }
      }
    }`);
    expect(errors).toBeUndefined();
    const product = (data as { product: Record<string, unknown> & { category: { path: string } } }).product;
    expect(product).toMatchObject({ id: '123', sku: 'SY-000123', createdAt: expect.any(String) });
    expect(product.categoryPath).toMatch(/^[A-Z][A-Za-z ]+ > [A-Z][A-Za-z ]+$/);
    expect(product.category.path).toBe(product.categoryPath);
    const prices = product.prices as { amount: number; minorUnits: number; currency: string }[];
    expect(prices.map((p) => p.currency)).toEqual(['EUR', 'GBP', 'USD']);
    for (const price of prices) expect(price.amount).toBe(price.minorUnits / 100);
    // USD prices end in .99 (seedPriceMinor).
    expect(product.usd).toEqual({ amount: expect.closeTo(prices[2]?.amount ?? 0, 5), currency: 'USD' });
    expect(String(prices[2]?.minorUnits)).toMatch(/99$/);
    expect(product.gbp).toEqual({ minorUnits: prices[1]?.minorUnits });
    const images = product.images as { url: string; thumbnailUrl: string; alt: string }[];
    expect(images.length).toBeGreaterThanOrEqual(1);
    expect(images[0]).toEqual({
      url: 'https://cdn.test/products/123/full_1.jpg',
      thumbnailUrl: 'https://cdn.test/products/123/thumb_150x150_1.jpg',
      alt: expect.stringContaining(product.name as string),
    });
  });

  it('answers null for a price in a currency the product is not sold in', async () => {
    await sql(`DELETE FROM products.price WHERE product_id = 5 AND currency = 'GBP'`);
    const { data, errors } = await run('{ product(id: "5") { price(currency: GBP) { amount } prices { currency } } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({ product: { price: null, prices: [{ currency: 'EUR' }, { currency: 'USD' }] } });
  });

  it('seeds a tree of 5 roots by name with 4 children each, paths from the root', async () => {
    const { data, errors } = await run(
      '{ categories { id name slug path parent { id } children { name path parent { name } } } }',
    );
    expect(errors).toBeUndefined();
    const roots = (
      data as {
        categories: {
          name: string;
          path: string;
          parent: null;
          children: { name: string; path: string; parent: { name: string } }[];
        }[];
      }
    ).categories;
    expect(roots.map((root) => root.name)).toEqual(['Electronics', 'Fashion', 'Home', 'Sports', 'Toys']);
    for (const root of roots) {
      expect(root.path).toBe(root.name);
      expect(root.parent).toBeNull();
      expect(root.children).toHaveLength(4);
      const names = root.children.map((child) => child.name);
      expect(names).toEqual([...names].sort());
      for (const child of root.children) {
        expect(child.path).toBe(`${root.name} > ${child.name}`);
        expect(child.parent.name).toBe(root.name);
      }
    }
    expect(roots.find((root) => root.name === 'Electronics')?.children.map((c) => c.path)).toContain(
      'Electronics > Accessories',
    );
  });

  it('answers null, not an error, for ids that do not exist or cannot be ids', async () => {
    for (const id of ['1001', '0', '-1', 'abc', '99999999999']) {
      const result = await run('query($id: ID!) { product(id: $id) { id } category(id: $id) { id } }', { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ product: null, category: null });
    }
  });

  it('walks all 1,000 products in id order, page by page, without repeats', async () => {
    const { ids, pages } = await walk(100);
    // 1,000 products / 100 per page = 10 pages; the tenth has no next page.
    expect(pages).toBe(10);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(ids.map(Number)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('pages 20 at a time by default and answers an empty page for first: 0', async () => {
    const first = await run(PAGE, {});
    expect((first.data as ProductPage).products.edges).toHaveLength(20);
    const empty = await run(PAGE, { first: 0 });
    expect((empty.data as ProductPage).products).toEqual({
      edges: [],
      pageInfo: { hasNextPage: true, endCursor: null },
    });
  });

  it('refuses a bad page size or cursor with a stable code, not a server error', async () => {
    for (const first of [-1, 101]) {
      const { errors } = await run(PAGE, { first });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_PAGE_SIZE', max: 100, received: first });
    }
    for (const after of ['not-a-cursor', encodeCursor('users', 5), '']) {
      const { errors } = await run(PAGE, { after });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('lists a category with its descendants', async () => {
    const [electronics] = await sql<{ id: number; n: number }>(
      `SELECT c.id, (SELECT count(*)::int FROM products.product p JOIN products.category l ON l.id = p.category_id
                     WHERE l.parent_id = c.id) AS n
       FROM products.category c WHERE c.name = 'Electronics'`,
    );
    const { ids, paths } = await walk(100, { category: String(electronics?.id) });
    expect(ids.length).toBe(electronics?.n);
    expect(ids.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^Electronics > /);

    const [leaf] = await sql<{ id: number; n: number }>(
      `SELECT c.id, (SELECT count(*)::int FROM products.product p WHERE p.category_id = c.id) AS n
       FROM products.category c WHERE c.path = 'Electronics > Accessories'`,
    );
    const leafPage = await walk(100, { category: String(leaf?.id) });
    expect(leafPage.ids.length).toBe(leaf?.n);
    expect(new Set(leafPage.paths)).toEqual(new Set(['Electronics > Accessories']));
  });

  it('answers an empty page for a category that does not exist', async () => {
    for (const category of ['9999', 'abc']) {
      const { data, errors } = await run(PAGE, { filter: { category } });
      expect(errors).toBeUndefined();
      expect((data as ProductPage).products).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });
});
