import type { Viewer } from '@switchyard/auth';
import type { Loaders } from './loaders.js';
import type { ProductsRepository } from './repository.js';

/** What a resolver of the products subgraph gets: fresh per request. */
export interface Context {
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  /** Every load by key goes through these (the N+1 rule). */
  loaders: Loaders;
  /** For the reads that are not loads by key: listings and the category roots. */
  repository: ProductsRepository;
  /** Where product images are served from, without a trailing slash (https://images.switchyard.example). */
  imageBaseUrl: string;
}
