// The service core: what the gateway and the subgraphs share. The subgraph runtime (database,
// @apollo/subgraph, PGlite) is `@switchyard/service/subgraph`, so that the gateway's process does not
// load it: importing it here cost the gateway ~18 MiB of idle heap and RSS (issue 5).
export * from './asyncQueue.js';
export * from './clock.js';
export * from './loaders.js';
export * from './logger.js';
export * from './pagination.js';
export * from './scalars.js';
export * from './service.js';
export * from './shutdown.js';
export * from './subgraphConfig.js';
export * from './subscriptions.js';
export * from './webSocketTransport.js';
