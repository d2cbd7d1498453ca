import { composeServices } from '@apollo/composition';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { ConfigError } from '@switchyard/config';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { graphqlExecutor } from '@switchyard/testing';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_LIMITS } from '../src/cost/profiles.js';
import { createGateway, loadGatewayConfig } from '../src/index.js';

describe('gateway configuration', () => {
  it('has documented defaults', () => {
    expect(loadGatewayConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      logLevel: 'info',
      supergraphPath: undefined,
      subgraphUrls: {},
      subgraphTimeoutMs: 10_000,
      subgraphConnections: 16,
      limits: {
        maxTokens: 2_000,
        maxDepth: 20,
        maxAliases: 30,
        maxRootFields: 20,
        maxDirectivesPerField: 5,
        maxListSize: 100,
      },
      bodyLimit: 1_048_576,
      demandControl: true,
      costProfiles: DEFAULT_PROFILE_LIMITS,
      // Production defaults: no introspection, no field suggestions, no playground.
      introspection: false,
      playground: false,
      jwksUrl: 'http://localhost:4001/.well-known/jwks.json',
      jwtIssuer: 'switchyard-users',
      jwtAudience: 'switchyard',
      internalPrivateKey: undefined,
      keysDir: '.data/keys',
      // Budgets in memory; the prefix and timeout apply once REDIS_URL is set.
      redisUrl: undefined,
      redisPrefix: 'switchyard:',
      costRedisTimeoutMs: 100,
    });
  });

  it('reads the supergraph path and per-subgraph URL overrides', () => {
    const config = loadGatewayConfig({
      SUPERGRAPH_PATH: '/tmp/other.graphql',
      SUBGRAPH_URL_PRODUCTS: 'http://10.0.0.5:8080/graphql',
      SUBGRAPH_TIMEOUT_MS: '2500',
      SUBGRAPH_CONNECTIONS: '64',
    });
    expect(config.subgraphConnections).toBe(64);
    expect(config.supergraphPath).toBe('/tmp/other.graphql');
    expect(config.subgraphUrls).toEqual({ products: 'http://10.0.0.5:8080/graphql' });
    expect(config.subgraphTimeoutMs).toBe(2500);
  });

  it.each([
    ['SUBGRAPH_TIMEOUT_MS', '0'],
    ['SUBGRAPH_TIMEOUT_MS', 'soon'],
    ['SUBGRAPH_CONNECTIONS', '0'],
    ['GATEWAY_PORT', '70000'],
    ['SUBGRAPH_URL_USERS', 'ftp://x/graphql'],
    ['GRAPHQL_INTROSPECTION', 'maybe'],
  ])('refuses %s=%s with CONFIG_INVALID', (name, value) => {
    expect(() => loadGatewayConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadGatewayConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigError).code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toContain(name);
    }
  });
});

describe('serving any supergraph', () => {
  const closing: ServiceHandle[] = [];
  afterAll(async () => {
    await Promise.all(closing.map((s) => s.close()));
  });

  it('routes a supergraph of its own to the subgraph URLs it is given', async () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Query { greeting(name: String!): String! }
    `);
    const logger = createLogger('test', 'silent');
    const subgraph = await createSubgraphService({
      name: 'greeter',
      logger,
      typeDefs,
      resolvers: { Query: { greeting: (_: unknown, { name }: { name: string }) => `Hello, ${name}` } },
      context: async () => ({}),
    });
    closing.push(subgraph);
    const url = await subgraph.listen(0);
    // The supergraph names a URL where nothing listens; the override must win.
    const composed = composeServices([{ name: 'greeter', typeDefs, url: 'http://127.0.0.1:9/graphql' }]);
    if (composed.errors) throw composed.errors[0];
    const gateway = await createGateway({
      logger,
      supergraphSdl: composed.supergraphSdl,
      subgraphUrls: { greeter: `${url}/graphql` },
      playground: false,
      authentication: { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'test', audience: 'test' },
      internalKey: await importSigningKey(await generateSigningJwk()),
    });
    closing.push(gateway);
    let connections = 0;
    subgraph.app.server.on('connection', () => connections++);
    const run = graphqlExecutor(gateway.app);
    const result = await run('query($n: String!) { greeting(name: $n) }', { n: 'Ada' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ greeting: 'Hello, Ada' });
    // Keep-alive: ten more sequential requests reuse the one connection to the subgraph.
    for (let i = 0; i < 10; i++) await run('{ greeting(name: "again") }');
    expect(connections).toBe(1);
  });
});
