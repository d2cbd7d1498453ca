/**
 * How the gateway calls its subgraphs over HTTP: one keep-alive undici pool per origin
 * (`client.ts`), repeated entity representations sent once per fetch (`representations.ts`), and
 * the gateway-signed identity header on every call (`identity.ts`). It owns nothing of planning,
 * authorization or response shaping; `gateway.ts` wires it into @apollo/gateway's `buildService`.
 */
export {
  createSubgraphAgent,
  DEFAULT_SUBGRAPH_CONNECTIONS,
  SubgraphClient,
  type SubgraphClientOptions,
} from './client.js';
export { type IdentityContext, IdentityForwardingDataSource } from './identity.js';
export { type DedupedRepresentations, dedupeRepresentations, expandEntities } from './representations.js';
