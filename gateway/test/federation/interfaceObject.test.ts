import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_LINK, type Federation, federate } from './fixture.js';

const media = [
  { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412 },
  { __typename: 'Movie', id: 'm1', title: 'Alien', minutes: 117 },
];

describe('@interfaceObject', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate([
      {
        name: 'library',
        typeDefs: `${FEDERATION_LINK}, import: ["@key"])
          type Query { media: [Media!]! }
          interface Media @key(fields: "id") { id: ID! title: String! }
          type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
          type Movie implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }`,
        resolvers: {
          Query: { media: () => media },
          Media: {
            __resolveReference: (ref: { id: string }) => media.find((m) => m.id === ref.id),
            __resolveType: (m: { __typename: string }) => m.__typename,
          },
        },
      },
      {
        name: 'ratings',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@interfaceObject"])
          type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int! }`,
        resolvers: { Media: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, stars: ref.id.length }) } },
      },
    ]);
  });
  afterAll(() => federation.close());

  it('adds the interface object field to every implementation, asked from its subgraph as Media', async () => {
    const result = await federation.run(
      '{ media { __typename title stars ... on Book { pages } ... on Movie { minutes } } }',
    );
    expect(result.errors).toBeUndefined();
    // stars is the id's length: "b1" and "m1" both give 2.
    expect(result.data).toEqual({
      media: [
        { __typename: 'Book', title: 'Dune', stars: 2, pages: 412 },
        { __typename: 'Movie', title: 'Alien', stars: 2, minutes: 117 },
      ],
    });
    expect(federation.calls.ratings).toHaveLength(1);
    expect(federation.calls.ratings?.[0]).toContain('_entities(representations:$representations){...on Media{stars}}');
  });
});
