import { createIdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger, loadSubgraphConfig } from '@switchyard/service';
import { createReviewsSubgraph, prepareReviewsDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'reviews', 4005);
const logger = createLogger('reviews');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-reviews',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareReviewsDatabase(db, { seed: config.seed });
const verifyIdentity = await createIdentityVerifier(
  await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
);
const service = await createReviewsSubgraph({
  verifyIdentity,
  db,
  logger,
  introspection: config.introspection,
});
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'reviews subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
