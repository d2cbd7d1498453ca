export type { Context } from './context.js';
export type { UserRow } from './repository.js';
export { SEED_ADMIN_EMAIL, SEED_CUSTOMER_EMAIL } from './seed.js';
export { createUsersSubgraph, prepareUsersDatabase, type UsersSubgraphOptions } from './subgraph.js';
