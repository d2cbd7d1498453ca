import type { Loaders } from './loaders.js';
import type { InventoryRepository } from './repository.js';

/** What a resolver of the inventory subgraph gets: fresh per request. */
export interface Context {
  loaders: Loaders;
  /** For reads that are not loads by key (the list of warehouses); loads by key use `loaders`. */
  repository: InventoryRepository;
}
