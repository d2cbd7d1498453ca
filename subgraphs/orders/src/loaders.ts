import { byKey, groupByKey, LOADER_MAX_BATCH_SIZE } from '@switchyard/service';
import DataLoader from 'dataloader';
import type { RecordedEvent } from './domain/order.js';
import type { OrderItemRow, OrderRow, OrdersRepository } from './repository.js';
import type { EventStore } from './store/eventStore.js';

/** One page of one customer's orders, newest first: the key of `ordersPageByCustomer`. */
export interface CustomerOrdersPage {
  customerId: number;
  /** The page size (`first`). */
  limit: number;
  /** Orders below this id (the `after` cursor's), or from the newest when null. */
  afterId: number | null;
}

/** The DataLoaders of one request: every load by key in this subgraph goes through them. */
export function createLoaders(repository: OrdersRepository, events: EventStore) {
  const orderById = new DataLoader<number, OrderRow | null>(
    async (ids) => byKey(ids, await repository.findByIds(ids), (row) => row.id),
    { maxBatchSize: LOADER_MAX_BATCH_SIZE },
  );

  const itemsByOrderId = new DataLoader<number, OrderItemRow[]>(
    async (ids) => groupByKey(ids, await repository.findItemsByOrderIds(ids), (row) => row.orderId),
    { maxBatchSize: LOADER_MAX_BATCH_SIZE },
  );

  const ordersPageByCustomer = new DataLoader<CustomerOrdersPage, OrderRow[], string>(
    async (pages) => {
      const groups = new Map<string, CustomerOrdersPage[]>();
      for (const page of pages) {
        const group = `${page.limit}:${page.afterId ?? ''}`;
        const list = groups.get(group);
        if (list) list.push(page);
        else groups.set(group, [page]);
      }
      const rowsByPage = new Map<string, OrderRow[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { limit, afterId } = group[0] as CustomerOrdersPage;
          const customerIds = group.map((page) => page.customerId);
          const rows = await repository.findNewestByCustomerIds(customerIds, limit + 1, afterId);
          const perCustomer = groupByKey(customerIds, rows, (row) => row.customerId);
          for (const [index, page] of group.entries()) rowsByPage.set(pageKey(page), perCustomer[index] ?? []);
        }),
      );
      // A page's orders are whole rows: later loads of them by id need no statement.
      for (const rows of rowsByPage.values()) for (const row of rows) orderById.prime(row.id, row);
      return pages.map((page) => rowsByPage.get(pageKey(page)) ?? []);
    },
    { maxBatchSize: LOADER_MAX_BATCH_SIZE, cacheKeyFn: pageKey },
  );

  const eventsByOrderId = new DataLoader<number, RecordedEvent[]>(
    async (ids) => groupByKey(ids, await events.loadMany(ids), (event) => event.orderId),
    { maxBatchSize: LOADER_MAX_BATCH_SIZE },
  );

  return {
    /** Orders by id: one statement per batch, `null` for an unknown id. */
    orderById,
    /** An order's items in position order: one statement per batch, `[]` for an unknown order. */
    itemsByOrderId,
    /**
     * A page of a customer's orders: up to `limit + 1` rows, newest first (the extra row tells
     * `toConnection` another page follows). Keys that share the page size and cursor share one
     * statement, so any number of users asking for their first page costs one query.
     */
    ordersPageByCustomer,
    /** An order's events in version order: one statement per batch, `[]` for an unknown order. */
    eventsByOrderId,
  };
}

/** A page request's identity: the same customer, size and cursor is the same page. */
function pageKey(page: CustomerOrdersPage): string {
  return `${page.customerId}:${page.limit}:${page.afterId ?? ''}`;
}

export type Loaders = ReturnType<typeof createLoaders>;
