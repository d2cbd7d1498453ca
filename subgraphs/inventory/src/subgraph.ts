import type { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import type { JWK } from 'jose';
import type { Context } from './context.js';
import { createReservations } from './internal/reservations.js';
import { reservationRoutes } from './internal/routes.js';
import { createServiceTokenVerifier } from './internal/serviceAuth.js';
import { createLoaders } from './loaders.js';
import { createInventoryRepository } from './repository.js';
import { resolvers } from './resolvers/index.js';
import { seedInventory } from './seed.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface InventorySubgraphOptions {
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default false */
  introspection?: boolean;
  /**
   * The public key of the orders service (its Ed25519 JWK or key): registers the internal
   * reserve/release commands (src/internal/routes.ts), which accept only tokens it signed.
   * @default none: the commands are not served
   */
  ordersServiceKey?: webcrypto.CryptoKey | JWK;
}

/** Runs the inventory migrations and, when `seed` is set and the tables are empty, the seed. */
export async function prepareInventoryDatabase(
  db: Database,
  options: { seed: boolean } = { seed: true },
): Promise<void> {
  await migrate(db, 'inventory', MIGRATIONS_DIR);
  if (options.seed) await seedInventory(db);
}

/** The inventory subgraph, built but not listening. */
export async function createInventorySubgraph(options: InventorySubgraphOptions): Promise<GraphQLService<Context>> {
  const repository = createInventoryRepository(options.db);
  const routes = options.ordersServiceKey
    ? reservationRoutes(createReservations(options.db), await createServiceTokenVerifier(options.ordersServiceKey))
    : undefined;
  return createSubgraphService<Context>({
    name: 'inventory',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('inventory'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (_request, identity) => ({
      loaders: createLoaders(repository),
      repository,
      viewer: identity.viewer,
    }),
    verifyIdentity: options.verifyIdentity,
    ...(routes ? { routes } : {}),
  });
}
