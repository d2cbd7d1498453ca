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
  // A replayed state (asOfVersion, subscription events, mutation results) brings its items.
  items: (order, _args, { loaders }) => order.replayedItems ?? loaders.itemsByOrderId.load(order.id),
  // Derived from the same loaded items as `items`: no statement of its own.
  total: async (order, _args, { loaders }) => {
    const items = order.replayedItems ?? (await loaders.itemsByOrderId.load(order.id));
    const minorUnits = items.reduce((sum, item) => sum + item.unitPriceMinor * item.quantity, 0);
    return { minorUnits, currency: order.currency };
  },
  // The events up to the version this state stands at (all of them for the current state).
  history: async (order, _args, { loaders }) =>
    (await loaders.eventsByOrderId.load(order.id)).filter((event) => event.version <= order.version),
};
