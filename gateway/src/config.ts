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
  /** `GRAPHQL_INTROSPECTION`: allow introspection. @default true */
  introspection: boolean;
  /** `GRAPHQL_PLAYGROUND`: serve GraphiQL on GET /graphql from a browser. @default true */
  playground: boolean;
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const value = url(env, `SUBGRAPH_URL_${name.toUpperCase()}`, ['http:', 'https:']);
    if (value) subgraphUrls[name] = value;
  }
  return {
    port: port(env, 'GATEWAY_PORT', 4000),
    host: str(env, 'HOST', '127.0.0.1'),
    supergraphPath: optionalStr(env, 'SUPERGRAPH_PATH'),
    subgraphUrls,
    subgraphTimeoutMs: int(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', true),
    playground: bool(env, 'GRAPHQL_PLAYGROUND', true),
  };
}
