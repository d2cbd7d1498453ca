import { openDatabase } from '@switchyard/db';
import { closeOnSignal, createLogger, loadSubgraphConfig } from '@switchyard/service';
import { createUsersSubgraph, prepareUsersDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'users', 4001);
const logger = createLogger('users');
const root = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'switchyard-users',
  poolSize: config.poolSize,
});
const db = root.handle();
await prepareUsersDatabase(db, { seed: config.seed });
const service = await createUsersSubgraph({ db, logger, introspection: config.introspection });
const url = await service.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'users subgraph listening');
closeOnSignal(logger, async () => {
  await service.close();
  await root.close();
});
