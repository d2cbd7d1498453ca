import { configReader, type Env } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/**
 * The inventory service's configuration: the common subgraph settings plus the key of the orders
 * service it takes reserve/release commands from (defaults: packages/config/src/variables.ts).
 */
export interface InventoryConfig extends SubgraphConfig {
  /** `ORDERS_SERVICE_PUBLIC_KEY`; unset: the public half of the dev key KEYS_DIR/orders-service-signing.json. */
  ordersServicePublicKey: string | undefined;
}

/** Parses the inventory configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadInventoryConfig(env: Env): InventoryConfig {
  return {
    ...loadSubgraphConfig(env, 'inventory'),
    ordersServicePublicKey: configReader(env, 'inventory')('ORDERS_SERVICE_PUBLIC_KEY'),
  };
}
