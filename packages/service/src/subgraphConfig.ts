import { configReader, type Env, type LogLevel, portVariable, type SubgraphName } from '@switchyard/config';

/**
 * What every subgraph process reads from its environment. Each field names its variable;
 * defaults, accepted values and meanings are declared once, in the catalogue
 * (packages/config/src/variables.ts, rendered in the README's Configuration table).
 */
export interface SubgraphConfig {
  /** `<NAME>_PORT` (USERS_PORT, ...) */
  port: number;
  /** `HOST` */
  host: string;
  /** `LOG_LEVEL` */
  logLevel: LogLevel;
  /** `DATABASE_URL`: PostgreSQL; unset means embedded PGlite. */
  databaseUrl: string | undefined;
  /** `DATA_DIR`: PGlite's data folder when DATABASE_URL is unset; a lone subgraph's own by default. */
  dataDir: string;
  /** `GRAPHQL_INTROSPECTION` (the gateway needs none) */
  introspection: boolean;
  /** `DB_POOL_SIZE` */
  poolSize: number;
  /** `SEED` */
  seed: boolean;
  /** `INTERNAL_JWT_PUBLIC_KEY`; unset: the dev key in KEYS_DIR. */
  internalPublicKey: string | undefined;
  /** `KEYS_DIR` */
  keysDir: string;
}

/** Parses a subgraph's configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadSubgraphConfig(env: Env, name: SubgraphName): SubgraphConfig {
  const read = configReader(env, name);
  return {
    port: read(portVariable(name)),
    host: read('HOST'),
    logLevel: read('LOG_LEVEL'),
    databaseUrl: read('DATABASE_URL'),
    dataDir: read('DATA_DIR'),
    introspection: read('GRAPHQL_INTROSPECTION'),
    poolSize: read('DB_POOL_SIZE'),
    seed: read('SEED'),
    internalPublicKey: read('INTERNAL_JWT_PUBLIC_KEY'),
    keysDir: read('KEYS_DIR'),
  };
}
