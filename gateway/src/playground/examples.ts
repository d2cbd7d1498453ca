import { Kind, parse } from 'graphql';
import type { ExampleFile } from './exampleFiles.js';

/** A tab GraphiQL opens on first visit (its `defaultTabs`). */
export interface ExampleTab {
  /** The document, comment first; GraphiQL titles the tab with its first operation's name. */
  query: string;
  /** A Variables editor template naming the variables the document needs; null when none. */
  variables: string | null;
}

/**
 * The tabs for the example files. Variables without a default start as `null` in the Variables
 * editor, under a comment saying where their value comes from (the editor reads JSON with
 * comments, like the Headers editor).
 */
export function exampleTabs(files: readonly ExampleFile[]): ExampleTab[] {
  return files.map(({ name, source }) => {
    const document = parse(source, { noLocation: true });
    const needed = new Set<string>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) throw new Error(`${name}: only operations belong here`);
      for (const variable of definition.variableDefinitions ?? []) {
        if (!variable.defaultValue) needed.add(variable.variable.name.value);
      }
    }
    if (needed.size === 0) return { query: source, variables: null };
    const lines = [...needed].map((variable) => `  ${JSON.stringify(variable)}: null`);
    return {
      query: source,
      variables: `{\n  // ${[...needed].map((v) => VARIABLE_HINTS[v] ?? `${v}: fill in before running`).join('; ')}\n${lines.join(',\n')}\n}`,
    };
  });
}

/** Where an example variable's value comes from, for the Variables editor's comment. */
const VARIABLE_HINTS: Record<string, string> = {
  orderId: 'orderId: the id CreateOrder answered (CreateOrder tab), in quotes',
};
