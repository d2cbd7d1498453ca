import { bool, type Env, int, optionalStr, port, str, url } from '@switchyard/config';

/** What every subgraph process reads from its environment (README: Configuration). */
export interface SubgraphConfig {
  /** `<NAME>_PORT` (USERS_PORT, ...). @default the subgraph's conventional port (4001-4005) */
  port: number;
  /** `HOST`: address to listen on. @default 127.0.0.1 */
  host: string;
  /** `DATABASE_URL`: PostgreSQL; unset means embedded PGlite. */
  databaseUrl: string | undefined;
  /**
   * `DATA_DIR`: PGlite's data folder when DATABASE_URL is unset. A PGlite folder belongs to one
   * process, so a subgraph running alone defaults to its own. @default .data/<name>
   */
  dataDir: string;
  /** `GRAPHQL_INTROSPECTION`: allow introspection queries (the gateway needs none). @default false */
  introspection: boolean;
  /** `DB_POOL_SIZE`: PostgreSQL connections per process. @default 10 */
  poolSize: number;
  /** `SEED`: load seed data into an empty database at start-up. @default true */
  seed: boolean;
  /** `INTERNAL_JWT_PUBLIC_KEY`: the gateway's public JWK, to verify identity headers. @default the dev key in KEYS_DIR */
  internalPublicKey: string | undefined;
  /** `KEYS_DIR`: where development keys are kept. @default .data/keys */
  keysDir: string;
}

/** Parses a subgraph's configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadSubgraphConfig(env: Env, name: string, defaultPort: number): SubgraphConfig {
  return {
    port: port(env, `${name.toUpperCase()}_PORT`, defaultPort),
    host: str(env, 'HOST', '127.0.0.1'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: optionalStr(env, 'DATA_DIR') ?? `.data/${name}`,
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', false),
    poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    seed: bool(env, 'SEED', true),
    internalPublicKey: optionalStr(env, 'INTERNAL_JWT_PUBLIC_KEY'),
    keysDir: optionalStr(env, 'KEYS_DIR') ?? '.data/keys',
  };
}
