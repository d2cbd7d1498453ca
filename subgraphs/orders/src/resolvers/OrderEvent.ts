import type { OrderEventResolvers } from '../__generated__/resolvers.js';
import type { OrderEventType } from '../domain/order.js';

/** The graph's name of each stored event type. */
const GRAPH_TYPE = {
  'order.created': 'CREATED',
  'order.item_added': 'ITEM_ADDED',
  'order.item_removed': 'ITEM_REMOVED',
  'order.placed': 'PLACED',
  'order.paid': 'PAID',
  'order.cancelled': 'CANCELLED',
  'order.shipped': 'SHIPPED',
  'order.delivered': 'DELIVERED',
} as const satisfies Record<OrderEventType, string>;

export const OrderEvent: OrderEventResolvers = {
  id: (event) => event.eventId,
  type: (event) => GRAPH_TYPE[event.type],
  payload: (event) => JSON.stringify(event.payload),
};
