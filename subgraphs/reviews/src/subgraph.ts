import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import type { Context } from './context.js';
import { createLoaders } from './loaders.js';
import { createReviewsRepository } from './repository.js';
import { resolvers } from './resolvers/index.js';
import { seedReviews } from './seed.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface ReviewsSubgraphOptions {
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default false */
  introspection?: boolean;
}

/** Runs the reviews migrations and, when `seed` is set and the table is empty, the seed. */
export async function prepareReviewsDatabase(db: Database, options: { seed: boolean } = { seed: true }): Promise<void> {
  await migrate(db, 'reviews', MIGRATIONS_DIR);
  if (options.seed) await seedReviews(db);
}

/** The reviews subgraph, built but not listening. */
export function createReviewsSubgraph(options: ReviewsSubgraphOptions): Promise<GraphQLService<Context>> {
  const repository = createReviewsRepository(options.db);
  return createSubgraphService<Context>({
    name: 'reviews',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('reviews'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (_request, identity) => ({ loaders: createLoaders(repository), viewer: identity.viewer }),
    verifyIdentity: options.verifyIdentity,
  });
}
