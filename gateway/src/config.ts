import {
  configReader,
  type Env,
  type LogLevel,
  SUBGRAPH_NAMES,
  type SubgraphName,
  subgraphUrlVariable,
} from '@switchyard/config';
import type { ProfileLimitsByKind } from './cost/profiles.js';
import type { OperationLimitOptions } from './limits/operationLimits.js';

/**
 * The gateway's configuration, parsed once at start-up. Each field names its variable; defaults,
 * accepted values and meanings are declared once, in the catalogue (packages/config/src/variables.ts,
 * rendered in the README's Configuration table).
 */
export interface GatewayConfig {
  /** `GATEWAY_PORT` */
  port: number;
  /** `HOST` */
  host: string;
  /** `LOG_LEVEL` */
  logLevel: LogLevel;
  /** `SUPERGRAPH_PATH`; unset: the committed supergraph. */
  supergraphPath: string | undefined;
  /** `SUBGRAPH_URL_<NAME>` (SUBGRAPH_URL_USERS, ...): overrides the URL the supergraph names. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** `SUBGRAPH_TIMEOUT_MS` */
  subgraphTimeoutMs: number;
  /** `SUBGRAPH_CONNECTIONS` */
  subgraphConnections: number;
  /** `GATEWAY_MAX_TOKENS`, `GATEWAY_MAX_DEPTH`, `GATEWAY_MAX_ALIASES`, `GATEWAY_MAX_ROOT_FIELDS`, `GATEWAY_MAX_DIRECTIVES`, `GATEWAY_MAX_LIST_SIZE` */
  limits: Required<OperationLimitOptions>;
  /** `GATEWAY_BODY_LIMIT_BYTES` */
  bodyLimit: number;
  /** `GATEWAY_DEMAND_CONTROL`: the static limits and the cost plugin; off only to measure them. */
  demandControl: boolean;
  /** `COST_<ANONYMOUS|CUSTOMER|ADMIN>_<MAX_PER_QUERY|BUCKET|RESTORE_RATE>`: each kind of client's cost limits. */
  costProfiles: ProfileLimitsByKind;
  /** `GRAPHQL_INTROSPECTION`: introspection and field suggestions; off in this (production) process by default. */
  introspection: boolean;
  /** `GRAPHQL_PLAYGROUND` */
  playground: boolean;
  /** `JWT_JWKS_URL` */
  jwksUrl: string;
  /** `JWT_ISSUER` */
  jwtIssuer: string;
  /** `JWT_AUDIENCE` */
  jwtAudience: string;
  /** `INTERNAL_JWT_PRIVATE_KEY`; unset: the dev key in KEYS_DIR. */
  internalPrivateKey: string | undefined;
  /** `KEYS_DIR` */
  keysDir: string;
  /** `REDIS_URL`; unset: budgets in memory. */
  redisUrl: string | undefined;
  /** `REDIS_PREFIX` */
  redisPrefix: string;
  /** `COST_REDIS_TIMEOUT_MS` */
  costRedisTimeoutMs: number;
}

/** Parses the gateway's configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const read = configReader(env, 'gateway');
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const value = read(subgraphUrlVariable(name));
    if (value) subgraphUrls[name] = value;
  }
  return {
    port: read('GATEWAY_PORT'),
    host: read('HOST'),
    logLevel: read('LOG_LEVEL'),
    supergraphPath: read('SUPERGRAPH_PATH'),
    subgraphUrls,
    subgraphTimeoutMs: read('SUBGRAPH_TIMEOUT_MS'),
    subgraphConnections: read('SUBGRAPH_CONNECTIONS'),
    limits: {
      maxTokens: read('GATEWAY_MAX_TOKENS'),
      maxDepth: read('GATEWAY_MAX_DEPTH'),
      maxAliases: read('GATEWAY_MAX_ALIASES'),
      maxRootFields: read('GATEWAY_MAX_ROOT_FIELDS'),
      maxDirectivesPerField: read('GATEWAY_MAX_DIRECTIVES'),
      maxListSize: read('GATEWAY_MAX_LIST_SIZE'),
    },
    bodyLimit: read('GATEWAY_BODY_LIMIT_BYTES'),
    demandControl: read('GATEWAY_DEMAND_CONTROL'),
    costProfiles: {
      anonymous: {
        maxCostPerQuery: read('COST_ANONYMOUS_MAX_PER_QUERY'),
        maximumAvailable: read('COST_ANONYMOUS_BUCKET'),
        restoreRate: read('COST_ANONYMOUS_RESTORE_RATE'),
      },
      customer: {
        maxCostPerQuery: read('COST_CUSTOMER_MAX_PER_QUERY'),
        maximumAvailable: read('COST_CUSTOMER_BUCKET'),
        restoreRate: read('COST_CUSTOMER_RESTORE_RATE'),
      },
      admin: {
        maxCostPerQuery: read('COST_ADMIN_MAX_PER_QUERY'),
        maximumAvailable: read('COST_ADMIN_BUCKET'),
        restoreRate: read('COST_ADMIN_RESTORE_RATE'),
      },
    },
    introspection: read('GRAPHQL_INTROSPECTION'),
    playground: read('GRAPHQL_PLAYGROUND'),
    jwksUrl: read('JWT_JWKS_URL'),
    jwtIssuer: read('JWT_ISSUER'),
    jwtAudience: read('JWT_AUDIENCE'),
    internalPrivateKey: read('INTERNAL_JWT_PRIVATE_KEY'),
    keysDir: read('KEYS_DIR'),
    redisUrl: read('REDIS_URL'),
    redisPrefix: read('REDIS_PREFIX'),
    costRedisTimeoutMs: read('COST_REDIS_TIMEOUT_MS'),
  };
}
