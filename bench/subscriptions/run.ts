/**
 * Order-status subscribers held on one gateway (issue 4): connects N graphql-ws clients to the
 * gateway, each subscribed to one of K orders' `orderStatusChanged` (selecting the customer's name
 * and the products' names, so every event runs the federated rest of the plan), then moves every
 * order through PLACED, PAID, SHIPPED and DELIVERED and measures, for every message a client
 * receives, the time from the change's `occurredAt` to its arrival. Prints p50/p99 and the
 * stack process's memory per subscriber (RSS after subscribing minus before, over N).
 *
 *   npm run bench:subscriptions                      # N = 1,000 and 10,000, K = 100
 *   npx tsx bench/subscriptions/run.ts --subscribers 500 --orders 20
 *
 * Everything listens on 127.0.0.1; the run is bounded (each phase has a deadline) and stops the
 * stack it started.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { until, wsTestClient } from '@switchyard/testing';
import type { Client } from 'graphql-ws';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,10000' },
    orders: { type: 'string', default: '100' },
    'connect-batch': { type: 'string', default: '250' },
  },
});
const sizes = String(values.subscribers).split(',').map(Number);
const orderCount = Number(values.orders);
const batch = Number(values['connect-batch']);

const WATCH = `subscription($id: ID!) { orderStatusChanged(orderId: $id) {
  status occurredAt order { customer { name } items { product { name } } } } }`;

interface Urls {
  gateway: string;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function post<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function withDeadline<T>(label: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function startStackProcess(): Promise<{ child: ChildProcess; urls: Urls }> {
  const child = fork(fileURLToPath(new URL('./stack.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const urls = await withDeadline(
    'stack start',
    180_000,
    new Promise<Urls>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { urls: Urls }).urls));
      child.once('exit', (code) => reject(new Error(`stack exited (${code})`)));
    }),
  );
  return { child, urls };
}

async function runSize(urls: Urls, pid: number, subscribers: number) {
  const { login } = await post<{ login: { token: string } }>(
    urls.gateway,
    'mutation { login(email: "admin@switchyard.dev", password: "switchyard-admin") { token } }',
    {},
  );
  const token = login.token;
  // Products with stock to spare, so every placement reserves and is paid (none is cancelled).
  const { products } = await post<{
    products: { edges: { node: { id: string; inventory: { available: number } | null } }[] };
  }>(urls.gateway, '{ products(first: 100) { edges { node { id inventory { available } } } } }', {});
  const stocked = products.edges.filter((e) => (e.node.inventory?.available ?? 0) >= 20).map((e) => e.node.id);
  if (stocked.length === 0) throw new Error('no product has stock to spare');
  const orders: string[] = [];
  for (let i = 0; i < orderCount; i++) {
    const { createOrder } = await post<{ createOrder: { id: string } }>(
      urls.gateway,
      'mutation { createOrder { id } }',
      {},
      token,
    );
    await post(
      urls.gateway,
      'mutation($o: ID!, $p: ID!) { addOrderItem(orderId: $o, productId: $p) { id } }',
      { o: createOrder.id, p: stocked[i % stocked.length] },
      token,
    );
    orders.push(createOrder.id);
  }
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const before = rssMiB(pid);

  const latencies: number[] = [];
  const firsts: Promise<void>[] = [];
  const clients: Client[] = [];
  const stops: (() => void)[] = [];
  let received = 0;
  let errors = 0;
  const started = Date.now();
  for (let i = 0; i < subscribers; i++) {
    const { client } = wsTestClient(urls.gateway, { token });
    clients.push(client);
    let first: () => void = () => {};
    firsts.push(new Promise<void>((resolve) => (first = resolve)));
    let seen = 0;
    stops.push(
      client.subscribe<{ orderStatusChanged: { status: string; occurredAt: string } }>(
        { query: WATCH, variables: { id: orders[i % orderCount] } },
        {
          next: (result) => {
            if (result.errors) errors++;
            // The first message is the current state, not a change: no latency to measure.
            if (seen++ === 0) return first();
            received++;
            const at = result.data?.orderStatusChanged?.occurredAt;
            if (at) latencies.push(Date.now() - Date.parse(at));
          },
          error: () => {
            errors++;
            first();
          },
          complete: () => first(),
        },
      ),
    );
    if ((i + 1) % batch === 0) await Promise.all(firsts.slice(i + 1 - batch, i + 1));
  }
  await withDeadline('subscribing', 300_000, Promise.all(firsts));
  const connectSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1_000));
  const after = rssMiB(pid);

  // Four changes per order, each reaching subscribers / K clients.
  const expected = subscribers * 4;
  for (const id of orders) {
    await post(
      urls.gateway,
      'mutation($o: ID!) { placeOrder(orderId: $o, paymentMethod: { cardNumber: "4242424242424242" }) { status } }',
      { o: id },
      token,
    );
    await post(urls.gateway, 'mutation($o: ID!) { shipOrder(orderId: $o) { status } }', { o: id }, token);
    await post(urls.gateway, 'mutation($o: ID!) { deliverOrder(orderId: $o) { status } }', { o: id }, token);
  }
  await until(() => received >= expected, { timeoutMs: 120_000, intervalMs: 50 }).catch((error: Error) =>
    console.error(`delivery: ${error.message}`),
  );
  for (const stop of stops) stop();
  await Promise.all(clients.map((c) => c.dispose()));
  latencies.sort((a, b) => a - b);
  return {
    subscribers,
    orders: orderCount,
    connectSeconds,
    messages: received,
    expected,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    rssBeforeMiB: before,
    rssAfterMiB: after,
    kibPerSubscriber: ((after - before) * 1024) / subscribers,
  };
}

const { child, urls } = await startStackProcess();
const rows = [];
try {
  for (const size of sizes) rows.push(await runSize(urls, child.pid ?? 0, size));
} finally {
  child.kill('SIGTERM');
}
console.log(`\nOrder-status subscriptions through one gateway (${new Date().toISOString()}, Node ${process.version})`);
console.log(
  '| subscribers | orders | connect s | messages | errors | p50 ms | p99 ms | max ms | stack RSS before → after MiB | KiB per subscriber |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.subscribers} | ${r.orders} | ${r.connectSeconds.toFixed(1)} | ${r.messages}/${r.expected} | ${r.errors} | ${r.p50} | ${r.p99} | ${r.max} | ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} | ${r.kibPerSubscriber.toFixed(1)} |`,
  );
}
process.exit(0);
