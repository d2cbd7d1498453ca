export { DEV_USERS_KEY_FILE, loadUsersConfig, type UsersConfig } from './config.js';
export type { Context } from './context.js';
export type { UserRow } from './repository.js';
export { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from './seed.js';
export { createUsersSubgraph, JWKS_PATH, prepareUsersDatabase, type UsersSubgraphOptions } from './subgraph.js';
export { type BackoffPolicy, DEFAULT_THROTTLE, type ThrottlePolicy } from './throttle.js';
export type { TokenIssuerOptions } from './tokens.js';
