/**
 * The gateway benchmark: subgraphs once, then each target gateway in its own pinned process, one
 * at a time, interleaved over rounds (A B C A B C ...), under the same load. See bench/README.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSupergraph } from '@switchyard/schema';
import { until } from '@switchyard/testing';
import autocannon from 'autocannon';
import { type Child, canPin, cpuMs, freePort, peakRssMiB, pinSelf, spawnChild, spawnProgram } from './processes.js';
import type { RecordedCall, ServeReply, SubgraphReply } from './protocol.js';
import {
  answerChecker,
  assertGoodReference,
  requestBody,
  requestHeaders,
  WORKLOADS,
  type Workload,
} from './workload.js';

/** Our gateway as production runs it (gateway/bundle.mjs builds it), and tsc's output of the same. */
const GATEWAY_PROGRAMS = {
  ours: fileURLToPath(new URL('../../gateway/dist/bundle/main.mjs', import.meta.url)),
  'ours-unbundled': fileURLToPath(new URL('../../gateway/dist/main.js', import.meta.url)),
} as const;

/** What a run measures by default; `apollo` is the baseline of the ratios. */
export const DEFAULT_TARGETS = ['static', 'replay', 'ours', 'apollo', 'hive', 'hive-router'] as const;
/**
 * Every target: the default ones, `ours-unbundled` (what the bundle saves, ADR 0009) and
 * `ours-uncontrolled` (the bundle with GATEWAY_DEMAND_CONTROL=false: what the static limits and
 * the cost plugin cost, issue 10).
 */
export const TARGETS = [...DEFAULT_TARGETS, 'ours-unbundled', 'ours-uncontrolled'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_LABELS: Record<Target, string> = {
  static: 'ceiling: precomputed answer',
  replay: 'ceiling: subgraph calls alone',
  ours: 'ours (production bundle)',
  'ours-unbundled': 'ours, unbundled (tsc output)',
  'ours-uncontrolled': 'ours without limits and cost',
  apollo: 'vanilla Apollo',
  hive: 'Hive Gateway',
  'hive-router': 'Hive Gateway + Rust planner',
};

export interface BenchmarkOptions {
  /** Measured seconds per gateway and workload. @default 10 */
  duration?: number;
  /** Rounds of every target in turn. @default 3 */
  rounds?: number;
  /** Keep-alive connections of the load generator. @default 50 */
  connections?: number;
  /** Warm-up seconds per gateway process before its measured runs. @default 3 */
  warmup?: number;
  /** Targets to run, in this order each round. @default DEFAULT_TARGETS */
  targets?: readonly Target[];
  /** Workload names to run. @default all */
  workloads?: readonly string[];
  /** Bearer token sent with every request (a gateway with authentication on). */
  token?: string | undefined;
  /** Subgraphs replay answers they have given before (gateway-bound load). @default true */
  memo?: boolean;
  /** Log level of our gateway. @default info (production) */
  logLevel?: string;
  /** Write a CPU profile of each `ours` process to this folder. */
  cpuProfDir?: string | undefined;
  /** Progress lines. @default none */
  log?: (line: string) => void;
}

/** One measured run of one target on one workload in one round. */
export interface Sample {
  round: number;
  target: Target;
  workload: string;
  rps: number;
  p50: number;
  p99: number;
  /** Gateway CPU (user + system) per completed request, in ms. */
  cpuMsPerRequest: number;
  /** Share of one core the gateway used during the run (1 = 100%). */
  cpuShare: number;
  peakRssMiB: number;
  subgraphRequestsPerOp: number;
  requests: number;
  /** Responses that were not 200 or differed from the reference answer (must be 0). */
  wrong: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface TargetFailure {
  round: number;
  target: Target;
  error: string;
}

export interface BenchmarkResult {
  date: string;
  machine: { cpus: number; model: string; node: string; pinned: boolean };
  options: Required<Omit<BenchmarkOptions, 'log' | 'token' | 'cpuProfDir'>> & { token: boolean };
  samples: Sample[];
  failures: TargetFailure[];
}

interface Gateway {
  child: Child;
  url: string;
}

/** Runs the benchmark; always stops every child it started. */
export async function runBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkResult> {
  const opts = {
    duration: options.duration ?? 10,
    rounds: options.rounds ?? 3,
    connections: options.connections ?? 50,
    warmup: options.warmup ?? 3,
    targets: options.targets ?? DEFAULT_TARGETS,
    workloads: options.workloads ?? WORKLOADS.map((w) => w.name),
    memo: options.memo ?? true,
    logLevel: options.logLevel ?? 'info',
  };
  const log = options.log ?? (() => {});
  const workloads = WORKLOADS.filter((w) => opts.workloads.includes(w.name));
  if (workloads.length === 0) throw new Error(`no workload named ${opts.workloads.join(', ')}`);
  const dir = join(tmpdir(), `switchyard-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const { cpus, model } = await machine();
  const pinned = canPin();
  // The load generator (this process) and the subgraphs share core 1; each gateway gets core 0.
  pinSelf(1);
  const started: Child[] = [];
  const samples: Sample[] = [];
  const failures: TargetFailure[] = [];
  let counter: ReturnType<typeof subgraphCounter> | undefined;
  try {
    log('starting the subgraphs (PGlite, seed)...');
    const keysDir = join(dir, 'keys');
    const subgraphs = spawnChild('./subgraphs.ts', {
      core: 1,
      env: { BENCH_MEMO: opts.memo ? '1' : '0', BENCH_KEYS_DIR: keysDir },
    });
    started.push(subgraphs);
    const { urls, direct } = await subgraphs.next((m) => {
      const message = m as SubgraphReply;
      return message.type === 'ready' ? message : undefined;
    });
    const supergraphPath = join(dir, 'supergraph.graphql');
    const peerSupergraphPath = join(dir, 'supergraph.peers.graphql');
    writeFileSync(supergraphPath, pointSupergraphAt(readSupergraph(), urls));
    writeFileSync(peerSupergraphPath, withoutSecurityFeatures(pointSupergraphAt(readSupergraph(), urls)));
    counter = subgraphCounter(subgraphs);
    const env = {
      BENCH_SUPERGRAPH: supergraphPath,
      BENCH_PEER_SUPERGRAPH: peerSupergraphPath,
      BENCH_KEYS_DIR: keysDir,
      BENCH_JWKS_URL: `${direct.users}/.well-known/jwks.json`,
    };

    // References: vanilla Apollo's answers (checked for data and no errors), and the subgraph
    // calls it makes for one operation of each workload (for the "subgraph calls alone" ceiling).
    log('computing reference answers with vanilla Apollo...');
    const references = new Map<string, { answer: string; answerPath: string; callsPath: string }>();
    const apollo = await startTarget('apollo', env);
    try {
      for (const workload of workloads) {
        await counter.record(true);
        const answer = await post(apollo.url, workload, options.token, workload.distinctViewer ? 0 : undefined);
        const calls = await counter.record(false);
        assertGoodReference(workload, answer.body);
        const answerPath = join(dir, `${workload.name}.answer.json`);
        const callsPath = join(dir, `${workload.name}.calls.json`);
        writeFileSync(answerPath, answer.body);
        writeFileSync(callsPath, JSON.stringify(calls));
        references.set(workload.name, { answer: answer.body, answerPath, callsPath });
      }
    } finally {
      await apollo.child.stop();
    }

    for (let round = 1; round <= opts.rounds; round++) {
      for (const target of opts.targets) {
        for (const workload of workloads) {
          // The ceilings are cheap to start and answer one workload each.
          if (target !== 'static' && target !== 'replay' && workload !== workloads[0]) continue;
          const ceiling = target === 'static' || target === 'replay';
          const reference = references.get(workload.name);
          if (!reference) continue;
          let gateway: Gateway | undefined;
          try {
            gateway = await startTarget(target, {
              ...env,
              BENCH_ANSWER: reference.answerPath,
              BENCH_CALLS: reference.callsPath,
            });
            const runs = ceiling ? [workload] : workloads;
            for (const w of runs) await checkOnce(gateway.url, w, references.get(w.name)?.answer ?? '', options.token);
            // Warm-up: the first workload, then a second of each (JIT, plan caches, pools).
            await load(gateway.url, runs[0] ?? workload, opts.warmup, opts.connections, options.token, () => true);
            for (const w of runs.slice(1)) await load(gateway.url, w, 1, opts.connections, options.token, () => true);
            for (const w of runs) {
              const sample = await measure(round, target, gateway, w, references.get(w.name)?.answer ?? '');
              samples.push(sample);
              log(
                `round ${round} ${target.padEnd(11)} ${w.name.padEnd(11)} ${sample.rps.toFixed(0).padStart(6)} rps  ` +
                  `p99 ${sample.p99} ms  ${sample.cpuMsPerRequest.toFixed(2)} cpu-ms/req  ${sample.peakRssMiB.toFixed(0)} MiB` +
                  (sample.wrong ? `  WRONG ${sample.wrong}` : ''),
              );
              await checkOnce(gateway.url, w, references.get(w.name)?.answer ?? '', options.token);
            }
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failures.push({ round, target, error: message });
            log(`round ${round} ${target}: FAILED ${message.split('\n').slice(0, 6).join('\n  ')}`);
          } finally {
            await gateway?.child.stop();
          }
        }
      }
    }
  } finally {
    await Promise.allSettled(started.map((child) => child.stop()));
  }
  return {
    date: new Date().toISOString(),
    machine: { cpus, model, node: process.version, pinned },
    options: { ...opts, targets: [...opts.targets], workloads: [...opts.workloads], token: Boolean(options.token) },
    samples,
    failures,
  };

  async function startTarget(target: Target, env: Record<string, string>): Promise<Gateway> {
    if (target === 'ours' || target === 'ours-unbundled') return startOurs(GATEWAY_PROGRAMS[target], env);
    if (target === 'ours-uncontrolled')
      return startOurs(GATEWAY_PROGRAMS.ours, env, { GATEWAY_DEMAND_CONTROL: 'false' });
    const child = spawnChild('./serve.ts', { core: 0, fromSource: false, env: { ...env, BENCH_KIND: target } });
    started.push(child);
    const reply = await child.next((m) => {
      const message = m as ServeReply;
      return message.type === 'listening' || message.type === 'error' ? message : undefined;
    });
    if (reply.type === 'error') {
      await child.stop();
      throw new Error(reply.message);
    }
    return { child, url: reply.url };
  }

  /**
   * Ours as production runs it: `program` (the gateway's bundle, `gateway/dist/bundle/main.mjs`,
   * or for comparison tsc's `gateway/dist/main.js`; `npm run build` writes both) configured
   * through its environment like any deployment (README: Configuration): the supergraph, the
   * users service's JWKS, the development identity key the subgraph process wrote, introspection
   * and playground off, pino at `--log-level`.
   */
  async function startOurs(
    program: string,
    env: Record<string, string>,
    settings: Record<string, string> = {},
  ): Promise<Gateway> {
    if (!existsSync(program)) throw new Error(`${program} is missing: run npm run build first`);
    const port = await freePort();
    const child = spawnProgram(program, {
      core: 0,
      env: {
        GATEWAY_PORT: String(port),
        HOST: '127.0.0.1',
        SUPERGRAPH_PATH: env.BENCH_SUPERGRAPH ?? '',
        JWT_JWKS_URL: env.BENCH_JWKS_URL ?? '',
        KEYS_DIR: env.BENCH_KEYS_DIR ?? '',
        INTERNAL_JWT_PRIVATE_KEY: '',
        GRAPHQL_INTROSPECTION: 'false',
        GRAPHQL_PLAYGROUND: 'false',
        LOG_LEVEL: opts.logLevel,
        // The load comes from one anonymous address: a budget it never exhausts, so every answer
        // is served while each request still pays for its estimate, admission and refund.
        COST_ANONYMOUS_BUCKET: '1000000000',
        COST_ANONYMOUS_RESTORE_RATE: '100000000',
        ...settings,
      },
      ...(options.cpuProfDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] } : {}),
    });
    started.push(child);
    const base = `http://127.0.0.1:${port}`;
    let exited = false;
    void child.exited.then(() => {
      exited = true;
    });
    const ready = () =>
      fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
    try {
      await until(async () => exited || (await ready()), { timeoutMs: 60_000, intervalMs: 100 });
    } catch {
      await child.stop();
      throw new Error(`${program} was not ready within 60 s:\n${child.stderr()}`);
    }
    if (exited) throw new Error(`${program} exited before it was ready:\n${child.stderr()}`);
    return { child, url: `${base}/graphql` };
  }

  async function measure(
    round: number,
    target: Target,
    gateway: Gateway,
    workload: Workload,
    reference: string,
  ): Promise<Sample> {
    const check = answerChecker(reference);
    let wrong = 0;
    if (!counter) throw new Error('the subgraphs are not running');
    const before = { cpu: cpuMs(gateway.child.pid), counts: await counter.count(), at: performance.now() };
    const result = await load(gateway.url, workload, opts.duration, opts.connections, options.token, (status, body) => {
      if (!check(status, body)) wrong++;
      return true;
    });
    const after = { cpu: cpuMs(gateway.child.pid), counts: await counter.count(), at: performance.now() };
    const requests = result['2xx'] + result.non2xx;
    const subgraphRequests = after.counts.requests - before.counts.requests;
    return {
      round,
      target,
      workload: workload.name,
      rps: requests / (result.duration || opts.duration),
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMsPerRequest: requests ? (after.cpu - before.cpu) / requests : Number.NaN,
      cpuShare: (after.cpu - before.cpu) / (after.at - before.at),
      peakRssMiB: peakRssMiB(gateway.child.pid),
      // The static ceiling calls no subgraph; the reference warm-up calls are not in this window.
      subgraphRequestsPerOp: requests ? subgraphRequests / requests : Number.NaN,
      requests,
      wrong: wrong + result.non2xx,
      errors: result.errors + result.timeouts,
    };
  }
}

/** One request, checked against the reference answer; throws when it differs. */
async function checkOnce(url: string, workload: Workload, reference: string, token: string | undefined): Promise<void> {
  const { status, body } = await post(url, workload, token, workload.distinctViewer ? 1 : undefined);
  if (!answerChecker(reference)(status, body)) {
    throw new Error(
      `${workload.name}: the answer differs from the reference (status ${status}): ${body.slice(0, 400)}`,
    );
  }
}

async function post(url: string, workload: Workload, token: string | undefined, viewer: number | undefined) {
  const response = await fetch(url, {
    method: 'POST',
    headers: requestHeaders({ token, ...(viewer !== undefined ? { viewer } : {}) }),
    body: requestBody(workload),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.text() };
}

/** autocannon at fixed concurrency for `seconds`; `onResponse` sees every response. */
function load(
  url: string,
  workload: Workload,
  seconds: number,
  connections: number,
  token: string | undefined,
  onResponse: (status: number, body: string) => boolean,
): Promise<autocannon.Result> {
  let viewer = 0;
  const base = { method: 'POST' as const, headers: requestHeaders({ token }), body: requestBody(workload) };
  return autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    ...base,
    requests: [
      {
        ...base,
        ...(workload.distinctViewer
          ? { setupRequest: (request) => ({ ...request, headers: requestHeaders({ token, viewer: ++viewer }) }) }
          : {}),
        onResponse: (status, body) => {
          onResponse(status, body);
        },
      },
    ],
  });
}

/**
 * The supergraph for the peers: vanilla Apollo Gateway refuses a supergraph whose `@link`s are
 * `for: SECURITY` features it does not implement (@authenticated, @requiresScopes), so the peers
 * serve the same graph with those links downgraded to plain ones (they then enforce nothing; the
 * benchmark's operations are public and need no viewer).
 */
export function withoutSecurityFeatures(sdl: string): string {
  return sdl.replace(/(@link\(url: "[^"]+"), for: SECURITY\)/g, '$1)');
}

/** The supergraph with each subgraph's URL replaced by where the benchmark's subgraphs listen. */
export function pointSupergraphAt(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = urls[name];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : whole;
  });
}

function subgraphCounter(child: Child) {
  let id = 0;
  return {
    async count(): Promise<{ requests: number; memoHits: number }> {
      const ask = ++id;
      const reply = child.next((m) => {
        const message = m as SubgraphReply;
        return message.type === 'counts' && message.id === ask ? message : undefined;
      });
      child.process.send({ type: 'counts', id: ask });
      return reply;
    },
    async record(on: boolean): Promise<RecordedCall[]> {
      const ask = ++id;
      const reply = child.next((m) => {
        const message = m as SubgraphReply;
        return message.type === 'record' && message.id === ask ? message : undefined;
      });
      child.process.send({ type: 'record', id: ask, on });
      return (await reply).calls;
    },
  };
}

async function machine(): Promise<{ cpus: number; model: string }> {
  const os = await import('node:os');
  const list = os.cpus();
  return { cpus: os.availableParallelism(), model: list[0]?.model ?? 'unknown' };
}
