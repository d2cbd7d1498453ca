import { configuredSigningKey, createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { optionalStr } from '@switchyard/config';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger, loadSubgraphConfig } from '@switchyard/service';
import type { JWK } from 'jose';
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
// ORDERS_SERVICE_PUBLIC_KEY: the orders service's public JWK, for its reserve/release tokens.
// @default the public half of the dev key KEYS_DIR/orders-service-signing.json (the orders service's)
const ordersPublicKey = optionalStr(process.env, 'ORDERS_SERVICE_PUBLIC_KEY');
const ordersServiceKey: JWK = ordersPublicKey
  ? (JSON.parse(ordersPublicKey) as JWK)
  : (await configuredSigningKey(undefined, config.keysDir, 'orders-service-signing.json')).publicJwk;
const service = await createInventorySubgraph({
  verifyIdentity,
  ordersServiceKey,
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
