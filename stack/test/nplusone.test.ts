import { ManualClock, testBackends } from '@switchyard/testing';
import { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD } from '@switchyard/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, startTestStack, type TestStack } from './fixture.js';

// A shop page across every subgraph: products (products), their inventory (inventory), rating and
// reviews (reviews), each review's author (users) with the author's own reviews and orders
// (reviews, orders), and each order's items' products (products again).
const SHOP_PAGE = /* GraphQL */ `
  query ShopPage($first: Int!) {
    products(first: $first) {
      edges {
        node {
          id
          name
          categoryPath
          price(currency: USD) { amount currency }
          images { thumbnailUrl }
          inventory { total available warehouses { quantity warehouse { code } } }
          rating { average count }
          reviews(first: 3) {
            edges {
              node {
                rating
                author {
                  name
                  reviews(first: 2) { edges { node { product { name } } } }
                  orders(first: 2) { edges { node { status items { quantity product { name } } } } }
                }
              }
            }
          }
        }
      }
    }
  }
`;

interface ShopPage {
  products: { edges: { node: { id: string; reviews: { edges: { node: { author: { name: string } } }[] } } }[] };
}

describe.each(testBackends())('N+1 through the gateway on %s', (kind) => {
  let t: TestStack;
  let admin: string;
  const clock = new ManualClock();
  beforeAll(async () => {
    // Orders' saga recovery sweep (at start-up and every sagaRecoveryIntervalMs) runs SQL on the
    // orders handle whenever its timer fires; on the system clock one could land inside a
    // measurement and add its statements to the orders count. On a ManualClock that this test
    // never advances no sweep ever fires, so the counts are the page's statements and nothing else.
    t = await startTestStack(kind, { clock });
    // As the admin, who may read every author's orders.
    admin = await t.login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  it('runs the same number of SQL statements per subgraph for 5 and for 50 products', async () => {
    // Warm-up: the gateway plans the operation once; planning costs no SQL, but keep it out.
    await t.query(SHOP_PAGE, { first: 1 }, admin);
    let five: ShopPage | undefined;
    let fifty: ShopPage | undefined;
    const forFive = await countStatements(t.stack, async () => {
      const result = await t.query<ShopPage>(SHOP_PAGE, { first: 5 }, admin);
      expect(result.errors).toBeUndefined();
      five = result.data ?? undefined;
    });
    const forFifty = await countStatements(t.stack, async () => {
      const result = await t.query<ShopPage>(SHOP_PAGE, { first: 50 }, admin);
      expect(result.errors).toBeUndefined();
      fifty = result.data ?? undefined;
    });
    expect(five?.products.edges).toHaveLength(5);
    expect(fifty?.products.edges).toHaveLength(50);
    // The lists really are longer: 50 products bring more reviews and authors than 5.
    const reviewCount = (page?: ShopPage) =>
      page?.products.edges.reduce((n, e) => n + e.node.reviews.edges.length, 0) ?? 0;
    expect(reviewCount(fifty)).toBeGreaterThan(reviewCount(five));
    console.info(
      `[${kind}] SQL statements per subgraph: 5 products ${JSON.stringify(forFive)}, 50 products ${JSON.stringify(forFifty)}`,
    );
    expect(forFifty).toEqual(forFive);
    // The sweep never ran: its start-up timer (orders' only one on this clock) still waits.
    expect(clock.pending).toBe(1);
    // And every subgraph the page touches did run SQL (the counter is not stuck at zero).
    for (const name of ['users', 'products', 'inventory', 'orders', 'reviews']) {
      expect(forFive[name], name).toBeGreaterThan(0);
    }
  });
});
