import { loadSubgraphConfig } from '@switchyard/service';
import { runSubgraph } from '@switchyard/service/subgraph';
import { createReviewsSubgraph, prepareReviewsDatabase } from './subgraph.js';

const config = loadSubgraphConfig(process.env, 'reviews');
await runSubgraph({
  name: 'reviews',
  config,
  prepare: prepareReviewsDatabase,
  create: ({ db, logger, verifyIdentity }) =>
    createReviewsSubgraph({ verifyIdentity, db, logger, introspection: config.introspection }),
});
