import type { Queryable } from '@switchyard/db';

/** A review as the graph sees it; product and author are ids owned by other subgraphs. */
export interface ReviewRow {
  id: number;
  productId: number;
  authorId: number;
  /** Stars, 1 to 5. */
  rating: number;
  body: string;
  createdAt: Date;
}

/** A product's reviews summed up: `average` is rounded to two decimals, null when `count` is 0. */
export interface RatingRow {
  productId: number;
  average: number | null;
  count: number;
}

/** Whose reviews a list holds, and the column that says so. */
const REVIEW_OWNER_COLUMNS = { product: 'product_id', author: 'author_id' } as const;
export type ReviewOwner = keyof typeof REVIEW_OWNER_COLUMNS;

/** One page request for many owners at once: the same `afterId` and row count for each. */
export interface PageQuery {
  owner: ReviewOwner;
  ownerIds: readonly number[];
  /** Only reviews with a smaller id (keyset paging, newest first); null for the first page. */
  afterId: number | null;
  /** Rows per owner: the page size plus one, to learn whether another page follows. */
  rowsPerOwner: number;
}

const COLUMNS = `r.id, r.product_id AS "productId", r.author_id AS "authorId", r.rating, r.body,
  r.created_at AS "createdAt"`;

/** All SQL of the reviews domain: rows in, rows out. */
export function createReviewsRepository(db: Queryable) {
  return {
    /** The reviews with these ids, in any order; missing ids are simply absent. */
    async findByIds(ids: readonly number[]): Promise<ReviewRow[]> {
      return db.query<ReviewRow>(`SELECT ${COLUMNS} FROM reviews.review r WHERE r.id = ANY($1::int[])`, [ids]);
    },

    /**
     * Up to `rowsPerOwner` reviews of each owner, newest first, grouped by owner: one statement
     * however many owners. The lateral subquery walks the (owner, id DESC) index and stops after
     * `rowsPerOwner` rows, so a product with thousands of reviews costs no more than one with ten.
     */
    async findPages({ owner, ownerIds, afterId, rowsPerOwner }: PageQuery): Promise<ReviewRow[]> {
      const column = REVIEW_OWNER_COLUMNS[owner];
      return db.query<ReviewRow>(
        `SELECT ${COLUMNS}
           FROM unnest($1::int[]) AS o(id)
           CROSS JOIN LATERAL (
             SELECT * FROM reviews.review
              WHERE ${column} = o.id AND ($2::int IS NULL OR id < $2::int)
              ORDER BY id DESC
              LIMIT $3
           ) r
          ORDER BY r.${column}, r.id DESC`,
        [ownerIds, afterId, rowsPerOwner],
      );
    },

    /** Count and rounded mean of the reviews of each product that has any; others are absent. */
    async ratingsByProductIds(productIds: readonly number[]): Promise<RatingRow[]> {
      return db.query<RatingRow>(
        `SELECT product_id AS "productId", count(*)::int AS count, round(avg(rating), 2)::float8 AS average
           FROM reviews.review
          WHERE product_id = ANY($1::int[])
          GROUP BY product_id`,
        [productIds],
      );
    },

    async count(): Promise<number> {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews.review');
      return row?.n ?? 0;
    },
  };
}

export type ReviewsRepository = ReturnType<typeof createReviewsRepository>;
