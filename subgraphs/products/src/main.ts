import { runSubgraph } from '@switchyard/service/subgraph';
import { loadProductsConfig } from './config.js';
import { createProductsSubgraph, prepareProductsDatabase } from './subgraph.js';

const config = loadProductsConfig(process.env);
await runSubgraph({
  name: 'products',
  config,
  prepare: prepareProductsDatabase,
  create: ({ db, logger, verifyIdentity }) =>
    createProductsSubgraph({
      verifyIdentity,
      db,
      logger,
      introspection: config.introspection,
      imageBaseUrl: config.imageBaseUrl,
    }),
});
