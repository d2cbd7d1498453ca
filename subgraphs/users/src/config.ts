import { type Env, int, optionalStr, str } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/** The users service's configuration: the common subgraph settings plus token signing. */
export interface UsersConfig extends SubgraphConfig {
  /** `JWT_PRIVATE_KEY`: private Ed25519 JWK that signs bearer tokens. @default the dev key KEYS_DIR/users-signing.json */
  jwtPrivateKey: string | undefined;
  /** `JWT_ISSUER`. @default switchyard-users */
  jwtIssuer: string;
  /** `JWT_AUDIENCE`. @default switchyard */
  jwtAudience: string;
  /** `JWT_TTL_SECONDS`: bearer token lifetime. @default 3600 */
  jwtTtlSeconds: number;
}

export const DEV_USERS_KEY_FILE = 'users-signing.json';

export function loadUsersConfig(env: Env): UsersConfig {
  return {
    ...loadSubgraphConfig(env, 'users', 4001),
    jwtPrivateKey: optionalStr(env, 'JWT_PRIVATE_KEY'),
    jwtIssuer: str(env, 'JWT_ISSUER', 'switchyard-users'),
    jwtAudience: str(env, 'JWT_AUDIENCE', 'switchyard'),
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 3600, 60, 7 * 86_400),
  };
}
