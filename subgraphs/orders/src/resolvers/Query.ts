import { parseId } from '@switchyard/db';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  order: (_parent, { id }, { loaders }) => {
    // Ownership (only the customer or an admin may read an order) is checked here with accounts, issue 3.
    const key = parseId(id);
    return key === null ? null : loaders.orderById.load(key);
  },
};
