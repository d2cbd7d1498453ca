import type { Database } from '@switchyard/db';
import { type Clock, type Logger, systemClock } from '@switchyard/service';
import { type ProductPriceLookup, UNCONFIGURED_PRICES } from './catalog/priceLookup.js';
import { InProcessStatusBus, type StatusBus } from './events/bus.js';
import { type InventoryClient, UNCONFIGURED_INVENTORY } from './inventory/client.js';
import { createOrderCommands } from './orderCommands.js';
import { type PaymentProvider, SimulatedCardProcessor } from './payments/provider.js';
import { createOrdersRepository } from './repository.js';
import { createPlacementSaga, type PlacementSagaOptions } from './saga/placementSaga.js';

/** The collaborators of the orders domain; every one but `db` and `logger` has a default. */
export interface OrdersDomainOptions {
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
  /** Time of saga leases and call timeouts (tests pass a `ManualClock`). @default systemClock */
  clock?: Clock;
  /** Timeouts, retries and lease of the placement saga (`PlacementSagaOptions`). */
  saga?: Pick<
    PlacementSagaOptions,
    'instanceId' | 'leaseMs' | 'inventoryTimeoutMs' | 'paymentTimeoutMs' | 'stepRetries' | 'retryDelayMs'
  >;
}

/**
 * The orders domain wired to its ports, once per process: the read side (`repository`), the
 * write side (`commands`), the placement saga and what it calls, the status bus and the prices.
 * Knows nothing of GraphQL: `context.ts` hands these to resolvers by name.
 */
export function createOrdersDomain(options: OrdersDomainOptions) {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const repository = createOrdersRepository(db);
  const bus = options.bus ?? new InProcessStatusBus();
  const commands = createOrderCommands({ db, bus, logger });
  const payments = options.payments ?? new SimulatedCardProcessor();
  const saga = createPlacementSaga({
    db,
    commands,
    inventory: options.inventory ?? UNCONFIGURED_INVENTORY,
    payments,
    logger,
    clock,
    ...options.saga,
  });
  return {
    repository,
    commands,
    saga,
    bus,
    payments,
    prices: options.prices ?? UNCONFIGURED_PRICES,
    clock,
    logger,
  };
}

export type OrdersDomain = ReturnType<typeof createOrdersDomain>;
