import { byKey, groupByKey, LOADER_MAX_BATCH_SIZE } from '@switchyard/service';
import DataLoader from 'dataloader';
import { type InventoryRepository, type InventoryRow, inventoryOf, type WarehouseRow } from './repository.js';

/** The DataLoaders of one request: every load by key in this subgraph goes through them. */
export function createLoaders(repository: InventoryRepository) {
  return {
    /** Warehouses by id: one statement per batch, `null` for an unknown id. */
    warehouseById: new DataLoader<number, WarehouseRow | null>(
      async (ids) => byKey(ids, await repository.findWarehousesByIds(ids), (row) => row.id),
      { maxBatchSize: LOADER_MAX_BATCH_SIZE },
    ),
    /**
     * A product's inventory by product id: one statement per batch for the stock rows of all
     * keys; a product without rows gets zeros and no warehouses, never `null`.
     */
    inventoryByProductId: new DataLoader<number, InventoryRow>(
      async (productIds) => {
        const groups = groupByKey(
          productIds,
          await repository.findStockByProductIds(productIds),
          (row) => row.productId,
        );
        return productIds.map((productId, index) => inventoryOf(productId, groups[index] ?? []));
      },
      { maxBatchSize: LOADER_MAX_BATCH_SIZE },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
