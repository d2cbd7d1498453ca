import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// src/subgraph.ts (and orders' subscription test) type resolvers with GraphQLResolverMap, which
// @apollo/subgraph declares only in dist/schema-helper/resolverMap: its index does not export it.
// A type-only import is erased at run time, so nothing else notices when an upgrade moves or
// changes it in a test file; this guard does (test/dependencies.test.ts requires one per deep import).
describe('@apollo/subgraph by path (dist/schema-helper/resolverMap.js)', () => {
  it('still declares GraphQLResolverMap<TContext> there in the pinned version', () => {
    const declarations = require
      .resolve('@apollo/subgraph/dist/schema-helper/resolverMap.js')
      .replace(/\.js$/, '.d.ts');
    expect(readFileSync(declarations, 'utf8')).toMatch(/export interface GraphQLResolverMap<TContext = \{\}>/);
  });

  it('types the resolver map buildSubgraphSchema runs, with the context it is given', async () => {
    const resolvers: GraphQLResolverMap<{ greeting: string }> = {
      Query: { hello: (_parent, args: { name: string }, context) => `${context.greeting}, ${args.name}` },
    };
    const schema = buildSubgraphSchema([
      { typeDefs: parse('type Query { hello(name: String!): String! }'), resolvers },
    ]);
    const result = await execute({
      schema,
      document: parse('{ hello(name: "Ada") }'),
      contextValue: { greeting: 'Hello' },
    });
    expect(result).toEqual({ data: { hello: 'Hello, Ada' } });
  });
});
