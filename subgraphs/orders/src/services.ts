import { randomUUID } from 'node:crypto';
import type { Viewer } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import type { Logger } from '@switchyard/service';
import { type ProductPriceLookup, UNCONFIGURED_PRICES } from './catalog/priceLookup.js';
import type { Context } from './context.js';
import { InProcessStatusBus, type StatusBus } from './events/bus.js';
import { type InventoryClient, UNCONFIGURED_INVENTORY } from './inventory/client.js';
import { createLoaders } from './loaders.js';
import { createOrderCommands } from './orderCommands.js';
import { type PaymentProvider, SimulatedCardProcessor } from './payments/provider.js';
import { createOrdersRepository } from './repository.js';
import { createPlacementSaga, type PlacementSagaOptions } from './saga/placementSaga.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The collaborators of the orders domain; every one but `db` and `logger` has a default. */
export interface OrdersServicesOptions {
  db: Database;
  logger: Logger;
  /**
   * Inventory's reserve/release commands (`createHttpInventoryClient`). @default none configured:
   * every placement fails its reservation and is cancelled with DEPENDENCY_UNAVAILABLE
   */
  inventory?: InventoryClient;
  /** The payment processor. @default a `SimulatedCardProcessor` (its test cards: README) */
  payments?: PaymentProvider;
  /**
   * Where status changes are published (`createStatusBus`: Redis when REDIS_URL is set).
   * @default an `InProcessStatusBus` (one orders instance). The caller closes a bus it passes.
   */
  bus?: StatusBus;
  /**
   * Catalog prices for `addOrderItem` (`createGraphQLPriceLookup`). @default none configured:
   * adding an item fails with DEPENDENCY_UNAVAILABLE
   */
  prices?: ProductPriceLookup;
  /** Timeouts, retries and lease of the placement saga (`PlacementSagaOptions`). */
  saga?: Pick<
    PlacementSagaOptions,
    'instanceId' | 'leaseMs' | 'inventoryTimeoutMs' | 'paymentTimeoutMs' | 'stepRetries' | 'retryDelayMs'
  >;
}

/** The orders domain wired to its ports: what resolvers reach through `context.services`. */
export function createOrdersServices(options: OrdersServicesOptions) {
  const repository = createOrdersRepository(options.db);
  const bus = options.bus ?? new InProcessStatusBus();
  const commands = createOrderCommands({ db: options.db, bus, logger: options.logger });
  const payments = options.payments ?? new SimulatedCardProcessor();
  const saga = createPlacementSaga({
    db: options.db,
    commands,
    inventory: options.inventory ?? UNCONFIGURED_INVENTORY,
    payments,
    logger: options.logger,
    ...options.saga,
  });
  const services = {
    repository,
    commands,
    saga,
    bus,
    payments,
    prices: options.prices ?? UNCONFIGURED_PRICES,
    logger: options.logger,
    /** A fresh resolver context for `viewer` (per request, or per subscription). */
    contextFor(viewer: Viewer | null, requestId?: string): Context {
      return {
        viewer,
        loaders: createLoaders(repository, commands.store),
        services,
        correlationId: requestId && UUID.test(requestId) ? requestId : randomUUID(),
      };
    },
  };
  return services;
}

export type OrdersServices = ReturnType<typeof createOrdersServices>;
