export type { Context } from './context.js';
export type { RatingRow, ReviewRow } from './repository.js';
export {
  createReviewsSubgraph,
  prepareReviewsDatabase,
  type ReviewsSubgraphOptions,
} from './subgraph.js';
