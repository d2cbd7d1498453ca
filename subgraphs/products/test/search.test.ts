import { createLogger } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  type TestDatabase,
  testBackends,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProductsRepository,
  createProductsSubgraph,
  type ProductsRepository,
  prepareProductsDatabase,
} from '../src/index.js';

interface SearchPage {
  products: {
    edges: { node: { id: string; name: string; sku: string; categoryPath: string } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

const SEARCH = `query($text: String, $category: ID) {
  products(first: 100, filter: { text: $text, category: $category }) {
    edges { node { id name sku categoryPath } }
    pageInfo { hasNextPage }
  }
}`;

describe.each(testBackends())('product search on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let repository: ProductsRepository;
  let close: () => Promise<void>;
  const sql = <R extends object>(text: string, params?: unknown[]) => database.root.handle().query<R>(text, params);

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareProductsDatabase(root.handle()));
    const handle = database.root.handle();
    const service = await createProductsSubgraph({ db: handle, logger: createLogger('products', 'silent') });
    run = graphqlExecutor(service.app, handle);
    repository = createProductsRepository(database.root.handle());
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  /** The first 100 hits of a search (enough for every search here), failing on errors. */
  async function search(text: string, category?: string) {
    const result = await run(SEARCH, { text, category });
    expect(result.errors).toBeUndefined();
    return (result.data as SearchPage).products.edges.map((edge) => edge.node);
  }

  /** How many products in category `path` have a name containing `word`, from the base tables. */
  async function countByNameAndPath(word: string, path: string): Promise<number> {
    const [row] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM products.product p JOIN products.category c ON c.id = p.category_id
       WHERE p.name ILIKE '%' || $1 || '%' AND c.path = $2`,
      [word, path],
    );
    return row?.n ?? 0;
  }

  it('keeps one read-model row per product, with name, description, SKU and category words in lower case', async () => {
    const [row] = await sql<{ rows: number; text: string }>(
      `SELECT (SELECT count(*)::int FROM products.product_search) AS rows,
              (SELECT searchable_text FROM products.product_search WHERE product_id = 1) AS text`,
    );
    const [product] = await sql<{ name: string; path: string }>(
      `SELECT p.name, c.path FROM products.product p JOIN products.category c ON c.id = p.category_id WHERE p.id = 1`,
    );
    expect(row?.rows).toBe(1000);
    expect(row?.text).toBe(row?.text.toLowerCase());
    expect(row?.text).toContain(product?.name.toLowerCase().replace(/[^a-z0-9]+/g, ' '));
    expect(row?.text).toContain('sy 000001');
    expect(row?.text).toMatch(new RegExp(`${product?.path.toLowerCase().replace(' > ', ' ')}$`));
  });

  it('finds products by name and category words, all words required', async () => {
    const expected = await countByNameAndPath('wireless mouse', 'Electronics > Accessories');
    expect(expected).toBeGreaterThan(0);
    const hits = await search('Wireless Mouse electronics accessories');
    // Every seeded "Wireless Mouse" is in Electronics > Accessories, and no other product has all four words.
    expect(hits).toHaveLength(expected);
    for (const hit of hits) {
      expect(hit.name).toBe('Wireless Mouse');
      expect(hit.categoryPath).toBe('Electronics > Accessories');
    }
    expect(await search('wireless mouse kitchen')).toEqual([]);
  });

  it('finds a product by its SKU and matches the last word as a prefix', async () => {
    expect((await search('SY-000123')).map((hit) => hit.id)).toEqual(['123']);
    const prefix = await search('wireless mou');
    expect(prefix.length).toBe(await countByNameAndPath('wireless mouse', 'Electronics > Accessories'));
    expect(prefix.every((hit) => hit.name === 'Wireless Mouse')).toBe(true);
  });

  it('combines text with a category filter', async () => {
    const [outdoor] = await sql<{ id: number }>(`SELECT id FROM products.category WHERE path = 'Sports > Outdoor'`);
    const [sports] = await sql<{ id: number }>(`SELECT id FROM products.category WHERE path = 'Sports'`);
    const tents = await search('tent', String(sports?.id));
    expect(tents.length).toBe(await countByNameAndPath('tent', 'Sports > Outdoor'));
    expect(tents.every((hit) => hit.categoryPath === 'Sports > Outdoor')).toBe(true);
    expect(await search('tent', String((outdoor?.id ?? 0) + 1000))).toEqual([]);
  });

  it('treats text without words as no filter and refuses text over 200 characters', async () => {
    const all = await run('{ products(first: 5, filter: { text: "  --  " }) { edges { node { id } } } }');
    expect(all.errors).toBeUndefined();
    expect(all.data).toEqual({ products: { edges: ['1', '2', '3', '4', '5'].map((id) => ({ node: { id } })) } });

    const long = await run(SEARCH, { text: 'a'.repeat(201) });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', max: 200, received: 201 });
    const limit = await run(SEARCH, { text: 'a'.repeat(200) });
    expect(limit.errors).toBeUndefined();
  });

  it('reflects a product update made through the repository', async () => {
    const [before] = await sql<{ name: string }>('SELECT name FROM products.product WHERE id = 7');
    expect(await search('zanzibar')).toEqual([]);

    const updated = await repository.updateProduct(7, { name: 'Zanzibar Lantern', description: 'Hand-blown glass.' });
    expect(updated).toMatchObject({ id: 7, name: 'Zanzibar Lantern', description: 'Hand-blown glass.' });

    expect((await search('zanzibar lant')).map((hit) => hit.id)).toEqual(['7']);
    expect((await search('hand blown glass')).map((hit) => hit.id)).toEqual(['7']);
    // The old name no longer finds product 7.
    expect((await search(before?.name ?? '')).map((hit) => hit.id)).not.toContain('7');

    // Moving it to another category moves it in search too.
    const [kitchen] = await sql<{ id: number }>(`SELECT id FROM products.category WHERE path = 'Home > Kitchen'`);
    await repository.updateProduct(7, { categoryId: kitchen?.id ?? 0 });
    expect((await search('zanzibar home kitchen')).map((hit) => hit.id)).toEqual(['7']);

    expect(await repository.updateProduct(4242, { name: 'Nothing' })).toBeNull();
  });

  it('reflects a category rename in the paths and the search of every product below it', async () => {
    const [electronics] = await sql<{ id: number }>(`SELECT id FROM products.category WHERE path = 'Electronics'`);
    const [below] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM products.product p JOIN products.category c ON c.id = p.category_id
       WHERE c.path LIKE 'Electronics > %'`,
    );
    const mice = await countByNameAndPath('wireless mouse', 'Electronics > Accessories');

    const renamed = await repository.renameCategory(electronics?.id ?? 0, 'Gadgets');
    expect(renamed).toMatchObject({ name: 'Gadgets', path: 'Gadgets', slug: 'electronics' });

    const { data } = await run('query($id: ID!) { category(id: $id) { children { path } } }', {
      id: String(electronics?.id),
    });
    const paths = (data as { category: { children: { path: string }[] } }).category.children.map((c) => c.path);
    expect(paths).toEqual(['Gadgets > Accessories', 'Gadgets > Audio', 'Gadgets > Cameras', 'Gadgets > Computers']);

    const hits = await search('wireless mouse gadgets accessories');
    expect(hits).toHaveLength(mice);
    expect(hits.every((hit) => hit.categoryPath === 'Gadgets > Accessories')).toBe(true);
    expect(await search('electronics')).toEqual([]);

    const [searchable] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM products.product_search WHERE searchable_text LIKE '% gadgets %'`,
    );
    // Every product below the renamed root, and no other, now carries the new word.
    expect(searchable?.n).toBe(below?.n);

    expect(await repository.renameCategory(4242, 'Nothing')).toBeNull();
  });

  it('refuses to move a category under its own descendant', async () => {
    const [root] = await sql<{ id: number; child: number }>(
      `SELECT c.id, (SELECT min(id) FROM products.category WHERE parent_id = c.id) AS child
       FROM products.category c WHERE c.path = 'Toys'`,
    );
    await expect(
      sql('UPDATE products.category SET parent_id = $2 WHERE id = $1', [root?.id, root?.child]),
    ).rejects.toThrow(/descendant/);
  });
});
