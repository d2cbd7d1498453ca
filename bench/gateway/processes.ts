/** Child processes of the benchmark: spawned pinned to a core, measured from /proc, stopped. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;
/** Node flags of a child that runs TypeScript: the harness's own sources through tsx. */
const TSX_FLAGS = ['--import', 'tsx'];
/** Workspace packages from their TypeScript sources rather than their compiled dist/. */
const SOURCE_CONDITION = '--conditions=@switchyard/source';

/** Whether this machine can pin the gateway and the load to different cores (all CPUs, not our affinity). */
export function canPin(): boolean {
  return process.platform === 'linux' && cpus().length >= 2;
}

/** Pins this process (all its threads) to `core`; best effort. */
export function pinSelf(core: number): void {
  if (!canPin()) return;
  spawn('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Resolves with the first IPC message that `accept` recognises. */
  next<T>(accept: (message: unknown) => T | undefined, timeoutMs?: number): Promise<T>;
  /** What it wrote to stderr (the last 8,000 characters). */
  stderr(): string;
  /** Resolves when it has exited. */
  exited: Promise<void>;
  /** Asks the child to stop (IPC disconnect or SIGTERM, then SIGTERM, then SIGKILL) and waits for its exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `node <flags> <script>` (a harness script, a path relative to this folder) on `core`
 * (via taskset) with an IPC channel. The child's stdout is discarded (a production logger writes
 * there); stderr is kept for failures.
 */
export function spawnChild(
  script: string,
  options: {
    core?: number;
    env?: Record<string, string>;
    nodeFlags?: string[];
    /**
     * Load workspace packages from source (tsx). Off for a measured gateway, which runs compiled
     * JavaScript as production does (`npm run build` first): the script is transpiled to
     * JavaScript and run by plain `node`, without tsx's module hooks (under them Node keeps a
     * second copy of the source of every CommonJS module an ES module imports, megabytes of heap
     * that production does not carry). @default true
     */
    fromSource?: boolean;
  },
): Child {
  const source = fileURLToPath(new URL(script, import.meta.url));
  const compiled = options.fromSource === false;
  return spawnNode(
    [
      ...(compiled ? [] : [...TSX_FLAGS, SOURCE_CONDITION]),
      ...(options.nodeFlags ?? []),
      compiled ? transpiled(source) : source,
    ],
    { core: options.core, env: options.env, ipc: true, measured: compiled, name: script },
  );
}

/**
 * Spawns a program as production runs it, `node <flags> <file>` (no IPC: it is told its port in
 * `env` and polled for readiness), on `core`. Stopping it is SIGTERM, as a process manager does.
 */
export function spawnProgram(
  file: string,
  options: { core?: number; env?: Record<string, string>; nodeFlags?: string[] },
): Child {
  return spawnNode([...(options.nodeFlags ?? []), file], {
    core: options.core,
    env: options.env,
    ipc: false,
    measured: true,
    name: file,
  });
}

function spawnNode(
  args: string[],
  options: {
    core: number | undefined;
    env: Record<string, string> | undefined;
    ipc: boolean;
    measured: boolean;
    name: string;
  },
): Child {
  const { name } = options;
  // BENCH_NODE_FLAGS: extra node flags for the measured gateways (e.g. `--trace-gc`);
  // BENCH_GATEWAY_STDOUT=<file>: keep their stdout (their logs, the GC trace) in that file.
  const flags = options.measured && process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
  const nodeArgs = [...flags, ...args];
  const pinned = options.core !== undefined && canPin();
  const stdout =
    options.measured && process.env.BENCH_GATEWAY_STDOUT ? openSync(process.env.BENCH_GATEWAY_STDOUT, 'a') : 'ignore';
  const child = spawn(
    pinned ? 'taskset' : process.execPath,
    pinned ? ['-c', String(options.core), process.execPath, ...nodeArgs] : nodeArgs,
    {
      stdio: options.ipc ? ['ignore', stdout, 'pipe', 'ipc'] : ['ignore', stdout, 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    pid: child.pid ?? -1,
    stderr: () => stderr,
    exited,
    next(accept, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const onMessage = (message: unknown) => {
          const value = accept(message);
          if (value !== undefined) {
            cleanup();
            resolve(value);
          }
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`${name} exited (${code}) before answering:\n${stderr}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} did not answer within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
      const term = setTimeout(() => child.kill('SIGTERM'), 5_000);
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for a program told its port rather than asked). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const transpiledScripts = new Map<string, string>();

/**
 * `source` (TypeScript) and the harness files it imports, bundled into one ES module under
 * bench/results/ (git-ignored); packages stay imports, resolved from the repository's
 * node_modules as at run time. esbuild is what tsx itself transpiles with.
 */
function transpiled(source: string): string {
  let outfile = transpiledScripts.get(source);
  if (!outfile) {
    const dir = join(dirname(source), '..', 'results', '.build');
    mkdirSync(dir, { recursive: true });
    outfile = join(dir, `${basename(source, '.ts')}-${process.pid}.mjs`);
    buildSync({
      entryPoints: [source],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    transpiledScripts.set(source, outfile);
    const built = outfile;
    process.once('exit', () => rmSync(built, { force: true }));
  }
  return outfile;
}

/** CPU time (user + system, all threads) the process has used, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Peak resident set size (VmHWM) of the process, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
