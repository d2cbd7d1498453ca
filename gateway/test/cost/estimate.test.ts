import { Supergraph } from '@apollo/federation-internals';
import { readSupergraph } from '@switchyard/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSecurityRequirements } from '../../src/auth/requirements.js';
import { readCostDirectives } from '../../src/cost/directives.js';
import { estimateCost } from '../../src/cost/estimate.js';
import { directives, schema } from './schema.js';

// A small schema of its own (schema.ts), with the cost spec's directives as a supergraph has them.
const cost = (query: string, variables: Record<string, unknown> = {}, defaultListSize?: number) =>
  estimateCost(schema, directives, parse(query), undefined, variables, defaultListSize ? { defaultListSize } : {});

describe('estimateCost (Apollo demand control, static estimate)', () => {
  it('weighs objects 1 and scalars 0', () => {
    // book 1 + title 0 + author 5 (Author's @cost replaces 1) + name 0
    expect(cost('{ book(id: "1") { title author { name } } }')).toBe(6);
  });

  it('sizes a connection from its slicing argument: literal, variable, or the schema default', () => {
    // books 1 (non-list) + edges 3 x (BookEdge 1 + node 1 + title 0) + pageInfo 1 = 1 + 6 + 1
    expect(cost('{ books(first: 3) { edges { node { title } } pageInfo { hasNextPage } } }')).toBe(8);
    // first: $n = 7: 1 + 7 x 2
    expect(cost('query($n: Int) { books(first: $n) { edges { node { title } } } }', { n: 7 })).toBe(15);
    // no first: the default 5: 1 + 5 x 2
    expect(cost('{ books { edges { node { title } } } }')).toBe(11);
  });

  it('assumes the default list size for a list no @listSize sizes', () => {
    // recent: 10 x (Book 1 + author 5)
    expect(cost('{ recent { author { name } } }')).toBe(60);
    // with a default list size of 4: 4 x 6
    expect(cost('{ recent { author { name } } }', {}, 4)).toBe(24);
  });

  it("uses a field's @cost, its assumedSize, and adds its arguments' @cost", () => {
    // search: 2 (assumedSize) x (20 (@cost) + title 0) + text argument 3
    expect(cost('{ search(text: "dune") { title } }')).toBe(43);
  });

  it('adds 10 for a mutation and 1 for an input object argument', () => {
    // 10 (mutation) + addBook 1 + input: BookInput 1 + title 0 + tags [0, 0]
    expect(cost('mutation { addBook(input: { title: "a", tags: ["x", "y"] }) { id } }')).toBe(12);
    // the same input through a variable
    expect(cost('mutation($i: BookInput!) { addBook(input: $i) { id } }', { i: { title: 'a', tags: ['x'] } })).toBe(12);
  });

  it('counts every alias and every use of a fragment', () => {
    // two books, each 1 + author 5
    expect(cost('{ a: book(id: "1") { ...F } b: book(id: "2") { ...F } } fragment F on Book { author { name } }')).toBe(
      12,
    );
  });

  it('removes a field skipped or not included by a literal, and counts one whose condition is a variable', () => {
    // book 1; author removed
    expect(cost('{ book(id: "1") { author @skip(if: true) { name } } }')).toBe(1);
    expect(cost('{ book(id: "1") { author @include(if: false) { name } } }')).toBe(1);
    // book 1 + author 5: the variable may be true
    expect(cost('query($v: Boolean!) { book(id: "1") { author @include(if: $v) { name } } }', { v: false })).toBe(6);
  });

  it('adds up the type conditions on an abstract field', () => {
    // node 1 + on Book: author 5 + on Author: books 10 (default size) x (Book 1 + title 0)
    expect(cost('{ node(id: "1") { ... on Book { author { name } } ... on Author { books { title } } } }')).toBe(16);
  });

  it('costs __typename and introspection nothing', () => {
    expect(cost('{ __typename book(id: "1") { __typename } }')).toBe(1);
  });

  it("gives the issue's 300-byte query on the shop's supergraph a cost in the millions", () => {
    const supergraph = readSupergraph();
    // The API schema the gateway serves (security links rewritten as the gateway does).
    const api = Supergraph.build(readSecurityRequirements(supergraph).executableSupergraph, {
      validateSupergraph: false,
    })
      .apiSchema()
      .toGraphQLJSSchema();
    const query = `{ products(first: 100) { edges { node { reviews(first: 100) { edges { node { author {
      reviews(first: 100) { edges { node { product { name inventory { available }
      reviews(first: 100) { edges { node { author { name } } } } } } } } } } } } } } } }`;
    // Level by level, each connection is 1 + 100 x (edge 1 + node 1 + what is below):
    //   innermost reviews: 1 + 100 x (1 + 1 + author 1) = 301
    //   product: 1 + inventory 1 + 301 = 303
    //   author's reviews: 1 + 100 x (1 + 1 + 303) = 30_501
    //   author: 1 + 30_501 = 30_502
    //   product's reviews: 1 + 100 x (1 + 1 + 30_502) = 3_050_401
    //   products: 1 + 100 x (1 + 1 + 3_050_401) = 305_040_301
    expect(estimateCost(api, readCostDirectives(supergraph), parse(query), undefined)).toBe(305_040_301);
  });
});
