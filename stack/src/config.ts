import { bool, type Env, optionalStr, str, url } from '@switchyard/config';

/** `npm start`'s configuration: the whole stack in one process (README: Configuration). */
export interface StackConfig {
  /** `DATABASE_URL`: PostgreSQL; unset means embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** `DATA_DIR`: the PGlite data folder. @default .data/pglite */
  dataDir: string;
  /** `HOST`. @default 127.0.0.1 */
  host: string;
  /** `SEED`: seed an empty database. @default true */
  seed: boolean;
  /** `LOG_LEVEL`. @default info */
  logLevel: string;
  /** `GRAPHQL_INTROSPECTION`: introspection, field suggestions and playground. @default true (local work) */
  introspection: boolean;
  /** `KEYS_DIR`: development signing keys (created on first start). @default .data/keys */
  keysDir: string;
  /** `REDIS_URL`: order status changes through Redis pub/sub; unset means in-process. */
  redisUrl: string | undefined;
}

export function loadStackConfig(env: Env): StackConfig {
  return {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: optionalStr(env, 'DATA_DIR') ?? '.data/pglite',
    host: str(env, 'HOST', '127.0.0.1'),
    seed: bool(env, 'SEED', true),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', true),
    keysDir: optionalStr(env, 'KEYS_DIR') ?? '.data/keys',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
  };
}
