import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { type DocumentNode, parse } from 'graphql';

/** The subgraphs, in composition order, with the port each listens on by default. */
export const SUBGRAPHS = {
  users: 4001,
  products: 4002,
  inventory: 4003,
  orders: 4004,
  reviews: 4005,
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;

/** Where the committed supergraph lives. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/** The SDL file of one subgraph (`schema/subgraphs/<name>.graphql`). */
export function subgraphSdlPath(name: SubgraphName): string {
  return fileURLToPath(new URL(`../subgraphs/${name}.graphql`, import.meta.url));
}

/** The parsed SDL of one subgraph, for `buildSubgraphSchema`. */
export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readFileSync(subgraphSdlPath(name), 'utf8'));
}

/** The URL the committed supergraph routes a subgraph to. */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://localhost:${SUBGRAPHS[name]}/graphql`;
}

/** The committed supergraph SDL. */
export function readSupergraph(path = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}

export class CompositionError extends Error {
  readonly code = 'COMPOSITION_FAILED';
  constructor(readonly errors: readonly Error[]) {
    super(`composition failed:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/** Composes the five subgraph SDLs into the supergraph SDL, or throws CompositionError. */
export function composeSupergraph(urls: Partial<Record<SubgraphName, string>> = {}): string {
  const names = Object.keys(SUBGRAPHS) as SubgraphName[];
  const result = composeServices(
    names.map((name) => ({ name, typeDefs: subgraphTypeDefs(name), url: urls[name] ?? defaultSubgraphUrl(name) })),
  );
  if (result.errors) throw new CompositionError(result.errors);
  return `${result.supergraphSdl.trimEnd()}\n`;
}
