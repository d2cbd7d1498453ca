import { Supergraph } from '@apollo/federation-internals';
import { defaultOf } from '@switchyard/config';
import { readSupergraph } from '@switchyard/schema';
import { buildSchema, getIntrospectionQuery, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSecurityRequirements } from '../../src/auth/requirements.js';
import { readCostDirectives } from '../../src/cost/directives.js';
import {
  checkOperationLimits,
  type OperationLimitOptions,
  resolveOperationLimits,
} from '../../src/limits/operationLimits.js';
import { countTokens } from '../../src/limits/tokenLimit.js';

const SDL = /* GraphQL */ `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION

  type Review { id: ID! body: String! product: Product! }
  type Product {
    id: ID!
    name: String!
    reviews(first: Int = 10): [Review!]! @listSize(slicingArguments: ["first"])
  }
  type ProductEdge { node: Product! }
  type ProductConnection { edges: [ProductEdge!]! }
  type Query {
    product(id: ID!): Product
    products(first: Int, last: Int): ProductConnection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"])
    recent(first: Int): [Product!]!
  }
`;
const context = { schema: buildSchema(SDL), listSizes: readCostDirectives(SDL).listSizes };

function check(query: string, options: OperationLimitOptions = {}, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return checkOperationLimits(context, resolveOperationLimits(options), document, operation, variables);
}

describe('checkOperationLimits: depth', () => {
  // product 1 > reviews 2 > product 3 > name 4
  const nested = '{ product(id: "1") { reviews { product { name } } } }';

  it('counts one level per nested field', () => {
    expect(check(nested, { maxDepth: 4 })).toBeUndefined();
    expect(check(nested, { maxDepth: 3 })).toMatchObject({
      code: 'DEPTH_LIMIT_EXCEEDED',
      details: { max: 3, received: 4 },
    });
  });

  it('counts through fragment spreads and inline fragments, which add no level', () => {
    const query = `
      { product(id: "1") { ...Reviews } }
      fragment Reviews on Product { reviews { ... on Review { product { name } } } }
    `;
    // the same 4 levels as the document without fragments
    expect(check(query, { maxDepth: 3 })?.details).toEqual({ max: 3, received: 4 });
  });

  it('cuts a fragment cycle where it closes instead of walking it forever', () => {
    const query = `
      { product(id: "1") { ...Loop } }
      fragment Loop on Product { reviews { product { ...Loop } } }
    `;
    // product 1 > reviews 2 > product 3; the inner ...Loop closes the cycle and counts nothing
    expect(check(query, { maxDepth: 2 })?.details).toEqual({ max: 2, received: 3 });
  });

  it('refuses depth 61 with the default limit of 20', () => {
    // 1 root field + 30 × (reviews, product) = 61 levels, then `name` as the 62nd
    const query = `{ product(id: "1") { ${'reviews { product { '.repeat(30)}name${' } }'.repeat(30)} } }`;
    expect(check(query)).toMatchObject({ code: 'DEPTH_LIMIT_EXCEEDED', details: { max: 20, received: 62 } });
  });
});

describe('checkOperationLimits: aliases', () => {
  it('counts every alias, each use of a fragment counting its own', () => {
    const query = `
      { a: product(id: "1") { ...Names } b: product(id: "2") { ...Names } c: product(id: "3") { ...Names } }
      fragment Names on Product { first: name second: name }
    `;
    // 3 root aliases + 3 spreads × 2 aliases = 9
    expect(check(query, { maxAliases: 9 })).toBeUndefined();
    expect(check(query, { maxAliases: 8 })).toMatchObject({
      code: 'ALIAS_LIMIT_EXCEEDED',
      details: { max: 8, received: 9 },
    });
  });

  it('refuses 1,000 aliases of product(id:)', () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `p${i}: product(id: "${i}") { name }`).join(' ')} }`;
    expect(check(query)).toMatchObject({ code: 'ALIAS_LIMIT_EXCEEDED', details: { max: 30, received: 1000 } });
  });

  it('walks each fragment once, however often it is spread (a doubling chain of 60)', () => {
    // F0 has 2 aliases; Fi spreads F(i-1) twice: F60 counts 2 × 2^60 aliases, beyond an exact
    // double, so the received count is capped at Number.MAX_SAFE_INTEGER.
    const chain = Array.from({ length: 60 }, (_, i) => `fragment F${i + 1} on Product { ...F${i} ...F${i} }`);
    const query = `{ product(id: "1") { ...F60 } } fragment F0 on Product { x: name y: id } ${chain.join(' ')}`;
    expect(check(query)).toMatchObject({
      code: 'ALIAS_LIMIT_EXCEEDED',
      details: { max: 30, received: Number.MAX_SAFE_INTEGER },
    });
  });
});

describe('checkOperationLimits: root fields', () => {
  it('counts distinct response keys at the root, through fragments', () => {
    const query = `
      { a: product(id: "1") { id } product(id: "1") { id } product(id: "1") { name } ...More }
      fragment More on Query { b: product(id: "2") { id } a: product(id: "1") { id } }
    `;
    // keys a, product, b: repeated keys merge into one field
    expect(check(query, { maxRootFields: 3 })).toBeUndefined();
    expect(check(query, { maxRootFields: 2 })).toMatchObject({
      code: 'ROOT_FIELD_LIMIT_EXCEEDED',
      details: { max: 2, received: 3 },
    });
  });
});

describe('checkOperationLimits: directives per field', () => {
  it('counts the directives of each field and fragment', () => {
    const query = '{ product(id: "1") { name @skip(if: false) @include(if: true) } }';
    expect(check(query, { maxDirectivesPerField: 2 })).toBeUndefined();
    expect(check(query, { maxDirectivesPerField: 1 })).toMatchObject({
      code: 'DIRECTIVE_LIMIT_EXCEEDED',
      details: { max: 1, received: 2 },
    });
    const spread = '{ ...Q @skip(if: false) @include(if: true) } fragment Q on Query { recent { id } }';
    expect(check(spread, { maxDirectivesPerField: 1 })?.details).toEqual({ max: 1, received: 2 });
  });
});

describe('checkOperationLimits: list size', () => {
  it('refuses a literal slicing argument above the limit, naming it', () => {
    expect(check('{ products(first: 100) { edges { node { id } } } }')).toBeUndefined();
    expect(check('{ products(first: 101) { edges { node { id } } } }')).toMatchObject({
      code: 'LIST_SIZE_LIMIT_EXCEEDED',
      details: { argument: 'first', max: 100, received: 101 },
    });
    // every slicing argument counts, not only `first`
    expect(check('{ products(last: 1000000) { edges { node { id } } } }')?.details).toEqual({
      argument: 'last',
      max: 100,
      received: 1_000_000,
    });
  });

  it('reads variables, and a variable default when the variable is not given', () => {
    const query = 'query ($n: Int = 500) { product(id: "1") { reviews(first: $n) { id } } }';
    expect(check(query)?.details).toEqual({ argument: 'first', max: 100, received: 500 });
    expect(check(query, {}, { n: 1_000_000 })?.details).toEqual({ argument: 'first', max: 100, received: 1_000_000 });
    expect(check(query, {}, { n: 5 })).toBeUndefined();
    // an explicit null is not the default: the schema's own default (10) applies
    expect(check(query, {}, { n: null })).toBeUndefined();
  });

  it('ignores arguments the supergraph does not name as slicing ones', () => {
    // Query.recent has no @listSize: its `first` is the subgraph's business
    expect(check('{ recent(first: 1000000) { id } }')).toBeUndefined();
  });

  it('finds slicing arguments inside fragments, under their type condition', () => {
    const query = '{ recent { ...R } } fragment R on Product { reviews(first: 1000) { id } }';
    expect(check(query)?.details).toEqual({ argument: 'first', max: 100, received: 1000 });
  });
});

describe('checkOperationLimits: the first limit exceeded', () => {
  it('reports depth before aliases', () => {
    const query = '{ a: product(id: "1") { b: reviews { c: product { name } } } }';
    expect(check(query, { maxDepth: 3, maxAliases: 1 })?.code).toBe('DEPTH_LIMIT_EXCEEDED');
  });
});

describe('the defaults', () => {
  const supergraph = readSecurityRequirements(readSupergraph()).executableSupergraph;
  const real = {
    schema: Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema(),
    listSizes: readCostDirectives(supergraph).listSizes,
  };

  it('let GraphiQL introspect (introspection is on for local work)', () => {
    const document = parse(getIntrospectionQuery());
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    expect(checkOperationLimits(real, resolveOperationLimits(), document, operation, {})).toBeUndefined();
    expect(countTokens(getIntrospectionQuery(), 2_000)).toBeLessThan(2_000);
  });

  it("leave issue 10's 300-byte nested query to the cost limit", () => {
    const query = `{ products(first: 100) { edges { node { reviews(first: 100) { edges { node { author {
      reviews(first: 100) { edges { node { product { name inventory { available }
      reviews(first: 100) { edges { node { author { name } } } } } } } } } } } } } } } }`;
    const document = parse(query);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    // 16 levels ≤ 20, no alias, 1 root field, every `first` 100 ≤ 100
    expect(checkOperationLimits(real, resolveOperationLimits(), document, operation, {})).toBeUndefined();
    expect(
      checkOperationLimits(real, resolveOperationLimits({ maxDepth: 15 }), document, operation, {})?.details,
    ).toEqual({
      max: 15,
      received: 16,
    });
  });

  it('are the catalogue defaults of the GATEWAY_MAX_* variables', () => {
    expect(resolveOperationLimits()).toEqual({
      maxTokens: defaultOf('GATEWAY_MAX_TOKENS', 'gateway'),
      maxDepth: defaultOf('GATEWAY_MAX_DEPTH', 'gateway'),
      maxAliases: defaultOf('GATEWAY_MAX_ALIASES', 'gateway'),
      maxRootFields: defaultOf('GATEWAY_MAX_ROOT_FIELDS', 'gateway'),
      maxDirectivesPerField: defaultOf('GATEWAY_MAX_DIRECTIVES', 'gateway'),
      maxListSize: defaultOf('GATEWAY_MAX_LIST_SIZE', 'gateway'),
    });
  });
});

describe('countTokens', () => {
  it('counts as the parser does, comments aside, and stops one past the limit', () => {
    // `{`, `a`, `}`
    expect(countTokens('{ a } # a comment', 10)).toBe(3);
    // 100,000 brackets: stops at 11, never lexes the rest
    expect(countTokens('{'.repeat(100_000), 10)).toBe(11);
    expect(countTokens('{ "unterminated', 10)).toBe(-1);
  });
});
