import { canActFor } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import type { QueryResolvers } from '../__generated__/resolvers.js';
import { orderRowOf } from '../repository.js';

export const Query: QueryResolvers = {
  order: async (_parent, { id, asOfVersion }, { loaders, viewer, commands }) => {
    const key = parseId(id);
    const order = key === null ? null : await loaders.orderById.load(key);
    // Another customer's order answers exactly like a missing one: ids reveal nothing (no IDOR).
    if (!order || !canActFor(viewer, order.customerId)) return null;
    if (asOfVersion === null || asOfVersion === undefined) return order;
    if (asOfVersion < 1 || asOfVersion > order.version) {
      throw appError(
        'INVALID_ARGUMENT',
        `asOfVersion must be from 1 to the order's version ${order.version}, got ${asOfVersion}`,
        { argument: 'asOfVersion', min: 1, max: order.version, received: asOfVersion },
      );
    }
    const state = await commands.stateAt(order.id, asOfVersion);
    return state ? orderRowOf(state) : null;
  },
};
