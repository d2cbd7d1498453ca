import type { SubgraphName } from '@switchyard/config';
import type { Database } from '@switchyard/db';
import { createInventorySubgraph, prepareInventoryDatabase } from '@switchyard/inventory';
import { createOrdersSubgraph, prepareOrdersDatabase } from '@switchyard/orders';
import { createProductsSubgraph, prepareProductsDatabase } from '@switchyard/products';
import { createReviewsSubgraph, prepareReviewsDatabase } from '@switchyard/reviews';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createUsersSubgraph, prepareUsersDatabase } from '@switchyard/users';

/** What the stack needs of every subgraph package: prepare its schema, build its server. */
export interface SubgraphModule {
  prepare(db: Database, options: { seed: boolean }): Promise<void>;
  create(options: { db: Database; logger: Logger; introspection?: boolean }): Promise<GraphQLService<never>>;
}

/** The five subgraphs, in the order they are prepared (seeds do not depend on each other). */
export const SUBGRAPH_MODULES: Record<SubgraphName, SubgraphModule> = {
  users: { prepare: prepareUsersDatabase, create: createUsersSubgraph as SubgraphModule['create'] },
  products: { prepare: prepareProductsDatabase, create: createProductsSubgraph as SubgraphModule['create'] },
  inventory: { prepare: prepareInventoryDatabase, create: createInventorySubgraph as SubgraphModule['create'] },
  orders: { prepare: prepareOrdersDatabase, create: createOrdersSubgraph as SubgraphModule['create'] },
  reviews: { prepare: prepareReviewsDatabase, create: createReviewsSubgraph as SubgraphModule['create'] },
};

/** Migrates (and seeds) every subgraph's schema in one database. */
export async function prepareAll(handle: () => Database, options: { seed: boolean }): Promise<void> {
  for (const module of Object.values(SUBGRAPH_MODULES)) {
    await module.prepare(handle(), options);
  }
}
