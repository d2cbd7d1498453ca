import { configuredSigningKey, createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger } from '@switchyard/service';
import { createGraphQLPriceLookup } from './catalog/priceLookup.js';
import { DEV_ORDERS_SERVICE_KEY_FILE, loadOrdersConfig } from './config.js';
import { createStatusBus } from './events/bus.js';
import { createHttpInventoryClient } from './inventory/client.js';
import { createServiceTokenSigner } from './inventory/serviceToken.js';
import { createOrdersSubgraph, prepareOrdersDatabase } from './subgraph.js';

const config = loadOrdersConfig(process.env);
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
const serviceKey = await configuredSigningKey(config.servicePrivateKey, config.keysDir, DEV_ORDERS_SERVICE_KEY_FILE);
const bus = await createStatusBus({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger });
const service = await createOrdersSubgraph({
  verifyIdentity,
  db,
  logger,
  introspection: config.introspection,
  bus,
  inventory: createHttpInventoryClient({ baseUrl: config.inventoryUrl, token: createServiceTokenSigner(serviceKey) }),
  prices: createGraphQLPriceLookup({ url: config.productsUrl }),
  saga: {
    leaseMs: config.sagaLeaseMs,
    paymentTimeoutMs: config.paymentTimeoutMs,
    inventoryTimeoutMs: config.inventoryTimeoutMs,
  },
  sagaRecoveryIntervalMs: config.sagaRecoveryIntervalMs,
});
const url = await service.listen(config.port, config.host);
logger.info(
  { url: `${url}/graphql`, statusBus: config.redisUrl ? 'redis' : 'in-process' },
  'orders subgraph listening',
);
closeOnSignal(logger, async () => {
  await service.close();
  await bus.close();
  await root.close();
});
