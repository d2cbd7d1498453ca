import { fileURLToPath } from 'node:url';
import type { IdentityVerifier } from '@switchyard/auth';
import type { Database } from '@switchyard/db';
import { migrate } from '@switchyard/db';
import { subgraphTypeDefs } from '@switchyard/schema';
import { type Clock, type GraphQLService, type Logger, systemClock } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import type { Context } from './context.js';
import { createLoaders } from './loaders.js';
import { createUsersRepository } from './repository.js';
import { resolvers } from './resolvers/index.js';
import { seedUsers } from './seed.js';
import { createLoginThrottle, DEFAULT_THROTTLE, type ThrottlePolicy } from './throttle.js';
import { createTokenIssuer, type TokenIssuerOptions } from './tokens.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
/** Where the public signing keys are published (RFC 8414 well-known path). */
export const JWKS_PATH = '/.well-known/jwks.json';

export interface UsersSubgraphOptions {
  /** This subgraph's database handle (its statements are counted on it). */
  db: Database;
  logger: Logger;
  /** Signs the bearer tokens `login` and `register` return. */
  tokens: TokenIssuerOptions;
  /**
   * How failed sign-ins are slowed down: per (account, client address) and per client address,
   * with delays that double per failure, never a lock-out (see ThrottlePolicy for the numbers).
   * @default DEFAULT_THROTTLE: 3 free failures per account and address, 20 per address, then 1 s doubling up to 15 min
   */
  throttle?: ThrottlePolicy;
  /** The time sign-in delays are measured on (tests pass a ManualClock). @default systemClock */
  clock?: Clock | undefined;
  /** Verifies the gateway's identity header; without it every request is anonymous. */
  verifyIdentity?: IdentityVerifier;
  /** Allow introspection. @default false */
  introspection?: boolean;
}

/** Runs the users migrations and, when `seed` is set and the tables are empty, the seed. */
export async function prepareUsersDatabase(db: Database, options: { seed: boolean } = { seed: true }): Promise<void> {
  await migrate(db, 'users', MIGRATIONS_DIR);
  if (options.seed) await seedUsers(db);
}

/** The users subgraph, built but not listening; it also serves its JWKS at /.well-known/jwks.json. */
export function createUsersSubgraph(options: UsersSubgraphOptions): Promise<GraphQLService<Context>> {
  const repository = createUsersRepository(options.db);
  const throttle = createLoginThrottle(options.db, options.throttle ?? DEFAULT_THROTTLE, options.clock ?? systemClock);
  const issueToken = createTokenIssuer(options.tokens);
  const jwks = { keys: [options.tokens.key.publicJwk] };
  return createSubgraphService<Context>({
    name: 'users',
    logger: options.logger,
    typeDefs: subgraphTypeDefs('users'),
    resolvers,
    introspection: options.introspection,
    db: options.db,
    context: async (_request, identity) => ({
      loaders: createLoaders(repository),
      repository,
      throttle,
      issueToken,
      viewer: identity.viewer,
      clientIp: identity.clientIp ?? 'unknown',
    }),
    verifyIdentity: options.verifyIdentity,
    routes: (app) => {
      app.get(JWKS_PATH, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(jwks));
    },
  });
}
