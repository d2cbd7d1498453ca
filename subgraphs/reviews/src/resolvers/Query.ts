import { parseId } from '@switchyard/db';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  review: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.reviewById.load(key);
  },
};
