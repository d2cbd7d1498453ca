import { configuredSigningKey, DEV_ORDERS_SERVICE_KEY_FILE } from '@switchyard/auth';
import { runSubgraph } from '@switchyard/service/subgraph';
import type { JWK } from 'jose';
import { loadInventoryConfig } from './config.js';
import { createInventorySubgraph, prepareInventoryDatabase } from './subgraph.js';

const config = loadInventoryConfig(process.env);
const ordersServiceKey: JWK = config.ordersServicePublicKey
  ? (JSON.parse(config.ordersServicePublicKey) as JWK)
  : (await configuredSigningKey(undefined, config.keysDir, DEV_ORDERS_SERVICE_KEY_FILE)).publicJwk;
await runSubgraph({
  name: 'inventory',
  config,
  prepare: prepareInventoryDatabase,
  create: ({ db, logger, verifyIdentity }) =>
    createInventorySubgraph({ verifyIdentity, ordersServiceKey, db, logger, introspection: config.introspection }),
});
