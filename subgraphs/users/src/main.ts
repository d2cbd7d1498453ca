import { configuredSigningKey } from '@switchyard/auth';
import { runSubgraph } from '@switchyard/service/subgraph';
import { DEV_USERS_KEY_FILE, loadUsersConfig } from './config.js';
import { createUsersSubgraph, prepareUsersDatabase } from './subgraph.js';

const config = loadUsersConfig(process.env);
await runSubgraph({
  name: 'users',
  config,
  prepare: prepareUsersDatabase,
  create: async ({ db, logger, verifyIdentity }) =>
    createUsersSubgraph({
      verifyIdentity,
      db,
      logger,
      introspection: config.introspection,
      tokens: {
        key: await configuredSigningKey(config.jwtPrivateKey, config.keysDir, DEV_USERS_KEY_FILE),
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        ttlSeconds: config.jwtTtlSeconds,
      },
    }),
});
