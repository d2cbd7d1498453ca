import type { Viewer } from '@switchyard/auth';
import type { Loaders } from './loaders.js';
import type { InventoryRepository } from './repository.js';

/** What a resolver of the inventory subgraph gets: fresh per request. */
export interface Context {
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  loaders: Loaders;
  /** For reads that are not loads by key (the list of warehouses); loads by key use `loaders`. */
  repository: InventoryRepository;
}
