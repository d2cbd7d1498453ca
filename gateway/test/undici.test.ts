import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Agent, request } from '../src/subgraphClient/undici.js';

const require = createRequire(import.meta.url);

describe('undici by path (src/undici.ts)', () => {
  it('loads the very Agent and request the package index exports', () => {
    // The index assigns lib/api's functions to Dispatcher.prototype; loading it here (the gateway
    // never does) shows both paths still lead to the same objects in the pinned version.
    const undici = require('undici') as typeof import('undici');
    expect(Agent).toBe(undici.Agent);
    expect(require('undici/lib/dispatcher/agent.js')).toBe(undici.Agent);
    const api = require('undici/lib/api/index.js') as { request: unknown };
    expect(api.request).toBe(require('undici/lib/api/api-request.js'));
    expect(typeof request).toBe('function');
  });

  it('makes a keep-alive POST with request()', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((incoming, response) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      incoming.on('end', () => response.end(JSON.stringify({ method: incoming.method, body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const agent = new Agent({ connections: 1 });
    try {
      const answer = await request(agent, {
        origin: `http://127.0.0.1:${port}`,
        path: '/',
        method: 'POST',
        body: 'hi',
      });
      expect(answer.statusCode).toBe(200);
      expect(await answer.body.json()).toEqual({ method: 'POST', body: 'hi' });
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
