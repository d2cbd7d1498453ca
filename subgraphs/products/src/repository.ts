import type { Database } from '@switchyard/db';

/** The currencies the catalog prices products in (the `price.currency` check in the migration). */
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** A product as the graph sees it. */
export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string;
  categoryId: number;
  createdAt: Date;
}

/** A node of the category tree; `path` is derived by the database ("Electronics > Accessories"). */
export interface CategoryRow {
  id: number;
  parentId: number | null;
  name: string;
  slug: string;
  path: string;
}

/** An amount in one currency, in minor units (cents). */
export interface MoneyRow {
  currency: Currency;
  minorUnits: number;
}

/** A product's catalog price in one currency. */
export interface PriceRow extends MoneyRow {
  productId: number;
}

/** A product picture; `key` names it in the image store ("products/12/1"). */
export interface ImageRow {
  productId: number;
  position: number;
  key: string;
  alt: string;
}

/** The fields of a product a writer may change; an absent field stays as it is. */
export interface ProductChanges {
  name?: string;
  description?: string;
  categoryId?: number;
}

/** Which products a listing asks for: one keyset page in id order. */
export interface ProductListing {
  /** Words that must all match the search read model (the last one as a prefix); null for all. */
  text: string | null;
  /** Only this category and its descendants; null for all. */
  categoryId: number | null;
  /** Rows with ids above this one; null from the start. */
  afterId: number | null;
  /** At most this many rows. */
  limit: number;
}

const PRODUCT_COLUMNS = `p.id, p.sku, p.name, p.description, p.category_id AS "categoryId", p.created_at AS "createdAt"`;
const CATEGORY_COLUMNS = `c.id, c.parent_id AS "parentId", c.name, c.slug, c.path`;

/** Product columns a writer may set, and their database names. */
const PRODUCT_CHANGE_COLUMNS = { name: 'name', description: 'description', categoryId: 'category_id' } as const;

/** All SQL of the products domain: rows in, rows out. */
export function createProductsRepository(db: Database) {
  return {
    /** The products with these ids, in any order; missing ids are simply absent. */
    async findProductsByIds(ids: readonly number[]): Promise<ProductRow[]> {
      return db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products.product p WHERE p.id = ANY($1::int[])`, [
        ids,
      ]);
    },

    /**
     * One page of products in id order. With `text`, only products whose search document matches
     * every word; with `categoryId`, only products in that category or below it.
     */
    async listProducts(listing: ProductListing): Promise<ProductRow[]> {
      return db.query<ProductRow>(
        `WITH RECURSIVE subtree AS (
           SELECT id FROM products.category WHERE id = $2::int
           UNION ALL
           SELECT c.id FROM products.category c JOIN subtree s ON c.parent_id = s.id
         )
         SELECT ${PRODUCT_COLUMNS}
         FROM products.product p
         WHERE ($1::text IS NULL OR EXISTS (
                 SELECT 1 FROM products.product_search s
                 WHERE s.product_id = p.id AND s.document @@ products.search_query($1::text)))
           AND ($2::int IS NULL OR p.category_id IN (SELECT id FROM subtree))
           AND ($3::int IS NULL OR p.id > $3::int)
         ORDER BY p.id
         LIMIT $4`,
        [listing.text, listing.categoryId, listing.afterId, listing.limit],
      );
    },

    /** The prices of these products, by product then currency. */
    async findPricesByProductIds(productIds: readonly number[]): Promise<PriceRow[]> {
      return db.query<PriceRow>(
        `SELECT product_id AS "productId", currency, amount_minor AS "minorUnits"
         FROM products.price WHERE product_id = ANY($1::int[])
         ORDER BY product_id, currency`,
        [productIds],
      );
    },

    /** The images of these products, by product then position (the main picture first). */
    async findImagesByProductIds(productIds: readonly number[]): Promise<ImageRow[]> {
      return db.query<ImageRow>(
        `SELECT product_id AS "productId", position, key, alt
         FROM products.image WHERE product_id = ANY($1::int[])
         ORDER BY product_id, position`,
        [productIds],
      );
    },

    /** The categories with these ids, in any order; missing ids are simply absent. */
    async findCategoriesByIds(ids: readonly number[]): Promise<CategoryRow[]> {
      return db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM products.category c WHERE c.id = ANY($1::int[])`, [
        ids,
      ]);
    },

    /** The direct children of these categories, by parent then name. */
    async findCategoriesByParentIds(parentIds: readonly number[]): Promise<CategoryRow[]> {
      return db.query<CategoryRow>(
        `SELECT ${CATEGORY_COLUMNS} FROM products.category c
         WHERE c.parent_id = ANY($1::int[])
         ORDER BY c.parent_id, c.name, c.id`,
        [parentIds],
      );
    },

    /** The roots of the category tree, by name. */
    async findRootCategories(): Promise<CategoryRow[]> {
      return db.query<CategoryRow>(
        `SELECT ${CATEGORY_COLUMNS} FROM products.category c WHERE c.parent_id IS NULL ORDER BY c.name, c.id`,
      );
    },

    /**
     * Changes a product in one transaction and returns it as stored, or null when there is no such
     * product. The search read model follows through the table's triggers.
     */
    async updateProduct(id: number, changes: ProductChanges): Promise<ProductRow | null> {
      const assignments: string[] = [];
      const params: unknown[] = [id];
      for (const [field, column] of Object.entries(PRODUCT_CHANGE_COLUMNS)) {
        const value = changes[field as keyof ProductChanges];
        if (value === undefined) continue;
        params.push(value);
        assignments.push(`${column} = $${params.length}`);
      }
      if (assignments.length === 0) {
        const [row] = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products.product p WHERE p.id = $1`, [
          id,
        ]);
        return row ?? null;
      }
      return db.transaction(async (tx) => {
        const [row] = await tx.query<ProductRow>(
          `UPDATE products.product p SET ${assignments.join(', ')} WHERE p.id = $1 RETURNING ${PRODUCT_COLUMNS}`,
          params,
        );
        return row ?? null;
      });
    },

    /**
     * Renames a category in one transaction and returns it, or null when there is no such
     * category. Its path, its descendants' paths and the read model follow through triggers;
     * the slug stays (it is in URLs).
     */
    async renameCategory(id: number, name: string): Promise<CategoryRow | null> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<CategoryRow>(
          `UPDATE products.category c SET name = $2 WHERE c.id = $1 RETURNING ${CATEGORY_COLUMNS}`,
          [id, name],
        );
        return row ?? null;
      });
    },
  };
}

export type ProductsRepository = ReturnType<typeof createProductsRepository>;
