import { FEDERATION_LINK, type TestSubgraph } from '../federation/fixture.js';

/**
 * Two small subgraphs for the limit tests: products owns `Product` and its list, reviews adds
 * `Product.reviews` and `Review.product`, so a document can nest as deep as it likes, and any
 * field past the root costs an entity fetch.
 */
export const SHOP_SUBGRAPHS: readonly TestSubgraph[] = [
  {
    name: 'products',
    typeDefs: `${FEDERATION_LINK}, import: ["@key", "@listSize"])
      type Query {
        product(id: ID!): Product
        products(first: Int = 10): [Product!]! @listSize(slicingArguments: ["first"])
      }
      type Product @key(fields: "id") { id: ID! name: String! }`,
    resolvers: {
      Query: {
        product: (_: unknown, { id }: { id: string }) => ({ id, name: `P${id}` }),
        products: (_: unknown, { first }: { first: number }) =>
          Array.from({ length: first }, (_, i) => ({ id: String(i + 1), name: `P${i + 1}` })),
      },
      Product: { __resolveReference: ({ id }: { id: string }) => ({ id, name: `P${id}` }) },
    },
  },
  {
    name: 'reviews',
    typeDefs: `${FEDERATION_LINK}, import: ["@key", "@listSize"])
      type Product @key(fields: "id") {
        id: ID!
        reviews(first: Int = 2): [Review!]! @listSize(slicingArguments: ["first"])
      }
      type Review @key(fields: "id") { id: ID! body: String! product: Product! }`,
    resolvers: {
      Product: {
        reviews: ({ id }: { id: string }, { first }: { first: number }) =>
          Array.from({ length: first }, (_, i) => ({ id: `${id}-${i}`, body: 'fine', product: { id } })),
      },
      Review: {
        __resolveReference: ({ id }: { id: string }) => ({ id, body: 'fine', product: { id: id.split('-')[0] } }),
      },
    },
  },
];

/** A valid operation exactly `depth` fields deep: product > reviews > product > ... > id. */
export function nested(depth: number): string {
  const fields = Array.from({ length: depth - 1 }, (_, i) =>
    i === 0 ? 'product(id: "1")' : i % 2 ? 'reviews' : 'product',
  );
  return `{ ${fields.map((f) => `${f} { `).join('')}id${' }'.repeat(depth - 1)} }`;
}

/** `count` aliases of `product(id:)`, 11 tokens each (`p0 : product ( id : "0" ) { name }`), in `{ }`. */
export function aliases(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `p${i}: product(id: "${i}") { name }`).join(' ')} }`;
}
