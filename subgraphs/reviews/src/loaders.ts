import { byKey, groupByKey, LOADER_MAX_BATCH_SIZE } from '@switchyard/service';
import DataLoader from 'dataloader';
import type { RatingRow, ReviewOwner, ReviewRow, ReviewsRepository } from './repository.js';

/** One page of one owner's reviews: a product's or an author's, as validated by `pageRequest`. */
export interface ReviewPageKey {
  ownerId: number;
  /** Page size; the loader fetches one row more so `toConnection` can tell whether a page follows. */
  limit: number;
  afterId: number | null;
}

const pageKey = (key: ReviewPageKey) => `${key.ownerId}:${key.limit}:${key.afterId ?? ''}`;
const ownerOf: Record<ReviewOwner, (row: ReviewRow) => number> = {
  product: (row) => row.productId,
  author: (row) => row.authorId,
};

/**
 * Pages of reviews for many owners: keys asking for the same page (`limit`, `afterId`) share one
 * statement, so a request listing the first page of 50 products' reviews costs one statement.
 * Resolves `limit + 1` rows per key (fewer at the end of the list), newest first.
 */
function createPageLoader(repository: ReviewsRepository, owner: ReviewOwner) {
  return new DataLoader<ReviewPageKey, ReviewRow[], string>(
    async (keys) => {
      const groups = new Map<string, ReviewPageKey[]>();
      for (const key of keys) {
        const group = `${key.limit}:${key.afterId ?? ''}`;
        const list = groups.get(group);
        if (list) list.push(key);
        else groups.set(group, [key]);
      }
      const pages = new Map<string, ReviewRow[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const [{ limit, afterId }] = group as [ReviewPageKey, ...ReviewPageKey[]];
          const ownerIds = group.map((key) => key.ownerId);
          const rows = await repository.findPages({ owner, ownerIds, afterId, rowsPerOwner: limit + 1 });
          const perOwner = groupByKey(ownerIds, rows, ownerOf[owner]);
          for (const [index, key] of group.entries()) pages.set(pageKey(key), perOwner[index] ?? []);
        }),
      );
      return keys.map((key) => pages.get(pageKey(key)) ?? []);
    },
    // At most 100 owners × 101 rows in one statement.
    { cacheKeyFn: pageKey, maxBatchSize: LOADER_MAX_BATCH_SIZE },
  );
}

/** The DataLoaders of one request: every load by key in this subgraph goes through them. */
export function createLoaders(repository: ReviewsRepository) {
  return {
    /** Reviews by id: one statement per batch, `null` for an unknown id. */
    reviewById: new DataLoader<number, ReviewRow | null>(
      async (ids) => byKey(ids, await repository.findByIds(ids), (row) => row.id),
      { maxBatchSize: LOADER_MAX_BATCH_SIZE },
    ),
    /** A product's reviews, a page at a time. */
    reviewsByProduct: createPageLoader(repository, 'product'),
    /** An author's reviews, a page at a time. */
    reviewsByAuthor: createPageLoader(repository, 'author'),
    /** Products' ratings: one `GROUP BY` statement per batch; count 0 and no average without reviews. */
    ratingByProduct: new DataLoader<number, RatingRow>(
      async (productIds) => {
        const found = byKey(productIds, await repository.ratingsByProductIds(productIds), (row) => row.productId);
        return productIds.map((productId, index) => found[index] ?? { productId, average: null, count: 0 });
      },
      { maxBatchSize: LOADER_MAX_BATCH_SIZE },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
