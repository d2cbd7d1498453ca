import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import type { GraphQLService, Logger } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { DEFAULT_IMAGE_BASE_URL } from './config.js';
import type { Context } from './context.js';
import { createLoaders } from './loaders.js';
import { createProductsRepository } from './repository.js';
import { resolvers } from './resolvers/index.js';
import { seedProducts } from './seed.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface ProductsSubgraphOptions {
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default false */
  introspection?: boolean;
  /**
   * Where product images are served from; image URLs are `<imageBaseUrl>/products/<id>/full_<n>.jpg`.
   * A trailing slash is ignored. @default https://images.switchyard.example
   */
  imageBaseUrl?: string;
}

/** Runs the products migrations and, when `seed` is set and the catalog is empty, the seed. */
export async function prepareProductsDatabase(
  db: Database,
  options: { seed: boolean } = { seed: true },
): Promise<void> {
  await migrate(db, 'products', MIGRATIONS_DIR);
  if (options.seed) await seedProducts(db);
}

/** The products subgraph, built but not listening. */
export function createProductsSubgraph(options: ProductsSubgraphOptions): Promise<GraphQLService<Context>> {
  const repository = createProductsRepository(options.db);
  const imageBaseUrl = (options.imageBaseUrl ?? DEFAULT_IMAGE_BASE_URL).replace(/\/+$/, '');
  return createSubgraphService<Context>({
    name: 'products',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('products'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (_request, identity) => ({
      loaders: createLoaders(repository),
      repository,
      imageBaseUrl,
      viewer: identity.viewer,
    }),
    verifyIdentity: options.verifyIdentity,
  });
}
