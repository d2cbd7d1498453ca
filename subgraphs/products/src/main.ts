import { createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger } from '@switchyard/service';
import { loadProductsConfig } from './config.js';
import { createProductsSubgraph, prepareProductsDatabase } from './subgraph.js';

const config = loadProductsConfig(process.env);
const logger = createLogger('products');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-products',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareProductsDatabase(db, { seed: config.seed });
const verifyIdentity = await createIdentityVerifier(
  await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
);
const service = await createProductsSubgraph({
  verifyIdentity,
  db,
  logger,
  introspection: config.introspection,
  imageBaseUrl: config.imageBaseUrl,
});
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'products subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
