import type { Loaders } from './loaders.js';

/** What a resolver of the reviews subgraph gets: fresh per request. */
export interface Context {
  loaders: Loaders;
}
