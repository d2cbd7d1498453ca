export * from './loaders.js';
export * from './logger.js';
export * from './pagination.js';
export * from './scalars.js';
export * from './service.js';
export * from './shutdown.js';
export * from './subgraph.js';
export * from './subgraphConfig.js';
