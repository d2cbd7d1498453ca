import { SUBGRAPHS, type SubgraphName, subgraphTypeDefs } from '@switchyard/schema';
import { type DocumentNode, Kind, parse, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';

// The cost contract (issue 10): the gateway can only bound what a list costs when the SDL says
// how long it gets, so every list field names its slicing argument or an assumed size.

function isList(type: TypeNode): boolean {
  if (type.kind === Kind.NON_NULL_TYPE) return isList(type.type);
  return type.kind === Kind.LIST_TYPE;
}

/** `Type.field` of every field whose type is a list and that carries no `@listSize`. */
function listFieldsWithoutListSize(document: DocumentNode): string[] {
  const missing: string[] = [];
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    for (const field of definition.fields ?? []) {
      if (!isList(field.type)) continue;
      if (field.directives?.some((d) => d.name.value === 'listSize')) continue;
      missing.push(`${definition.name.value}.${field.name.value}`);
    }
  }
  return missing;
}

describe('the cost contract', () => {
  it('gives every list field of every subgraph a @listSize', () => {
    const missing = (Object.keys(SUBGRAPHS) as SubgraphName[]).flatMap((name) =>
      listFieldsWithoutListSize(subgraphTypeDefs(name)).map((field) => `${name}: ${field}`),
    );
    expect(missing).toEqual([]);
  });

  it('finds a list field without @listSize, non-null or nested, and passes over other fields', () => {
    const sdl = parse(/* GraphQL */ `
      type Query { a: [Int] b: [[Int!]!]! @listSize(assumedSize: 2) c: Int d: [String!]! }
      extend type Query { e: [ID] }
      interface Node { f: [Int!] }
    `);
    expect(listFieldsWithoutListSize(sdl)).toEqual(['Query.a', 'Query.d', 'Query.e', 'Node.f']);
  });
});
