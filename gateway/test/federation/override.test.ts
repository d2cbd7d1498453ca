import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_LINK, type Federation, federate } from './fixture.js';

describe('@override(from:)', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate([
      {
        name: 'legacy',
        typeDefs: `${FEDERATION_LINK}, import: ["@key"])
          type Query { product(id: ID!): Product }
          type Product @key(fields: "id") { id: ID! name: String! price: Int! }`,
        resolvers: {
          Query: { product: (_: unknown, { id }: { id: string }) => ({ id }) },
          Product: { name: () => 'Lamp', price: () => 100 },
        },
      },
      {
        name: 'pricing',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@override"])
          type Product @key(fields: "id") { id: ID! price: Int! @override(from: "legacy") }`,
        resolvers: { Product: { __resolveReference: (ref: { id: string }) => ref, price: () => 250 } },
      },
    ]);
  });
  afterAll(() => federation.close());

  it('answers the field from the overriding subgraph, and never asks the overridden one for it', async () => {
    const result = await federation.run('{ product(id: "1") { name price } }');
    expect(result.errors).toBeUndefined();
    // 250 is pricing's answer; legacy's resolver would say 100.
    expect(result.data).toEqual({ product: { name: 'Lamp', price: 250 } });
    expect(federation.calls.legacy).toHaveLength(1);
    expect(federation.calls.legacy?.[0]).not.toContain('price');
    expect(federation.calls.pricing).toHaveLength(1);
    expect(federation.calls.pricing?.[0]).toMatch(/_entities[\s\S]*price/);
  });
});
