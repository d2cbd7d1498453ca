/**
 * The benchmark's subgraph process: `startStack` (the five subgraphs over one in-memory PGlite with
 * the seed, and the development signing keys in BENCH_KEYS_DIR) with a small proxy in front of each
 * subgraph. The proxies count the requests, can record them (for the "subgraph calls alone"
 * ceiling), and with BENCH_MEMO=1 answer a body they have answered before with the same bytes, so
 * that the subgraphs are not the bottleneck. Gateways are pointed at the proxies. Started by
 * run.ts; talks to it over IPC (protocol.ts).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES } from '@switchyard/config';
import { startStack } from '@switchyard/stack';
import { Pool } from 'undici';
import type { RecordedCall, SubgraphCommand, SubgraphReply } from './protocol.js';

const memo = process.env.BENCH_MEMO === '1';
const send = (message: SubgraphReply) => process.send?.(message);

let requests = 0;
let memoHits = 0;
let recording: { url: string; body: string; start: number; end: number }[] | undefined;
const answers = new Map<string, Buffer>();

const stack = await startStack({
  logLevel: 'silent',
  ports: { gateway: 0, users: 0, products: 0, inventory: 0, orders: 0, reviews: 0 },
  ...(process.env.BENCH_KEYS_DIR ? { keysDir: process.env.BENCH_KEYS_DIR } : {}),
});

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

async function proxy(name: string, origin: string): Promise<{ server: Server; pool: Pool; url: string }> {
  const pool = new Pool(origin, { connections: 64, keepAliveTimeout: 30_000 });
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const graphql = request.url === '/graphql' && request.method === 'POST';
      if (graphql) requests++;
      const text = body.toString('utf8');
      const call =
        graphql && recording
          ? { url: `${self}/graphql`, body: text, start: performance.now(), end: Number.NaN }
          : undefined;
      if (call) recording?.push(call);
      const key = `${name} ${text}`;
      const known = graphql && memo ? answers.get(key) : undefined;
      if (known) {
        memoHits++;
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': known.length });
        response.end(known);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [header, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !HOP_BY_HOP.has(header)) headers[header] = value;
      }
      const upstream = await pool.request({
        method: request.method as 'POST',
        path: request.url ?? '/',
        headers,
        ...(body.length ? { body } : {}),
      });
      const answer = Buffer.from(await upstream.body.arrayBuffer());
      if (call) call.end = performance.now();
      // Only clean answers are replayed; anything with errors goes to the subgraph every time.
      if (graphql && memo && upstream.statusCode === 200 && !answer.includes('"errors"')) answers.set(key, answer);
      const type = upstream.headers['content-type'];
      response.writeHead(upstream.statusCode, {
        ...(typeof type === 'string' ? { 'content-type': type } : {}),
        'content-length': answer.length,
      });
      response.end(answer);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  const self = await new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  return { server, pool, url: self };
}

const proxies: { server: Server; pool: Pool }[] = [];
const urls: Record<string, string> = {};
for (const name of SUBGRAPH_NAMES) {
  const started = await proxy(name, stack.urls[name]);
  proxies.push(started);
  urls[name] = `${started.url}/graphql`;
}

/** Groups recorded calls into waves: a call starting after one of the current wave ended starts the next. */
function waves(calls: { url: string; body: string; start: number; end: number }[]): RecordedCall[] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const out: RecordedCall[] = [];
  let wave = 0;
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const call of sorted) {
    if (call.start > firstEnd) {
      wave++;
      firstEnd = Number.POSITIVE_INFINITY;
    }
    firstEnd = Math.min(firstEnd, call.end);
    out.push({ url: call.url, body: call.body, wave });
  }
  return out;
}

process.on('message', (message: SubgraphCommand) => {
  switch (message.type) {
    case 'counts':
      send({ type: 'counts', id: message.id, requests, memoHits });
      break;
    case 'record':
      if (message.on) {
        recording = [];
        send({ type: 'record', id: message.id, calls: [] });
      } else {
        send({ type: 'record', id: message.id, calls: waves(recording ?? []) });
        recording = undefined;
      }
      break;
  }
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  for (const { server } of proxies) server.closeAllConnections();
  await Promise.allSettled(
    proxies.map(({ server, pool }) => Promise.all([new Promise((r) => server.close(r)), pool.close()])),
  );
  await stack.close();
  process.exit(0);
}
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
send({ type: 'ready', urls, direct: stack.urls });
