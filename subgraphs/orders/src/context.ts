import { randomUUID } from 'node:crypto';
import type { Viewer } from '@switchyard/auth';
import type { ProductPriceLookup } from './catalog/priceLookup.js';
import type { StatusBus } from './events/bus.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { OrderCommands } from './orderCommands.js';
import type { OrdersDomain } from './ordersDomain.js';
import type { OrdersRepository } from './repository.js';
import type { PlacementSaga } from './saga/placementSaga.js';

/** What a resolver of the orders subgraph gets: fresh per request (or per subscription). */
export interface Context {
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  /** This request's DataLoaders (read side). */
  loaders: Loaders;
  /** Carried onto the events this request appends (the request id when it is a UUID). */
  correlationId: string;
  /** The write side: loads an order by replay, decides, appends. */
  commands: OrderCommands;
  /** `placeOrder`'s saga. */
  saga: PlacementSaga;
  /** The projection's SQL (a subscription's first read). */
  repository: OrdersRepository;
  /** Where status changes are published and heard (subscriptions). */
  bus: StatusBus;
  /** Catalog prices for `addOrderItem`. */
  prices: ProductPriceLookup;
}

/** A request id that can stand as a correlation id. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds resolver contexts for `domain`: the one place a Context is made (per request, or per subscription). */
export function createContextFactory(domain: OrdersDomain) {
  const { commands, saga, repository, bus, prices } = domain;
  return (viewer: Viewer | null, requestId?: string): Context => ({
    viewer,
    loaders: createLoaders(repository, commands.store),
    correlationId: requestId && UUID.test(requestId) ? requestId : randomUUID(),
    commands,
    saga,
    repository,
    bus,
    prices,
  });
}

export type ContextFactory = ReturnType<typeof createContextFactory>;
