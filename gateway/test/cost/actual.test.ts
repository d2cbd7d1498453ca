import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actualCost } from '../../src/cost/actual.js';
import { estimateCost } from '../../src/cost/estimate.js';
import { directives, schema } from './schema.js';

// The estimate test's schema (schema.ts): the actual cost follows the same rules over the response.
const actual = (query: string, data: Record<string, unknown> | null, variables: Record<string, unknown> = {}) =>
  actualCost(schema, directives, parse(query), undefined, variables, data);
const estimate = (query: string, variables: Record<string, unknown> = {}) =>
  estimateCost(schema, directives, parse(query), undefined, variables);

const edge = (title: string) => ({ node: { title } });

describe('actualCost (Apollo demand control, cost of the response)', () => {
  it('counts a connection at the length it came back with, not its slicing argument', () => {
    const query = '{ books(first: 3) { edges { node { title } } pageInfo { hasNextPage } } }';
    // estimate: books 1 + 3 x (edge 1 + node 1) + pageInfo 1 = 8
    expect(estimate(query)).toBe(8);
    // two edges came back: books 1 + 2 x (1 + 1) + pageInfo 1 = 6
    const data = { books: { edges: [edge('a'), edge('b')], pageInfo: { hasNextPage: false } } };
    expect(actual(query, data)).toBe(6);
    // an empty page: books 1 + 0 + pageInfo 1 = 2
    expect(actual(query, { books: { edges: [], pageInfo: { hasNextPage: false } } })).toBe(2);
  });

  it('equals the estimate when every list is as long as estimated', () => {
    const query = '{ books(first: 2) { edges { node { title author { name } } } } }';
    const author = { name: 'x' };
    const data = { books: { edges: [{ node: { title: 'a', author } }, { node: { title: 'b', author } }] } };
    // both: books 1 + 2 x (edge 1 + node 1 + author 5) = 15
    expect(estimate(query)).toBe(15);
    expect(actual(query, data)).toBe(15);
  });

  it("charges a list field's @cost per item returned and its arguments' @cost once", () => {
    const query = '{ search(text: "dune") { title } }';
    // estimate: 2 (assumedSize) x 20 + text 3 = 43; three came back: 3 x 20 + 3 = 63
    expect(estimate(query)).toBe(43);
    expect(actual(query, { search: [{ title: 'a' }, { title: 'b' }, { title: 'c' }] })).toBe(63);
    // none came back: 0 x 20 + 3 = 3
    expect(actual(query, { search: [] })).toBe(3);
  });

  it('costs a null object nothing beyond its own @cost, and a null response nothing', () => {
    // book 1 (an object came back) + author null: Author's type weight is not charged
    expect(actual('{ book(id: "1") { title author { name } } }', { book: { title: 't', author: null } })).toBe(1);
    // book null: 0
    expect(actual('{ book(id: "1") { title } }', { book: null })).toBe(0);
    expect(actual('{ book(id: "1") { title } }', null)).toBe(0);
  });

  it('costs a field left out of the response (skipped by a variable) nothing', () => {
    const query = 'query($v: Boolean!) { book(id: "1") { author @include(if: $v) { name } } }';
    // estimate counts author (the variable might be true): 1 + 5 = 6; it was false: book 1
    expect(estimate(query, { v: false })).toBe(6);
    expect(actual(query, { book: {} }, { v: false })).toBe(1);
  });

  it('counts a list of a default size at its real length, and each alias and fragment use', () => {
    const query = '{ a: recent { ...F } b: recent { ...F } } fragment F on Book { author { name } }';
    const books = [{ author: { name: 'x' } }];
    // estimate: 2 aliases x 10 (default size) x (Book 1 + author 5) = 120
    expect(estimate(query)).toBe(120);
    // one book each: 2 x 1 x (1 + 5) = 12
    expect(actual(query, { a: books, b: books })).toBe(12);
  });

  it('applies only the type condition the returned __typename matches', () => {
    const query = '{ node(id: "1") { __typename ... on Book { author { name } } ... on Author { books { title } } } }';
    // estimate adds both: node 1 + author 5 + 10 x Book 1 = 16
    expect(estimate(query)).toBe(16);
    // an Author with two books: node 1 + 2 x Book 1 = 3 (the Book fragment does not apply)
    expect(actual(query, { node: { __typename: 'Author', books: [{ title: 'a' }, { title: 'b' }] } })).toBe(3);
    // a Book with an author: node 1 + author 5 = 6
    expect(actual(query, { node: { __typename: 'Book', author: { name: 'x' } } })).toBe(6);
  });

  it('adds the mutation base cost and the input object argument', () => {
    const query = 'mutation { addBook(input: { title: "a", tags: ["x", "y"] }) { id } }';
    // 10 (mutation) + addBook 1 + input 1 = 12, as estimated
    expect(estimate(query)).toBe(12);
    expect(actual(query, { addBook: { id: '1' } })).toBe(12);
    // refused (null): 10 + input 1
    expect(actual(query, { addBook: null })).toBe(11);
  });
});
