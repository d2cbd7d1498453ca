import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { DEFAULT_PORTS, defaultSubgraphUrl, SUBGRAPH_NAMES, type SubgraphName } from '@switchyard/config';
import { type DocumentNode, parse } from 'graphql';

export { defaultSubgraphUrl, SUBGRAPH_NAMES, type SubgraphName };

/**
 * The subgraphs, in composition order, with the port each listens on by default: derived from
 * @switchyard/config's DEFAULT_PORTS, where they are declared.
 */
export const SUBGRAPHS: Readonly<Record<SubgraphName, number>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, DEFAULT_PORTS[name]]),
) as Record<SubgraphName, number>;

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
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      typeDefs: subgraphTypeDefs(name),
      url: urls[name] ?? defaultSubgraphUrl(name),
    })),
  );
  if (result.errors) throw new CompositionError(result.errors);
  return `${result.supergraphSdl.trimEnd()}\n`;
}
