import { fileURLToPath } from 'node:url';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import { createSubgraphService, type GraphQLService, type Logger } from '@switchyard/service';
import type { Context } from './context.js';
import { createLoaders } from './loaders.js';
import { createUsersRepository } from './repository.js';
import { resolvers } from './resolvers/index.js';
import { seedUsers } from './seed.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface UsersSubgraphOptions {
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Allow introspection. @default true */
  introspection?: boolean;
}

/** Runs the users migrations and, when `seed` is set and the tables are empty, the seed. */
export async function prepareUsersDatabase(db: Database, options: { seed: boolean } = { seed: true }): Promise<void> {
  await migrate(db, 'users', MIGRATIONS_DIR);
  if (options.seed) await seedUsers(db);
}

/** The users subgraph, built but not listening. */
export function createUsersSubgraph(options: UsersSubgraphOptions): Promise<GraphQLService<Context>> {
  const repository = createUsersRepository(options.db);
  return createSubgraphService<Context>({
    name: 'users',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('users'),
    resolvers,
    introspection: options.introspection ?? true,
    context: async () => ({ loaders: createLoaders(repository), viewerId: null }),
    readiness: async () => {
      await options.db.query('SELECT 1');
    },
  });
}
