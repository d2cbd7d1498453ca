/** The benchmark's operations, the headers each request carries, and the correctness check. */
import { isDeepStrictEqual } from 'node:util';

/** A distinct value per request in the "distinct viewer" workloads (no in-flight dedup can apply). */
export const VIEWER_HEADER = 'x-bench-viewer';

/**
 * The shop page: 20 products with price, inventory, rating, their first two reviews with each
 * author's name, and each author's two latest reviews' products. It crosses products, inventory,
 * reviews and users; orders is only reachable through a signed-in viewer's own orders.
 */
export const SHOP_PAGE = `query ShopPage {
  products(first: 20) {
    edges {
      node {
        id
        name
        price(currency: EUR) { amount currency }
        inventory { available }
        rating { average count }
        reviews(first: 2) {
          edges {
            node {
              rating
              body
              author {
                name
                reviews(first: 2) { edges { node { product { id name } } } }
              }
            }
          }
        }
      }
    }
  }
}`;

/** One product by id. */
export const ONE_PRODUCT = `query OneProduct {
  product(id: "42") { id name sku price(currency: USD) { amount currency } inventory { available } rating { average count } }
}`;

export interface Workload {
  /** Short name used in the table and the JSON. */
  name: string;
  /** What the row measures, for the table's legend. */
  label: string;
  query: string;
  /** Every request carries a different viewer header (defeats in-flight deduplication). */
  distinctViewer: boolean;
}

export const WORKLOADS: Workload[] = [
  { name: 'shop', label: 'shop page, identical requests', query: SHOP_PAGE, distinctViewer: false },
  { name: 'shop-viewer', label: 'shop page, a distinct viewer per request', query: SHOP_PAGE, distinctViewer: true },
  { name: 'small', label: 'one product by id', query: ONE_PRODUCT, distinctViewer: false },
];

/** The body every request of a workload sends. */
export function requestBody(workload: Workload): string {
  return JSON.stringify({ query: workload.query });
}

/**
 * Headers of one request. `token` is a bearer token sent as `authorization` (for a gateway with
 * authentication on); `viewer` numbers a distinct viewer. To give each viewer its own token, mint
 * it here from `viewer`.
 */
export function requestHeaders(options: { token?: string | undefined; viewer?: number }): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.viewer !== undefined) headers[VIEWER_HEADER] = String(options.viewer);
  return headers;
}

/** The comparable part of a GraphQL response body: `data` and `errors` (extensions may differ). */
function comparable(body: string): unknown {
  const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown };
  return { data: parsed.data, errors: parsed.errors };
}

/** A response checker for one reference answer: byte equality first, structural equality otherwise. */
export function answerChecker(reference: string): (status: number, body: string) => boolean {
  const expected = comparable(reference);
  return (status, body) => {
    if (status !== 200) return false;
    if (body === reference) return true;
    try {
      return isDeepStrictEqual(comparable(body), expected);
    } catch {
      return false;
    }
  };
}

/** A reference answer is usable when it has data and no errors. */
export function assertGoodReference(workload: Workload, body: string): void {
  const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown };
  if (!parsed.data || parsed.errors) {
    throw new Error(`reference answer of ${workload.name} has errors or no data: ${body.slice(0, 500)}`);
  }
}
