import type { Loaders } from './loaders.js';

/** What a resolver of the orders subgraph gets: fresh per request. */
export interface Context {
  loaders: Loaders;
  /** The signed-in user's id, or null when anonymous. Authentication arrives with issue 3. */
  viewerId: number | null;
}
