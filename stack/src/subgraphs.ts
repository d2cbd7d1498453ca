import type { IdentityVerifier } from '@switchyard/auth';
import type { SubgraphName } from '@switchyard/config';
import type { Database } from '@switchyard/db';
import { createInventorySubgraph, prepareInventoryDatabase } from '@switchyard/inventory';
import { createOrdersSubgraph, prepareOrdersDatabase } from '@switchyard/orders';
import { createProductsSubgraph, prepareProductsDatabase } from '@switchyard/products';
import { createReviewsSubgraph, prepareReviewsDatabase } from '@switchyard/reviews';
import type { Logger, ServiceHandle } from '@switchyard/service';
import { createUsersSubgraph, prepareUsersDatabase, type TokenIssuerOptions } from '@switchyard/users';

/** What every subgraph is built with in the stack. */
export interface SubgraphBuildOptions {
  db: Database;
  logger: Logger;
  introspection?: boolean;
  verifyIdentity: IdentityVerifier;
  /** Signs the users service's bearer tokens. */
  tokens: TokenIssuerOptions;
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
  inventory: { prepare: prepareInventoryDatabase, create: createInventorySubgraph },
  orders: { prepare: prepareOrdersDatabase, create: createOrdersSubgraph },
  reviews: { prepare: prepareReviewsDatabase, create: createReviewsSubgraph },
};

/** Migrates (and seeds) every subgraph's schema in one database. */
export async function prepareAll(handle: () => Database, options: { seed: boolean }): Promise<void> {
  for (const module of Object.values(SUBGRAPH_MODULES)) {
    await module.prepare(handle(), options);
  }
}
