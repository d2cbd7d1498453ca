import { buildSchema } from 'graphql';
import { readCostDirectives } from '../../src/cost/directives.js';

// The small schema of the estimate and actual-cost tests, with the cost spec's directives written
// as a supergraph has them.
export const SDL = /* GraphQL */ `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION

  interface Node { id: ID! }
  type Book implements Node { id: ID! title: String! author: Author tags: [String!]! }
  type Author implements Node @cost(weight: 5) { id: ID! name: String! books: [Book!]! }
  type BookEdge { cursor: String! node: Book! }
  type PageInfo { hasNextPage: Boolean! }
  type BookConnection { edges: [BookEdge!]! pageInfo: PageInfo! }
  input BookInput { title: String! tags: [String!] }
  type Query {
    book(id: ID!): Book
    books(first: Int = 5): BookConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    search(text: String! @cost(weight: 3)): [Book!]! @cost(weight: 20) @listSize(assumedSize: 2)
    node(id: ID!): Node
    recent: [Book!]!
  }
  type Mutation { addBook(input: BookInput!): Book }
`;
export const schema = buildSchema(SDL);
export const directives = readCostDirectives(SDL);
