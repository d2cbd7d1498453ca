import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { seedOrders } from './seed.js';
import { createOrdersServices, type OrdersServices, type OrdersServicesOptions } from './services.js';
import { backfillOrderEvents } from './store/backfill.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface OrdersSubgraphOptions extends OrdersServicesOptions {
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default false */
  introspection?: boolean;
  /**
   * How often unfinished placement sagas whose instance died are looked for and resumed (also once
   * at start-up); 0 turns the sweep off (tests that resume by hand). @default 30000
   */
  sagaRecoveryIntervalMs?: number;
}

/** The orders subgraph: the GraphQL service plus the domain services behind it. */
export type OrdersSubgraph = GraphQLService<Context> & { services: OrdersServices };

/**
 * Runs the orders migrations and, when `seed` is set and the tables are empty, the seed; orders
 * without events (seeded ones) then get the history that leads to them.
 */
export async function prepareOrdersDatabase(db: Database, options: { seed: boolean } = { seed: true }): Promise<void> {
  await migrate(db, 'orders', MIGRATIONS_DIR);
  if (options.seed) await seedOrders(db);
  await backfillOrderEvents(db);
}

/**
 * The orders subgraph, built but not listening. Starts the saga recovery sweep (stopped by
 * `close`, which also waits for the sagas running in this process).
 */
export async function createOrdersSubgraph(options: OrdersSubgraphOptions): Promise<OrdersSubgraph> {
  const services = createOrdersServices(options);
  const service = await createSubgraphService<Context>({
    name: 'orders',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('orders'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (request, identity) => services.contextFor(identity.viewer, request?.id),
    verifyIdentity: options.verifyIdentity,
  });
  const intervalMs = options.sagaRecoveryIntervalMs ?? 30_000;
  let sweeping: Promise<unknown> | null = null;
  const sweep = () => {
    sweeping ??= services.saga
      .resumeSagas()
      .catch((error: unknown) => options.logger.error({ err: error }, 'saga recovery sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  if (intervalMs > 0) {
    sweep();
    timer = setInterval(sweep, intervalMs);
    timer.unref();
  }
  let closing: Promise<void> | undefined;
  return {
    ...service,
    services,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        await service.close();
        await sweeping;
        await services.saga.drain();
      })();
      return closing;
    },
  };
}
