// `@switchyard/service/subgraph`: what only a subgraph process needs (its database, migrations and
// seed through @switchyard/db, @apollo/subgraph's schema builder). Kept out of the package's main
// entry so that the gateway does not load it.
export * from './runSubgraph.js';
export * from './subgraph.js';
