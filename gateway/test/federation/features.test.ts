import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES } from '@apollo/federation-internals';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger } from '@switchyard/service';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENFORCED_SECURITY_FEATURES,
  GATEWAY_ENFORCED_SECURITY_FEATURES,
  readSecurityRequirements,
  UnsupportedSecurityFeatureError,
} from '../../src/auth/requirements.js';
import { createGateway } from '../../src/index.js';
import { SubscriptionPlanner } from '../../src/subscriptions/planner.js';
import { composeSupergraph, FEDERATION_LINK, type Federation, federate, TEST_AUTHENTICATION } from './fixture.js';

describe('@tag, @cost and @listSize', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate([
      {
        name: 'catalog',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@tag", "@cost", "@listSize"])
          type Query {
            products(first: Int = 5): [Product!]! @listSize(slicingArguments: ["first"]) @tag(name: "public")
          }
          type Product @key(fields: "id") @tag(name: "public") {
            id: ID!
            name: String! @cost(weight: 3) @tag(name: "internal")
          }`,
        resolvers: {
          Query: {
            products: (_: unknown, { first }: { first: number }) =>
              Array.from({ length: first }, (_, i) => ({ id: String(i + 1), name: `P${i + 1}` })),
          },
        },
      },
    ]);
  });
  afterAll(() => federation.close());

  it('are linked by the supergraph, accepted, and change nothing in the answers', async () => {
    expect(federation.supergraphSdl).toMatch(/specs\.apollo\.dev\/tag\/v0\.3"/);
    expect(federation.supergraphSdl).toMatch(/specs\.apollo\.dev\/cost\/v0\.1"/);
    const result = await federation.run('{ products(first: 2) { id name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      products: [
        { id: '1', name: 'P1' },
        { id: '2', name: 'P2' },
      ],
    });
  });
});

describe('security features nobody enforces still stop the gateway', () => {
  const logger = createLogger('test', 'silent');
  const start = async (supergraphSdl: string) =>
    createGateway({
      logger,
      supergraphSdl,
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      playground: false,
    });
  const withAuthenticated = composeSupergraph([
    {
      name: 'a',
      typeDefs: `${FEDERATION_LINK}, import: ["@key", "@authenticated", "@inaccessible"])
        type Query { me: String @authenticated, hidden: String @inaccessible, open: String }`,
    },
  ]);

  it('refuses @policy with UNSUPPORTED_SECURITY_FEATURE', async () => {
    const supergraph = composeSupergraph([
      {
        name: 'a',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@policy", "@inaccessible"])
          type Query { secret: String @policy(policies: [["admins"]]), hidden: String @inaccessible }`,
      },
    ]);
    expect(supergraph).toMatch(/policy\/v0\.1", for: SECURITY/);
    const starting = start(supergraph);
    await expect(starting).rejects.toThrow(UnsupportedSecurityFeatureError);
    await expect(starting).rejects.toMatchObject({
      code: 'UNSUPPORTED_SECURITY_FEATURE',
      message: expect.stringContaining('https://specs.apollo.dev/policy/v0.1'),
    });
  });

  it.each([
    [
      'of a spec enforced here',
      'https://specs.apollo.dev/authenticated/v0.1',
      'https://specs.apollo.dev/authenticated/v0.2',
    ],
    [
      'of a spec @apollo/gateway enforces',
      'https://specs.apollo.dev/inaccessible/v0.2',
      'https://specs.apollo.dev/inaccessible/v0.3',
    ],
  ])('refuses an unknown version %s', async (_, known, unknown) => {
    expect(withAuthenticated).toContain(`"${known}", for: SECURITY`);
    const supergraph = withAuthenticated.replace(`"${known}"`, `"${unknown}"`);
    await expect(start(supergraph)).rejects.toMatchObject({
      code: 'UNSUPPORTED_SECURITY_FEATURE',
      message: expect.stringContaining(unknown),
    });
  });

  it('refuses an unknown security spec and a link URL that does not parse', () => {
    const future = withAuthenticated.replace(
      '@link(url: "https://specs.apollo.dev/link/v1.0")',
      '@link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://example.com/audit/v1.0", for: SECURITY)',
    );
    expect(() => readSecurityRequirements(future)).toThrow(/example\.com\/audit\/v1\.0/);
    const malformed = withAuthenticated.replace(
      'https://specs.apollo.dev/authenticated/v0.1',
      'https://specs.apollo.dev/authenticated/',
    );
    expect(() => readSecurityRequirements(malformed)).toThrow(UnsupportedSecurityFeatureError);
  });

  it('reads an enforced directive under the name its link imports it as', () => {
    const link = '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)';
    expect(withAuthenticated).toContain(link);
    const renamed = withAuthenticated
      .replace(
        link,
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", import: [{ name: "@authenticated", as: "@signedIn" }], for: SECURITY)',
      )
      .replaceAll('@authenticated', '@signedIn')
      // The import's own name stays the spec's.
      .replace('name: "@signedIn", as:', 'name: "@authenticated", as:');
    expect(renamed).toMatch(/me: String @signedIn/);
    expect([...readSecurityRequirements(renamed).fields.keys()]).toEqual(['Query.me']);
    const namespaced = withAuthenticated
      .replace(link, '@link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "auth", for: SECURITY)')
      .replaceAll('@authenticated', '@auth');
    expect([...readSecurityRequirements(namespaced).fields.keys()]).toEqual(['Query.me']);
  });

  it('leaves the @inaccessible link for @apollo/gateway, which accepts exactly those versions', () => {
    for (const feature of GATEWAY_ENFORCED_SECURITY_FEATURES) {
      expect(DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES.has(feature), feature).toBe(true);
    }
    for (const feature of ENFORCED_SECURITY_FEATURES) {
      // Those @apollo/gateway would refuse: the reason this gateway rewrites their links.
      expect(DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES.has(feature), feature).toBe(false);
    }
    const { executableSupergraph, fields } = readSecurityRequirements(withAuthenticated);
    expect(executableSupergraph).toContain('@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)');
    expect(executableSupergraph).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect([...fields.keys()]).toEqual(['Query.me']);
  });
});

describe('the subscription planner over a supergraph with @inaccessible, @override and @interfaceObject', () => {
  it('builds, hides inaccessible fields from its API schema, and plans a subscription', () => {
    const supergraph = composeSupergraph([
      {
        name: 'events',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@inaccessible", "@override", "@cost"])
          type Query { ping: String }
          type Subscription { ticks: Tick! }
          type Tick @key(fields: "id") { id: ID! secret: String @inaccessible, value: Int! @override(from: "legacy") @cost(weight: 2) }`,
      },
      {
        name: 'legacy',
        typeDefs: `${FEDERATION_LINK}, import: ["@key", "@interfaceObject"])
          type Tick @key(fields: "id") { id: ID! value: Int! label: String }
          type Node @key(fields: "id") @interfaceObject { id: ID! seen: Boolean }`,
      },
      {
        name: 'nodes',
        typeDefs: `${FEDERATION_LINK}, import: ["@key"])
          interface Node @key(fields: "id") { id: ID! }
          type Page implements Node @key(fields: "id") { id: ID! }
          type Query { node(id: ID!): Node }`,
      },
    ]);
    const planner = new SubscriptionPlanner(readSecurityRequirements(supergraph).executableSupergraph);
    expect(Object.keys(planner.apiSchema.getSubscriptionType()?.getFields() ?? {})).toEqual(['ticks']);
    const tick = planner.apiSchema.getType('Tick');
    expect(tick && 'getFields' in tick ? Object.keys(tick.getFields()) : []).toEqual(['id', 'value', 'label']);
    const document = parse('subscription { ticks { value label } }');
    const plan = planner.plan(document, undefined, 'ticks');
    // value comes with the subscription (overridden to events); label needs one more fetch from legacy.
    expect(plan.primary.serviceName).toBe('events');
    expect(plan.primary.operation).toContain('value');
    expect(plan.rest).toBeDefined();
  });
});
