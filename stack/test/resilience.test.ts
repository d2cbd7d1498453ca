import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createGateway } from '@switchyard/gateway';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestStack, type TestStack } from './fixture.js';

const QUERY = '{ product(id: "3") { id name inventory { total } rating { count } } }';

describe('a subgraph that is down or hangs', () => {
  let t: TestStack;
  let hanging: Server;
  let hangingUrl: string;
  const gateways: ServiceHandle[] = [];

  beforeAll(async () => {
    t = await startTestStack('pglite');
    // A server that accepts connections and never answers.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await t?.close();
  });

  async function gatewayWith(inventoryUrl: string, timeoutMs: number): Promise<string> {
    const urls = Object.fromEntries(
      Object.entries(t.stack.urls)
        .filter(([name]) => name !== 'gateway')
        .map(([name, url]) => [name, `${url}/graphql`]),
    );
    const gateway = await createGateway({
      logger: createLogger('gateway', 'silent'),
      subgraphUrls: { ...urls, inventory: inventoryUrl },
      subgraphTimeoutMs: timeoutMs,
      authentication: {
        jwksUrl: `${t.stack.urls.users}/.well-known/jwks.json`,
        issuer: 'switchyard-users',
        audience: 'switchyard',
      },
      internalKey: await importSigningKey(await generateSigningJwk()),
    });
    gateways.push(gateway);
    return `${await gateway.listen(0)}/graphql`;
  }

  it('nulls only the fields of an unreachable subgraph, with SUBGRAPH_UNAVAILABLE at their path', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const url = await gatewayWith('http://127.0.0.1:9/graphql', 5_000);
    const result = await postGraphQL<{ product: Record<string, unknown> }>(url, QUERY);
    expect(result.status).toBe(200);
    expect(result.data?.product).toMatchObject({
      id: '3',
      name: expect.any(String),
      inventory: null,
      rating: { count: expect.any(Number) },
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      serviceName: 'inventory',
      reason: 'unreachable',
    });
  });

  it('answers within the timeout when a subgraph hangs', async () => {
    const url = await gatewayWith(hangingUrl, 300);
    const started = performance.now();
    const result = await postGraphQL<{ product: Record<string, unknown> }>(url, QUERY);
    const elapsed = performance.now() - started;
    expect(result.data?.product).toMatchObject({ id: '3', inventory: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      reason: 'timeout',
      timeoutMs: 300,
    });
    // Not a timing assertion on speed: a hung request would never return; allow a wide margin.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('reports not ready while a subgraph is down', async () => {
    const url = await gatewayWith('http://127.0.0.1:9/graphql', 1_000);
    const ready = await fetch(url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    const health = await fetch(url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
  });
});
