import { canActFor } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import { pageRequest, toConnection } from '@switchyard/service';
import type { UserResolvers } from '../__generated__/resolvers.js';

/** The cursor kind of a user's order list: its cursors are refused by any other list. */
const ORDERS_CURSOR = 'orders';

export const User: UserResolvers = {
  // Users live in the users subgraph: any well-formed id is a user as far as orders know.
  __resolveReference: (reference) => {
    const key = parseId(reference.id);
    return key === null ? null : { id: String(key) };
  },
  orders: async (user, args, { loaders, viewer }) => {
    const { limit, afterId } = pageRequest(ORDERS_CURSOR, args, { defaultSize: 10, maxSize: 100 });
    const customerId = parseId(user.id);
    if (customerId === null) return null;
    // The gateway enforces @authenticated; whose orders these are is known only here.
    if (!viewer) throw appError('UNAUTHENTICATED', 'Sign in to see User.orders');
    if (!canActFor(viewer, customerId))
      throw appError('FORBIDDEN', "Only the customer and admins see a customer's orders");
    const rows = await loaders.ordersPageByCustomer.load({ customerId, limit, afterId });
    return toConnection(ORDERS_CURSOR, rows, limit);
  },
};
