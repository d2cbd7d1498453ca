import {
  configReader,
  DEFAULT_PORTS,
  type Env,
  type LogLevel,
  portVariable,
  type ServiceName,
} from '@switchyard/config';

/**
 * `npm start`'s configuration: the whole stack in one process. Each field names its variable;
 * defaults (the stack's own `local` ones where local work differs from production) and meanings
 * are in the catalogue (packages/config/src/variables.ts, the README's Configuration table).
 */
export interface StackConfig {
  /** `DATABASE_URL`: PostgreSQL; unset means embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** `DATA_DIR`: the PGlite data folder. */
  dataDir: string;
  /** `HOST` */
  host: string;
  /** `GATEWAY_PORT`, `USERS_PORT`, ... `REVIEWS_PORT` */
  ports: Record<ServiceName, number>;
  /** `SEED` */
  seed: boolean;
  /** `LOG_LEVEL` */
  logLevel: LogLevel;
  /** `GRAPHQL_INTROSPECTION`: introspection, field suggestions and the playground; on for local work. */
  introspection: boolean;
  /** `KEYS_DIR`: development signing keys (created on first start). */
  keysDir: string;
  /** `REDIS_URL`: order status changes through Redis pub/sub; unset means in-process. */
  redisUrl: string | undefined;
}

/** Parses the stack's configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadStackConfig(env: Env): StackConfig {
  const read = configReader(env, 'stack');
  const services = Object.keys(DEFAULT_PORTS) as ServiceName[];
  return {
    databaseUrl: read('DATABASE_URL'),
    dataDir: read('DATA_DIR'),
    host: read('HOST'),
    ports: Object.fromEntries(services.map((name) => [name, read(portVariable(name))])) as Record<ServiceName, number>,
    seed: read('SEED'),
    logLevel: read('LOG_LEVEL'),
    introspection: read('GRAPHQL_INTROSPECTION'),
    keysDir: read('KEYS_DIR'),
    redisUrl: read('REDIS_URL'),
  };
}
