import { byKey, groupByKey, LOADER_MAX_BATCH_SIZE } from '@switchyard/service';
import DataLoader from 'dataloader';
import type { CategoryRow, ImageRow, PriceRow, ProductRow, ProductsRepository } from './repository.js';

/** The DataLoaders of one request: every load by key in this subgraph goes through them. */
export function createLoaders(repository: ProductsRepository) {
  const options = { maxBatchSize: LOADER_MAX_BATCH_SIZE };
  return {
    /** Products by id: one statement per batch, `null` for an unknown id. */
    productById: new DataLoader<number, ProductRow | null>(
      async (ids) => byKey(ids, await repository.findProductsByIds(ids), (row) => row.id),
      options,
    ),
    /** The prices of a product (one per currency it is sold in), `[]` when it has none. */
    pricesByProductId: new DataLoader<number, PriceRow[]>(
      async (ids) => groupByKey(ids, await repository.findPricesByProductIds(ids), (row) => row.productId),
      options,
    ),
    /** The images of a product, main picture first, `[]` when it has none. */
    imagesByProductId: new DataLoader<number, ImageRow[]>(
      async (ids) => groupByKey(ids, await repository.findImagesByProductIds(ids), (row) => row.productId),
      options,
    ),
    /** Categories by id, `null` for an unknown id. */
    categoryById: new DataLoader<number, CategoryRow | null>(
      async (ids) => byKey(ids, await repository.findCategoriesByIds(ids), (row) => row.id),
      options,
    ),
    /** The direct children of a category, by name, `[]` for a leaf. */
    categoriesByParentId: new DataLoader<number, CategoryRow[]>(
      // Every row of this statement has a parent (it selects by parent_id), so `?? 0` never applies.
      async (ids) => groupByKey(ids, await repository.findCategoriesByParentIds(ids), (row) => row.parentId ?? 0),
      options,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
