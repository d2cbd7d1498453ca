import type { Queryable } from '@switchyard/db';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, type GraphQLService } from '../src/index.js';
import { createSubgraphService } from '../src/subgraphEntry.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { ping: String }
`);

describe("a subgraph's readiness", () => {
  const services: GraphQLService<object>[] = [];
  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
  });

  async function subgraph(db?: Pick<Queryable, 'query'>) {
    const service = await createSubgraphService<object>({
      name: 'ping',
      logger: createLogger('test', 'silent'),
      typeDefs,
      resolvers: { Query: { ping: () => 'pong' } },
      context: async () => ({}),
      ...(db ? { db } : {}),
    });
    services.push(service);
    return service;
  }

  it('is ready while SELECT 1 on its database answers, and 503 while it fails', async () => {
    let up = true;
    const statements: string[] = [];
    const service = await subgraph({
      query: async <R extends object>(sql: string) => {
        statements.push(sql);
        if (!up) throw new Error('connection refused');
        return [] as R[];
      },
    });
    expect((await service.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    up = false;
    expect((await service.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    expect((await service.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(statements).toEqual(['SELECT 1', 'SELECT 1']);
  });

  it('is ready without a database', async () => {
    const service = await subgraph();
    expect((await service.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
