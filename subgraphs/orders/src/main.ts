import { configuredSigningKey } from '@switchyard/auth';
import { runSubgraph } from '@switchyard/service/subgraph';
import { createGraphQLPriceLookup } from './catalog/priceLookup.js';
import { DEV_ORDERS_SERVICE_KEY_FILE, loadOrdersConfig } from './config.js';
import { createStatusBus } from './events/bus.js';
import { createHttpInventoryClient } from './inventory/client.js';
import { createServiceTokenSigner } from './inventory/serviceToken.js';
import { createOrdersSubgraph, prepareOrdersDatabase } from './subgraph.js';

const config = loadOrdersConfig(process.env);
await runSubgraph({
  name: 'orders',
  config,
  prepare: prepareOrdersDatabase,
  async create({ db, logger, verifyIdentity, onClose }) {
    const serviceKey = await configuredSigningKey(
      config.servicePrivateKey,
      config.keysDir,
      DEV_ORDERS_SERVICE_KEY_FILE,
    );
    const bus = await createStatusBus({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger });
    onClose(() => bus.close());
    logger.info({ statusBus: config.redisUrl ? 'redis' : 'in-process' }, 'order status bus');
    return createOrdersSubgraph({
      verifyIdentity,
      db,
      logger,
      introspection: config.introspection,
      bus,
      inventory: createHttpInventoryClient({
        baseUrl: config.inventoryUrl,
        token: createServiceTokenSigner(serviceKey),
      }),
      prices: createGraphQLPriceLookup({ url: config.productsUrl }),
      saga: {
        leaseMs: config.sagaLeaseMs,
        paymentTimeoutMs: config.paymentTimeoutMs,
        inventoryTimeoutMs: config.inventoryTimeoutMs,
      },
      sagaRecoveryIntervalMs: config.sagaRecoveryIntervalMs,
    });
  },
});
