import type { OrderStatusEventResolvers } from '../__generated__/resolvers.js';
import { orderRowOf } from '../repository.js';

export const OrderStatusEvent: OrderStatusEventResolvers = {
  orderId: (change) => String(change.orderId),
  // The order as this change left it (replayed; cached per version, so many subscribers cost one read).
  order: async (change, _args, { commands }) => {
    const state = await commands.stateAt(change.orderId, change.version);
    if (!state) throw new Error(`order ${change.orderId} has no version ${change.version}`);
    return orderRowOf(state);
  },
};
