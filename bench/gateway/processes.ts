/** Child processes of the benchmark: spawned pinned to a core, measured from /proc, stopped. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;
/** Node flags of every child: the harness's own TypeScript through tsx. */
const NODE_FLAGS = ['--import', 'tsx'];
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
  /** Asks the child to stop (IPC disconnect, then SIGTERM, then SIGKILL) and waits for its exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `node <flags> <script>` (a path relative to this folder) on `core` (via taskset) with
 * an IPC channel. The child's stdout is discarded (a production logger writes there); stderr is
 * kept for failures.
 */
export function spawnChild(
  script: string,
  options: {
    core?: number;
    env?: Record<string, string>;
    nodeFlags?: string[];
    /**
     * Load workspace packages from source (tsx). Off for the measured gateway, which runs the
     * compiled JavaScript production runs (`npm run build` first). @default true
     */
    fromSource?: boolean;
  },
): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const args = [
    ...NODE_FLAGS,
    ...(options.fromSource === false ? [] : [SOURCE_CONDITION]),
    ...(options.nodeFlags ?? []),
    file,
  ];
  const pinned = options.core !== undefined && canPin();
  const child = spawn(
    pinned ? 'taskset' : process.execPath,
    pinned ? ['-c', String(options.core), process.execPath, ...args] : args,
    {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
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
          reject(new Error(`${script} exited (${code}) before answering:\n${stderr}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${script} did not answer within ${timeoutMs} ms:\n${stderr}`));
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
      const term = setTimeout(() => child.kill('SIGTERM'), 5_000);
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
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
