import { parseId } from '@switchyard/db';
import type { ProductResolvers } from '../__generated__/resolvers.js';
import { loadReviewPage } from './reviewPage.js';

export const Product: ProductResolvers = {
  // Products belong to the products subgraph; any well-formed id is one we can list reviews for.
  __resolveReference: (reference) => {
    const key = parseId(reference.id);
    return key === null ? null : { id: String(key) };
  },
  reviews: (product, args, { loaders }) => loadReviewPage(loaders.reviewsByProduct, product.id, args),
  rating: (product, _args, { loaders }) => {
    const key = parseId(product.id);
    return key === null ? null : loaders.ratingByProduct.load(key);
  },
};
