import type { IdentityVerifier, SigningKey } from '@switchyard/auth';
import type { SubgraphName } from '@switchyard/config';
import type { Database } from '@switchyard/db';
import { createInventorySubgraph, prepareInventoryDatabase } from '@switchyard/inventory';
import {
  createGraphQLPriceLookup,
  createHttpInventoryClient,
  createOrdersSubgraph,
  createServiceTokenSigner,
  prepareOrdersDatabase,
  type StatusBus,
} from '@switchyard/orders';
import { createProductsSubgraph, prepareProductsDatabase } from '@switchyard/products';
import { createReviewsSubgraph, prepareReviewsDatabase } from '@switchyard/reviews';
import type { Clock, Logger, ServiceHandle } from '@switchyard/service';
import { createUsersSubgraph, prepareUsersDatabase, type TokenIssuerOptions } from '@switchyard/users';

/** What every subgraph is built with in the stack. */
export interface SubgraphBuildOptions {
  db: Database;
  logger: Logger;
  introspection?: boolean;
  verifyIdentity: IdentityVerifier;
  /** Signs the users service's bearer tokens. */
  tokens: TokenIssuerOptions;
  /** The orders service's key for inventory's internal reserve/release commands. */
  ordersServiceKey: SigningKey;
  /** Base URLs of the subgraphs listening already (users, products, inventory before orders). */
  urls: Partial<Record<SubgraphName, string>>;
  /** Where orders publishes status changes (Redis when the stack has a Redis URL). */
  statusBus: StatusBus;
  /** The subgraphs' clock (orders' saga leases, call timeouts, recovery sweeps; users' sign-in delays). @default systemClock */
  clock?: Clock | undefined;
}

/** A URL of a subgraph that must have started before `name`. */
function urlOf(options: SubgraphBuildOptions, name: SubgraphName): string {
  const url = options.urls[name];
  if (!url) throw new Error(`stack: ${name} must listen before it is needed`);
  return url;
}

/** What the stack needs of every subgraph package: prepare its schema, build its server. */
export interface SubgraphModule {
  prepare(db: Database, options: { seed: boolean }): Promise<void>;
  create(options: SubgraphBuildOptions): Promise<ServiceHandle>;
}

/** The five subgraphs, in the order they are prepared (seeds do not depend on each other). */
export const SUBGRAPH_MODULES: Record<SubgraphName, SubgraphModule> = {
  users: { prepare: prepareUsersDatabase, create: createUsersSubgraph },
  products: { prepare: prepareProductsDatabase, create: createProductsSubgraph },
  inventory: {
    prepare: prepareInventoryDatabase,
    create: (options) => createInventorySubgraph({ ...options, ordersServiceKey: options.ordersServiceKey.publicJwk }),
  },
  orders: {
    prepare: prepareOrdersDatabase,
    create: (options) =>
      createOrdersSubgraph({
        ...options,
        bus: options.statusBus,
        inventory: createHttpInventoryClient({
          baseUrl: urlOf(options, 'inventory'),
          token: createServiceTokenSigner(options.ordersServiceKey),
        }),
        prices: createGraphQLPriceLookup({ url: `${urlOf(options, 'products')}/graphql` }),
      }),
  },
  reviews: { prepare: prepareReviewsDatabase, create: createReviewsSubgraph },
};

/** Migrates (and seeds) every subgraph's schema in one database. */
export async function prepareAll(handle: () => Database, options: { seed: boolean }): Promise<void> {
  for (const module of Object.values(SUBGRAPH_MODULES)) {
    await module.prepare(handle(), options);
  }
}
