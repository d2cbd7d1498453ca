import { canActFor } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import type { OrderResolvers } from '../__generated__/resolvers.js';

export const Order: OrderResolvers = {
  __resolveReference: async (reference, { loaders, viewer }) => {
    const key = parseId(reference.id);
    const order = key === null ? null : await loaders.orderById.load(key);
    // Only the customer and admins see an order, however it is reached.
    return order && canActFor(viewer, order.customerId) ? order : null;
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
