import { parseId } from '@switchyard/db';
import type { UserResolvers } from '../__generated__/resolvers.js';
import { loadReviewPage } from './reviewPage.js';

export const User: UserResolvers = {
  // Users belong to the users subgraph; any well-formed id is one we can list reviews for.
  __resolveReference: (reference) => {
    const key = parseId(reference.id);
    return key === null ? null : { id: String(key) };
  },
  reviews: (user, args, { loaders }) => loadReviewPage(loaders.reviewsByAuthor, user.id, args),
};
