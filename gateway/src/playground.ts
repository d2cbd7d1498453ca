import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/**
 * GraphiQL as one self-contained page (scripts and styles inline): it works offline, unlike
 * Apollo's landing page and Sandbox, which load from a CDN (STACK.md). Rendered once; ~9 MB.
 */
export function renderPlayground(endpoint: string): string {
  return renderGraphiQL({
    endpoint,
    title: 'Switchyard GraphQL playground',
    subscriptionsProtocol: 'WS',
    defaultQuery: `# Welcome to the Switchyard graph. Try:
query ShopPage {
  products(first: 5, filter: { text: "wireless" }) {
    edges {
      node {
        id
        name
        categoryPath
        price(currency: USD) { amount currency }
        inventory { available }
        rating { average count }
        reviews(first: 2) { edges { node { rating body author { name } } } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  });
}
