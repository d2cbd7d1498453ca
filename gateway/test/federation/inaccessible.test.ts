import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_LINK, type Federation, federate } from './fixture.js';

describe('@inaccessible', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate([
      {
        name: 'catalog',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@inaccessible", "@tag"])
          type Query {
            product: Product
            internalNote: String @inaccessible
            warehouse: Warehouse @inaccessible
            byColor(color: Color!): [Product!]!
          }
          type Product @key(fields: "id") {
            id: ID!
            name: String! @tag(name: "public")
            color: Color!
            cost: Int @inaccessible
          }
          type Warehouse @inaccessible { code: String! }
          enum Color { RED PROTOTYPE @inaccessible }`,
        resolvers: {
          Query: {
            product: () => ({ id: '1', name: 'Lamp', color: 'RED', cost: 7 }),
            internalNote: () => 'secret',
            warehouse: () => ({ code: 'W1' }),
            byColor: () => [],
          },
        },
      },
    ]);
  });
  afterAll(() => federation.close());

  it('leaves a supergraph linking it servable, with the accessible parts answered', async () => {
    expect(federation.supergraphSdl).toMatch(/inaccessible\/v0\.2", for: SECURITY/);
    const result = await federation.run('{ product { id name color } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ product: { id: '1', name: 'Lamp', color: 'RED' } });
  });

  it('hides inaccessible fields, types and enum values from introspection', async () => {
    const result = await federation.run(`{
      query: __type(name: "Query") { fields { name } }
      product: __type(name: "Product") { fields { name } }
      color: __type(name: "Color") { enumValues(includeDeprecated: true) { name } }
      warehouse: __type(name: "Warehouse") { name }
      __schema { types { name } }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data as {
      query: { fields: { name: string }[] };
      product: { fields: { name: string }[] };
      color: { enumValues: { name: string }[] };
      warehouse: null;
      __schema: { types: { name: string }[] };
    };
    expect(data.query.fields.map((f) => f.name)).toEqual(['product', 'byColor']);
    expect(data.product.fields.map((f) => f.name)).toEqual(['id', 'name', 'color']);
    expect(data.color.enumValues.map((v) => v.name)).toEqual(['RED']);
    expect(data.warehouse).toBeNull();
    expect(data.__schema.types.map((t) => t.name)).not.toContain('Warehouse');
  });

  it.each([
    ['a field', '{ internalNote }'],
    ['a field of an entity', '{ product { cost } }'],
    ['a type', '{ warehouse { code } }'],
    ['an enum value', '{ byColor(color: PROTOTYPE) { id } }'],
  ])('refuses a query that names %s with GRAPHQL_VALIDATION_FAILED, asking no subgraph', async (_, query) => {
    federation.calls.catalog?.splice(0);
    const result = await federation.run(query);
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(federation.calls.catalog).toEqual([]);
  });
});
