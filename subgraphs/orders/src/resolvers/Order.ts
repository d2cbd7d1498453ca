import { parseId } from '@switchyard/db';
import type { OrderResolvers } from '../__generated__/resolvers.js';

export const Order: OrderResolvers = {
  __resolveReference: (reference, { loaders }) => {
    // Ownership (only the customer or an admin may read an order) is checked here with accounts, issue 3.
    const key = parseId(reference.id);
    return key === null ? null : loaders.orderById.load(key);
  },
  customer: (order) => ({ __typename: 'User', id: String(order.customerId) }),
  items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
  // Derived from the same loaded items as `items`: no statement of its own.
  total: async (order, _args, { loaders }) => {
    const items = await loaders.itemsByOrderId.load(order.id);
    const minorUnits = items.reduce((sum, item) => sum + item.unitPriceMinor * item.quantity, 0);
    return { minorUnits, currency: order.currency };
  },
};
