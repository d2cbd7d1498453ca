import { type Env, int, optionalStr, str, url } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/** The orders service's configuration: the common subgraph settings plus its collaborators. */
export interface OrdersConfig extends SubgraphConfig {
  /** `INVENTORY_URL`: inventory's base URL for reserve/release. @default http://127.0.0.1:4003 */
  inventoryUrl: string;
  /** `PRODUCTS_URL`: the products subgraph's GraphQL endpoint, for prices. @default http://127.0.0.1:4002/graphql */
  productsUrl: string;
  /** `REDIS_URL`: status changes through Redis pub/sub when set; in-process when unset. */
  redisUrl: string | undefined;
  /** `REDIS_PREFIX`: prefix of the status channels. @default switchyard: */
  redisPrefix: string;
  /**
   * `ORDERS_SERVICE_PRIVATE_KEY`: private Ed25519 JWK that signs the orders service's tokens for
   * inventory's internal commands. @default the dev key KEYS_DIR/orders-service-signing.json
   */
  servicePrivateKey: string | undefined;
  /** `PAYMENT_TIMEOUT_MS`: a charge without an answer by then is a failed payment. @default 5000 */
  paymentTimeoutMs: number;
  /** `INVENTORY_TIMEOUT_MS`: per reserve/release call. @default 3000 */
  inventoryTimeoutMs: number;
  /** `SAGA_LEASE_MS`: how long a silent saga stays with its instance before another resumes it. @default 30000 */
  sagaLeaseMs: number;
  /** `SAGA_RECOVERY_INTERVAL_MS`: how often unfinished sagas are looked for; 0 only at start-up. @default 30000 */
  sagaRecoveryIntervalMs: number;
}

/** The dev key file of the orders service token (inventory reads its public half from the same place). */
export { DEV_ORDERS_SERVICE_KEY_FILE } from '@switchyard/auth';

export function loadOrdersConfig(env: Env): OrdersConfig {
  return {
    ...loadSubgraphConfig(env, 'orders', 4004),
    inventoryUrl: url(env, 'INVENTORY_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:4003',
    productsUrl: url(env, 'PRODUCTS_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:4002/graphql',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: str(env, 'REDIS_PREFIX', 'switchyard:'),
    servicePrivateKey: optionalStr(env, 'ORDERS_SERVICE_PRIVATE_KEY'),
    paymentTimeoutMs: int(env, 'PAYMENT_TIMEOUT_MS', 5000, 100, 60_000),
    inventoryTimeoutMs: int(env, 'INVENTORY_TIMEOUT_MS', 3000, 100, 60_000),
    sagaLeaseMs: int(env, 'SAGA_LEASE_MS', 30_000, 1000, 3_600_000),
    sagaRecoveryIntervalMs: int(env, 'SAGA_RECOVERY_INTERVAL_MS', 30_000, 0, 3_600_000),
  };
}
