import type { OrderItemResolvers } from '../__generated__/resolvers.js';

export const OrderItem: OrderItemResolvers = {
  product: (item) => ({ __typename: 'Product', id: String(item.productId) }),
  unitPrice: (item) => ({ minorUnits: item.unitPriceMinor, currency: item.currency }),
  lineTotal: (item) => ({ minorUnits: item.unitPriceMinor * item.quantity, currency: item.currency }),
};
