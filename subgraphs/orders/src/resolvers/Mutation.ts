import { parseId } from '@switchyard/db';
import type { MutationResolvers } from '../__generated__/resolvers.js';
import type { Context } from '../context.js';
import { OrderDomainError } from '../domain/errors.js';
import { addItem, cancel, deliver, type OrderState, removeItem, ship } from '../domain/order.js';
import type { CommandContext } from '../orderCommands.js';
import { orderRowOf } from '../repository.js';
import { guarded, orderIdOf, ownedBy, requireAdmin, requireViewer } from './access.js';

function commandContext(context: Context, userId: number): CommandContext {
  return { correlationId: context.correlationId, causationId: null, metadata: { userId, source: 'graphql' } };
}

function productIdOf(id: string): number {
  const key = parseId(id);
  if (key === null) throw new OrderDomainError('PRODUCT_NOT_FOUND', `No product with id ${id}`, { productId: id });
  return key;
}

export const Mutation: MutationResolvers = {
  createOrder: (_parent, { currency }, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'createOrder');
      const state = await context.commands.create(
        { customerId: viewer.id, currency },
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),

  addOrderItem: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'addOrderItem');
      const orderId = orderIdOf(args.orderId);
      const productId = productIdOf(args.productId);
      const { commands, prices } = context;
      const check = ownedBy(viewer);
      const current = await commands.load(orderId);
      if (!current) throw new OrderDomainError('ORDER_NOT_FOUND', `No order with id ${args.orderId}`);
      check(current);
      // Refuse what the order's state refuses before asking the catalog (a price of 0 decides nothing).
      addItem(current, { productId, quantity: args.quantity, unitPriceMinor: 0 });
      // A product already in the order keeps its line's price: no need to ask.
      const inOrder = current.lines.find((line) => line.productId === productId);
      const unitPriceMinor = inOrder?.unitPriceMinor ?? (await prices.unitPriceMinor(productId, current.currency));
      if (unitPriceMinor === null) {
        throw new OrderDomainError(
          'PRODUCT_NOT_FOUND',
          `No product with id ${productId} is sold in ${current.currency}`,
          { productId, currency: current.currency },
        );
      }
      const { state } = await commands.execute(
        orderId,
        (state: OrderState) => {
          check(state);
          // The state may have moved on since it was priced (another line, another currency: no).
          return addItem(state, { productId, quantity: args.quantity, unitPriceMinor });
        },
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),

  removeOrderItem: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'removeOrderItem');
      const orderId = orderIdOf(args.orderId);
      const productId = productIdOf(args.productId);
      const check = ownedBy(viewer);
      const { state } = await context.commands.execute(
        orderId,
        (state) => {
          check(state);
          return removeItem(state, productId);
        },
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),

  placeOrder: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'placeOrder');
      const orderId = orderIdOf(args.orderId);
      const state = await context.saga.place(
        orderId,
        args.paymentMethod.cardNumber,
        commandContext(context, viewer.id),
        ownedBy(viewer),
      );
      return orderRowOf(state);
    }),

  cancelOrder: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'cancelOrder');
      const orderId = orderIdOf(args.orderId);
      const check = ownedBy(viewer);
      const { state } = await context.commands.execute(
        orderId,
        (state) => {
          check(state);
          return cancel(state, { reason: args.reason });
        },
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),

  shipOrder: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'shipOrder');
      requireAdmin(viewer, 'shipOrder');
      const { state } = await context.commands.execute(
        orderIdOf(args.orderId),
        ship,
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),

  deliverOrder: (_parent, args, context) =>
    guarded(async () => {
      const viewer = requireViewer(context.viewer, 'deliverOrder');
      requireAdmin(viewer, 'deliverOrder');
      const { state } = await context.commands.execute(
        orderIdOf(args.orderId),
        deliver,
        commandContext(context, viewer.id),
      );
      return orderRowOf(state);
    }),
};
