import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { type Context, createContextFactory } from './context.js';
import { createOrdersDomain, type OrdersDomain, type OrdersDomainOptions } from './ordersDomain.js';
import { resolvers } from './resolvers/index.js';
import { seedOrders } from './seed.js';
import { backfillOrderEvents } from './store/backfill.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface OrdersSubgraphOptions extends OrdersDomainOptions {
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default false */
  introspection?: boolean;
  /**
   * How often unfinished placement sagas whose instance died are looked for and resumed (also once
   * at start-up, 0 ms after it on `clock`); 0 turns the sweep off (tests that resume by hand).
   * @default 30000
   */
  sagaRecoveryIntervalMs?: number;
}

/** The orders subgraph: the GraphQL service plus the domain behind it. */
export type OrdersSubgraph = GraphQLService<Context> & { domain: OrdersDomain };

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
  const domain = createOrdersDomain(options);
  const contextFor = createContextFactory(domain);
  const service = await createSubgraphService<Context>({
    name: 'orders',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('orders'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (request, identity) => contextFor(identity.viewer, request?.id),
    verifyIdentity: options.verifyIdentity,
  });
  const intervalMs = options.sagaRecoveryIntervalMs ?? 30_000;
  let sweeping: Promise<unknown> | null = null;
  const sweep = () => {
    sweeping ??= domain.saga
      .resumeSagas()
      .catch((error: unknown) => options.logger.error({ err: error }, 'saga recovery sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  };
  // Every sweep, the one at start-up included, is a timer of the clock (one-shot: each arms the
  // next), so a test's ManualClock decides when one runs and none adds statements unasked.
  let cancelTimer = () => {};
  let stopped = false;
  const arm = (ms: number) => {
    cancelTimer = domain.clock.setTimeout(() => {
      if (stopped) return;
      sweep();
      arm(intervalMs);
    }, ms);
  };
  if (intervalMs > 0) arm(0);
  let closing: Promise<void> | undefined;
  return {
    ...service,
    domain,
    close() {
      closing ??= (async () => {
        stopped = true;
        cancelTimer();
        await service.close();
        await sweeping;
        await domain.saga.drain();
      })();
      return closing;
    },
  };
}
