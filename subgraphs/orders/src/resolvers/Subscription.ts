import { canActFor } from '@switchyard/auth';
import { appError } from '@switchyard/errors';
import type { SubscriptionResolvers } from '../__generated__/resolvers.js';
import type { StatusChange } from '../events/bus.js';
import { StatusStream } from '../events/statusStream.js';
import { guarded, notFound, orderIdOf, requireViewer } from './access.js';

export const Subscription: SubscriptionResolvers = {
  orderStatusChanged: {
    subscribe: (_parent, { orderId: id, afterVersion }, { viewer, repository, bus, commands }) =>
      guarded(async () => {
        const who = requireViewer(viewer, 'orderStatusChanged');
        const orderId = orderIdOf(id);
        if (afterVersion !== null && afterVersion !== undefined && afterVersion < 0) {
          throw appError('INVALID_ARGUMENT', `afterVersion must be 0 or more, got ${afterVersion}`, {
            argument: 'afterVersion',
            min: 0,
            received: afterVersion,
          });
        }
        const [order] = await repository.findByIds([orderId]);
        if (!order || !canActFor(who, order.customerId)) throw notFound(id);
        return StatusStream.open({
          orderId,
          bus,
          store: commands.store,
          afterVersion: afterVersion ?? null,
          // Read after the bus subscription is live, so a change in between is not lost.
          current: async () => {
            const [row] = await repository.findByIds([orderId]);
            if (!row) return null;
            return {
              orderId,
              status: row.status,
              version: row.version,
              occurredAt: row.updatedAt.toISOString(),
              reason: row.cancellationReason,
              reasonCode: row.cancellationCode,
            };
          },
        });
      }),
    resolve: (change: StatusChange) => change,
  },
};
