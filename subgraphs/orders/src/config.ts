import { configReader, type Env } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/**
 * The orders service's configuration: the common subgraph settings plus its collaborators. Each
 * field names its variable; defaults and meanings are in the catalogue (packages/config/src/variables.ts).
 */
export interface OrdersConfig extends SubgraphConfig {
  /** `INVENTORY_URL`: inventory's base URL for reserve/release. */
  inventoryUrl: string;
  /** `PRODUCTS_URL`: the products subgraph's GraphQL endpoint, for prices. */
  productsUrl: string;
  /** `REDIS_URL`: status changes through Redis pub/sub when set; in-process when unset. */
  redisUrl: string | undefined;
  /** `REDIS_PREFIX`: prefix of the status channels. */
  redisPrefix: string;
  /** `ORDERS_SERVICE_PRIVATE_KEY`; unset: the dev key KEYS_DIR/orders-service-signing.json. */
  servicePrivateKey: string | undefined;
  /** `PAYMENT_TIMEOUT_MS` */
  paymentTimeoutMs: number;
  /** `INVENTORY_TIMEOUT_MS` */
  inventoryTimeoutMs: number;
  /** `SAGA_LEASE_MS` */
  sagaLeaseMs: number;
  /** `SAGA_RECOVERY_INTERVAL_MS` */
  sagaRecoveryIntervalMs: number;
}

/** The dev key file of the orders service token (inventory reads its public half from the same place). */
export { DEV_ORDERS_SERVICE_KEY_FILE } from '@switchyard/auth';

/** Parses the orders configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadOrdersConfig(env: Env): OrdersConfig {
  const read = configReader(env, 'orders');
  return {
    ...loadSubgraphConfig(env, 'orders'),
    inventoryUrl: read('INVENTORY_URL'),
    productsUrl: read('PRODUCTS_URL'),
    redisUrl: read('REDIS_URL'),
    redisPrefix: read('REDIS_PREFIX'),
    servicePrivateKey: read('ORDERS_SERVICE_PRIVATE_KEY'),
    paymentTimeoutMs: read('PAYMENT_TIMEOUT_MS'),
    inventoryTimeoutMs: read('INVENTORY_TIMEOUT_MS'),
    sagaLeaseMs: read('SAGA_LEASE_MS'),
    sagaRecoveryIntervalMs: read('SAGA_RECOVERY_INTERVAL_MS'),
  };
}
