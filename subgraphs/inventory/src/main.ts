import { createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger, loadSubgraphConfig } from '@switchyard/service';
import { createInventorySubgraph, prepareInventoryDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'inventory', 4003);
const logger = createLogger('inventory');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-inventory',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareInventoryDatabase(db, { seed: config.seed });
const verifyIdentity = await createIdentityVerifier(
  await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
);
const service = await createInventorySubgraph({
  verifyIdentity,
  db,
  logger,
  introspection: config.introspection,
});
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'inventory subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
