import {
  bool,
  type Env,
  int,
  optionalStr,
  port,
  SUBGRAPH_NAMES,
  type SubgraphName,
  str,
  url,
} from '@switchyard/config';
import { DEFAULT_SUBGRAPH_CONNECTIONS } from './subgraphClient/index.js';

/** The gateway's configuration (README: Configuration). Parsed once at start-up. */
export interface GatewayConfig {
  /** `GATEWAY_PORT`. @default 4000 */
  port: number;
  /** `HOST`: address to listen on. @default 127.0.0.1 */
  host: string;
  /** `SUPERGRAPH_PATH`: the supergraph SDL to serve. @default schema/supergraph.graphql */
  supergraphPath: string | undefined;
  /** `SUBGRAPH_URL_<NAME>` (SUBGRAPH_URL_USERS, ...): overrides the URL the supergraph names. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** `SUBGRAPH_TIMEOUT_MS`: a subgraph call that takes longer fails with SUBGRAPH_UNAVAILABLE. @default 10000 */
  subgraphTimeoutMs: number;
  /**
   * `SUBGRAPH_CONNECTIONS`: keep-alive sockets per subgraph origin; more calls queue. A subgraph
   * that answers slowly needs more (16 sockets at 100 ms carry 160 calls/s). @default 16
   */
  subgraphConnections: number;
  /**
   * `GRAPHQL_INTROSPECTION`: allow introspection and field suggestions. Off in production (this
   * process); `npm start` turns it on for local work. @default false
   */
  introspection: boolean;
  /** `GRAPHQL_PLAYGROUND`: serve GraphiQL on GET /graphql from a browser. @default GRAPHQL_INTROSPECTION */
  playground: boolean;
  /** `JWT_JWKS_URL`: the users service's public keys. @default http://localhost:4001/.well-known/jwks.json */
  jwksUrl: string;
  /** `JWT_ISSUER`: the `iss` bearer tokens must carry. @default switchyard-users */
  jwtIssuer: string;
  /** `JWT_AUDIENCE`: the `aud` bearer tokens must carry. @default switchyard */
  jwtAudience: string;
  /** `INTERNAL_JWT_PRIVATE_KEY`: private Ed25519 JWK for identity headers. @default the dev key in KEYS_DIR */
  internalPrivateKey: string | undefined;
  /** `KEYS_DIR`: where development keys are kept. @default .data/keys */
  keysDir: string;
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const value = url(env, `SUBGRAPH_URL_${name.toUpperCase()}`, ['http:', 'https:']);
    if (value) subgraphUrls[name] = value;
  }
  const introspection = bool(env, 'GRAPHQL_INTROSPECTION', false);
  return {
    port: port(env, 'GATEWAY_PORT', 4000),
    host: str(env, 'HOST', '127.0.0.1'),
    supergraphPath: optionalStr(env, 'SUPERGRAPH_PATH'),
    subgraphUrls,
    subgraphTimeoutMs: int(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000),
    subgraphConnections: int(env, 'SUBGRAPH_CONNECTIONS', DEFAULT_SUBGRAPH_CONNECTIONS, 1, 1_024),
    introspection,
    playground: bool(env, 'GRAPHQL_PLAYGROUND', introspection),
    jwksUrl: url(env, 'JWT_JWKS_URL', ['http:', 'https:']) ?? 'http://localhost:4001/.well-known/jwks.json',
    jwtIssuer: str(env, 'JWT_ISSUER', 'switchyard-users'),
    jwtAudience: str(env, 'JWT_AUDIENCE', 'switchyard'),
    internalPrivateKey: optionalStr(env, 'INTERNAL_JWT_PRIVATE_KEY'),
    keysDir: optionalStr(env, 'KEYS_DIR') ?? '.data/keys',
  };
}
