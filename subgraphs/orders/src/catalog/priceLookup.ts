import { OrderDomainError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/order.js';

/**
 * The catalog price of a product, for `addOrderItem`. Orders never read products' tables, and a
 * price a client sends cannot be trusted, so the price comes from the products subgraph itself.
 * (`@requires` cannot help: it feeds entity fields, not mutation arguments.)
 */
export interface ProductPriceLookup {
  /**
   * The price of one unit in minor units, or null when the product does not exist or is not sold
   * in `currency`.
   * @throws OrderDomainError DEPENDENCY_UNAVAILABLE when the catalog cannot be asked.
   */
  unitPriceMinor(productId: number, currency: CurrencyCode): Promise<number | null>;
}

const PRICE_QUERY = `query OrderItemPrice($id: ID!, $currency: CurrencyCode!) {
  product(id: $id) { price(currency: $currency) { minorUnits } }
}`;

export interface GraphQLPriceLookupOptions {
  /** The products subgraph's GraphQL endpoint (http://127.0.0.1:4002/graphql). */
  url: string;
  /** Give up after this many ms. @default 3000 */
  timeoutMs?: number;
}

/** Asks the products subgraph's `Query.product(id).price(currency)` over HTTP. */
export function createGraphQLPriceLookup(options: GraphQLPriceLookupOptions): ProductPriceLookup {
  const timeoutMs = options.timeoutMs ?? 3000;
  return {
    async unitPriceMinor(productId, currency) {
      let body: { data?: { product: { price: { minorUnits: number } | null } | null }; errors?: unknown[] };
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: PRICE_QUERY, variables: { id: String(productId), currency } }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        body = (await response.json()) as typeof body;
      } catch (error) {
        throw new OrderDomainError(
          'DEPENDENCY_UNAVAILABLE',
          `the catalog could not be asked for a price: ${error instanceof Error ? error.message : String(error)}`,
          { service: 'products' },
        );
      }
      if (body.errors?.length || !body.data) {
        throw new OrderDomainError('DEPENDENCY_UNAVAILABLE', 'the catalog answered a price query with errors', {
          service: 'products',
        });
      }
      return body.data.product?.price?.minorUnits ?? null;
    },
  };
}

/** Used when no catalog is configured: adding items fails with DEPENDENCY_UNAVAILABLE. */
export const UNCONFIGURED_PRICES: ProductPriceLookup = {
  async unitPriceMinor() {
    throw new OrderDomainError('DEPENDENCY_UNAVAILABLE', 'no products service is configured (PRODUCTS_URL)', {
      service: 'products',
    });
  },
};
