/**
 * One benchmarked peer gateway or ceiling in its own process (run.ts pins it to a core with
 * `taskset`). The kind is `BENCH_KIND`; it listens on a free 127.0.0.1 port and reports its URL
 * over IPC. Ours is not started here but as production runs it (benchmark.ts, `startOurs`).
 *
 * - `apollo`: vanilla @apollo/gateway + @apollo/server standalone, default settings.
 * - `hive`, `hive-router`: Hive Gateway's runtime, default settings, plain or with the Rust query
 *   planner (@graphql-hive/router-runtime). Client `authorization` and viewer headers are
 *   propagated to subgraphs, as a deployment with authentication would.
 * - `static`: answers every POST with the precomputed answer (the harness's own limit).
 * - `replay`: makes the recorded subgraph calls of one operation, wave by wave, then answers the
 *   precomputed answer (the subgraph calls alone: a gateway with no planning or merging cost).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { loadHiveGateway, loadHiveRouterRuntime } from '../peers/index.js';
import type { RecordedCall, ServeReply } from './protocol.js';
import { VIEWER_HEADER } from './workload.js';

// Source maps stay off even if NODE_OPTIONS turns them on: with them every `Error().stack`
// (node-fetch builds one per request in vanilla Apollo's fetcher) is source-mapped, a cost
// production JavaScript does not pay.
process.setSourceMapsEnabled(false);

const kind = process.env.BENCH_KIND ?? '';
/** The same supergraph with `for: SECURITY` links downgraded, for the peers (benchmark.ts). */
const peerSupergraphPath = process.env.BENCH_PEER_SUPERGRAPH ?? '';
const send = (message: ServeReply) => process.send?.(message);

type Stop = () => Promise<void>;

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
  });
}

/** Listens on a free port; `stop` closes every connection, then the server, then `dispose`. */
async function serve(server: Server, dispose: () => Promise<void>): Promise<{ url: string; stop: Stop }> {
  const url = await listen(server);
  return {
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await dispose();
    },
  };
}

function drain(request: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    request.on('data', () => {});
    request.on('end', resolve);
    request.on('error', reject);
  });
}

async function startApollo(): Promise<{ url: string; stop: Stop }> {
  // Only so that an offline benchmark does not probe cloud metadata or phone home (see gateway.ts).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: readFileSync(peerSupergraphPath, 'utf8') }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}

async function startHive(router: boolean): Promise<{ url: string; stop: Stop }> {
  const { createGatewayRuntime } = await loadHiveGateway();
  const handler = router ? (await loadHiveRouterRuntime()).unifiedGraphHandler : undefined;
  const gateway = createGatewayRuntime({
    supergraph: readFileSync(peerSupergraphPath, 'utf8'),
    logging: 'error',
    ...(handler ? { unifiedGraphHandler: handler } : {}),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization'),
        [VIEWER_HEADER]: request.headers.get(VIEWER_HEADER),
      }),
    },
  });
  return serve(createServer(gateway), async () => {
    await gateway.dispose();
  });
}

async function startCeiling(replay: boolean): Promise<{ url: string; stop: Stop }> {
  const answer = readFileSync(process.env.BENCH_ANSWER ?? '');
  const calls = replay ? (JSON.parse(readFileSync(process.env.BENCH_CALLS ?? '', 'utf8')) as RecordedCall[]) : [];
  const pools = new Map<string, Pool>();
  const waves: { pool: Pool; path: string; body: string }[][] = [];
  for (const call of calls) {
    const target = new URL(call.url);
    let pool = pools.get(target.origin);
    if (!pool) {
      pool = new Pool(target.origin, { connections: 128, keepAliveTimeout: 30_000 });
      pools.set(target.origin, pool);
    }
    const wave = waves[call.wave] ?? [];
    waves[call.wave] = wave;
    wave.push({ pool, path: target.pathname, body: call.body });
  }
  async function callSubgraphs(): Promise<void> {
    for (const wave of waves) {
      await Promise.all(
        wave.map(async ({ pool, path, body }) => {
          const response = await pool.request({
            method: 'POST',
            path,
            body,
            headers: { 'content-type': 'application/json' },
          });
          // Parsed, as a gateway must, so that the ceiling includes reading the answers.
          JSON.parse(await response.body.text());
        }),
      );
    }
  }
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      await drain(request);
      if (replay) await callSubgraphs();
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
      response.end(answer);
    })().catch(() => {
      response.writeHead(502).end();
    });
  });
  return serve(server, async () => {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
  });
}

function start(): Promise<{ url: string; stop: Stop }> {
  switch (kind) {
    case 'apollo':
      return startApollo();
    case 'hive':
      return startHive(false);
    case 'hive-router':
      return startHive(true);
    case 'static':
      return startCeiling(false);
    case 'replay':
      return startCeiling(true);
    default:
      return Promise.reject(new Error(`unknown BENCH_KIND ${JSON.stringify(kind)}`));
  }
}

try {
  const { url, stop } = await start();
  const shutdown = async () => {
    await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, 3_000))]).catch(() => {});
    process.exit(0);
  };
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  send({ type: 'listening', url });
} catch (error) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  send({ type: 'error', message });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100);
}
