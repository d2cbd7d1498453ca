import { configReader, type Env } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/**
 * The users service's configuration: the common subgraph settings plus token signing. Each field
 * names its variable; defaults and meanings are in the catalogue (packages/config/src/variables.ts).
 */
export interface UsersConfig extends SubgraphConfig {
  /** `JWT_PRIVATE_KEY`; unset: the dev key KEYS_DIR/users-signing.json. */
  jwtPrivateKey: string | undefined;
  /** `JWT_ISSUER` */
  jwtIssuer: string;
  /** `JWT_AUDIENCE` */
  jwtAudience: string;
  /** `JWT_TTL_SECONDS`: bearer token lifetime. */
  jwtTtlSeconds: number;
}

export const DEV_USERS_KEY_FILE = 'users-signing.json';

/** Parses the users configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadUsersConfig(env: Env): UsersConfig {
  const read = configReader(env, 'users');
  return {
    ...loadSubgraphConfig(env, 'users'),
    jwtPrivateKey: read('JWT_PRIVATE_KEY'),
    jwtIssuer: read('JWT_ISSUER'),
    jwtAudience: read('JWT_AUDIENCE'),
    jwtTtlSeconds: read('JWT_TTL_SECONDS'),
  };
}
