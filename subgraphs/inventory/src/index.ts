export type { Context } from './context.js';
export {
  INVENTORY_ERROR_CODES,
  InventoryError,
  type InventoryErrorCode,
  type InventoryErrorDetails,
  isInventoryError,
} from './errors.js';
export {
  createInventoryRepository,
  type InventoryRepository,
  type InventoryRow,
  type StockLine,
  type StockRow,
  type WarehouseRow,
} from './repository.js';
export { SEED_WAREHOUSES } from './seed.js';
export { createInventorySubgraph, type InventorySubgraphOptions, prepareInventoryDatabase } from './subgraph.js';
