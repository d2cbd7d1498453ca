export { DEFAULT_IMAGE_BASE_URL, loadProductsConfig, type ProductsConfig } from './config.js';
export type { Context } from './context.js';
export {
  type CategoryRow,
  CURRENCIES,
  type Currency,
  createProductsRepository,
  type ImageRow,
  type MoneyRow,
  type PriceRow,
  type ProductChanges,
  type ProductRow,
  type ProductsRepository,
} from './repository.js';
export { seedSku } from './seed.js';
export {
  createProductsSubgraph,
  type ProductsSubgraphOptions,
  prepareProductsDatabase,
} from './subgraph.js';
