import type { Viewer } from '@switchyard/auth';
import type { Loaders } from './loaders.js';

/** What a resolver of the reviews subgraph gets: fresh per request. */
export interface Context {
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  loaders: Loaders;
}
