import { parseId } from '@switchyard/db';
import type { ReviewResolvers } from '../__generated__/resolvers.js';

export const Review: ReviewResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.reviewById.load(key);
  },
  // References to entities of other subgraphs: the gateway asks users and products for the rest.
  author: (review) => ({ __typename: 'User', id: String(review.authorId) }),
  product: (review) => ({ __typename: 'Product', id: String(review.productId) }),
};
