/**
 * The services of the stack and the port each listens on by default: the one declaration every
 * other package derives from (the schema's composition order and supergraph URLs, the port
 * variables of the configuration catalogue, the stack's wiring).
 */

/** Each service's conventional port; the subgraphs in composition order. */
export const DEFAULT_PORTS = {
  gateway: 4000,
  users: 4001,
  products: 4002,
  inventory: 4003,
  orders: 4004,
  reviews: 4005,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;
export type SubgraphName = Exclude<ServiceName, 'gateway'>;

/** The subgraphs, in composition order (the order of DEFAULT_PORTS). */
export const SUBGRAPH_NAMES: readonly SubgraphName[] = (Object.keys(DEFAULT_PORTS) as ServiceName[]).filter(
  (name): name is SubgraphName => name !== 'gateway',
);

/** The URL the committed supergraph routes a subgraph to: its conventional port on localhost. */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://localhost:${DEFAULT_PORTS[name]}/graphql`;
}
