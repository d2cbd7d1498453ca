import { configuredSigningKey, DEV_ORDERS_SERVICE_KEY_FILE } from '@switchyard/auth';
import { optionalStr } from '@switchyard/config';
import { loadSubgraphConfig } from '@switchyard/service';
import { runSubgraph } from '@switchyard/service/subgraph';
import type { JWK } from 'jose';
import { createInventorySubgraph, prepareInventoryDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'inventory', 4003);
// ORDERS_SERVICE_PUBLIC_KEY: the orders service's public JWK, for its reserve/release tokens.
// @default the public half of the dev key KEYS_DIR/orders-service-signing.json (the orders service's)
const ordersPublicKey = optionalStr(process.env, 'ORDERS_SERVICE_PUBLIC_KEY');
const ordersServiceKey: JWK = ordersPublicKey
  ? (JSON.parse(ordersPublicKey) as JWK)
  : (await configuredSigningKey(undefined, config.keysDir, DEV_ORDERS_SERVICE_KEY_FILE)).publicJwk;
await runSubgraph({
  name: 'inventory',
  config,
  prepare: prepareInventoryDatabase,
  create: ({ db, logger, verifyIdentity }) =>
    createInventorySubgraph({ verifyIdentity, ordersServiceKey, db, logger, introspection: config.introspection }),
});
