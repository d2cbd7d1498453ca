// Resolved from bench/peers/node_modules, wherever the importer lies (see index.ts).
export * from '@graphql-hive/router-runtime';
