import { configuredSigningKey, createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger } from '@switchyard/service';
import { DEV_USERS_KEY_FILE, loadUsersConfig } from './config.js';
import { createUsersSubgraph, prepareUsersDatabase } from './subgraph.js';

const config = loadUsersConfig(process.env);
const logger = createLogger('users');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-users',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareUsersDatabase(db, { seed: config.seed });
const verifyIdentity = await createIdentityVerifier(
  await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
);
const service = await createUsersSubgraph({
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
});
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'users subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
