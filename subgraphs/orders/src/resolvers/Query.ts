import { canActFor } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  order: async (_parent, { id }, { loaders, viewer }) => {
    const key = parseId(id);
    const order = key === null ? null : await loaders.orderById.load(key);
    // Another customer's order answers exactly like a missing one: ids reveal nothing (no IDOR).
    return order && canActFor(viewer, order.customerId) ? order : null;
  },
};
