import { createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger, loadSubgraphConfig } from '@switchyard/service';
import { createOrdersSubgraph, prepareOrdersDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'orders', 4004);
const logger = createLogger('orders');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-orders',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareOrdersDatabase(db, { seed: config.seed });
const verifyIdentity = await createIdentityVerifier(
  await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
);
const service = await createOrdersSubgraph({
  verifyIdentity,
  db,
  logger,
  introspection: config.introspection,
});
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'orders subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
