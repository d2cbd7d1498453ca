import { testBackends } from '@switchyard/testing';
import { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD } from '@switchyard/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestStack, type TestStack } from './fixture.js';

describe.each(testBackends())('the gateway over the seeded shop on %s', (kind) => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack(kind);
  });
  afterAll(() => t?.close());

  it('joins one product across every subgraph, and the parts agree with the owning subgraphs', async () => {
    const result = await t.query<{
      product: {
        id: string;
        name: string;
        inventory: { total: number; available: number; reserved: number; warehouses: { quantity: number }[] };
        rating: { count: number };
        reviews: { edges: { node: { id: string; author: { id: string; name: string } } }[] };
      };
    }>(`{
      product(id: "7") {
        id name sku
        inventory { total available reserved warehouses { quantity reserved available warehouse { id code } } }
        rating { average count }
        reviews(first: 5) { edges { node { id rating author { id name } product { id name } } } }
      }
    }`);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const product = result.data?.product;
    expect(product?.id).toBe('7');
    const inventory = product?.inventory;
    expect(inventory?.total).toBe(inventory?.warehouses.reduce((n, w) => n + w.quantity, 0));
    expect(inventory?.available).toBe((inventory?.total ?? 0) - (inventory?.reserved ?? 0));
    // Each author's name is what the users subgraph says for that id.
    for (const { node } of product?.reviews.edges ?? []) {
      const direct = await postGraphQL<{ user: { name: string } }>(
        `${t.stack.urls.users}/graphql`,
        '{ user(id: $id) { name } }'.replace('$id', JSON.stringify(node.author.id)),
      );
      expect(node.author.name).toBe(direct.data?.user.name);
    }
  });

  it('pages through products with cursors, without repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result: Awaited<
        ReturnType<
          typeof t.query<{
            products: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
          }>
        >
      > = await t.query(
        'query($after: String) { products(first: 40, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } }',
        { after },
      );
      expect(result.errors).toBeUndefined();
      for (const edge of result.data?.products.edges ?? []) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
      }
      expect(result.data?.products.pageInfo.hasNextPage).toBe(true);
      after = result.data?.products.pageInfo.endCursor ?? null;
    }
    expect(seen.size).toBe(120); // 3 pages x 40
  });

  it('answers null for unknown ids, without errors', async () => {
    const result = await t.query(`{
      product(id: "999999") { id } user(id: "nope") { id }
      review(id: "-3") { id } warehouse(id: "42") { id } category(id: "x") { id }
    }`);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ product: null, user: null, review: null, warehouse: null, category: null });
    // Orders are for signed-in users; to the admin an unknown order is null, like anything else.
    const admin = await t.login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD);
    const order = await t.query('{ order(id: "0") { id } }', {}, admin);
    expect(order.errors).toBeUndefined();
    expect(order.data).toEqual({ order: null });
  });

  it.each([
    ['first: -1', '{ products(first: -1) { edges { cursor } } }', 'INVALID_PAGE_SIZE'],
    // Above GATEWAY_MAX_LIST_SIZE (100): the gateway refuses it before any subgraph sees it.
    ['first: 10000', '{ products(first: 10000) { edges { cursor } } }', 'LIST_SIZE_LIMIT_EXCEEDED'],
    ['a malformed cursor', '{ products(after: "%%%not-a-cursor") { edges { cursor } } }', 'INVALID_CURSOR'],
    [
      'a cursor of another list',
      '{ product(id: "1") { reviews(after: "eyJ2IjoxLCJrIjoicHJvZHVjdHMiLCJpZCI6MX0") { edges { cursor } } } }',
      'INVALID_CURSOR',
    ],
    [
      'first: 10000 on a nested list',
      '{ product(id: "1") { reviews(first: 10000) { edges { cursor } } } }',
      'LIST_SIZE_LIMIT_EXCEEDED',
    ],
  ])('refuses %s with a stable code, not a 500', async (_label, query, code) => {
    const result = await t.query(query);
    expect(result.status).toBe(200);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(result.errors?.[0]?.message).toMatch(/first|after|cursor/);
  });

  it('refuses a document that does not validate with GRAPHQL_VALIDATION_FAILED: HTTP 400 as application/graphql-response+json, 200 as application/json', async () => {
    const query = '{ products(first: "many") { edges { cursor } } }';
    const strict = await postGraphQL(`${t.stack.urls.gateway}/graphql`, query, undefined, {
      accept: 'application/graphql-response+json',
    });
    expect(strict.status).toBe(400);
    expect(strict.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const legacy = await t.query(query);
    expect(legacy.status).toBe(200);
    expect(legacy.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves /healthz and /readyz on every service', async () => {
    for (const [name, url] of Object.entries(t.stack.urls)) {
      const health = await fetch(`${url}/healthz`);
      expect(health.status, name).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status, name).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    }
  });

  it('shows the GraphiQL playground to a browser, with no CDN in the page', async () => {
    const response = await fetch(`${t.stack.urls.gateway}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Switchyard GraphQL playground');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });
});
