/**
 * Idle memory of `npm start` on a first start (a new PGlite data folder: create, migrate, seed)
 * against the next start on the same folder (issue 9). Runs the compiled stack
 * (`node stack/dist/main.js`, as `npm start` does) twice on a temporary DATA_DIR and free ports,
 * reads VmRSS from /proc/<pid>/status `--settle` seconds after "Switchyard is up", stops it with
 * SIGINT, and prints both figures and their ratio.
 *
 *   npm run bench:start                               # builds first
 *   npx tsx bench/start/memory.ts --settle 5          # dist/ already current
 *
 * Linux only (/proc). Bounded: each start has a deadline, and a process that does not stop
 * within it is killed; the temporary folder is removed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    /** Seconds between "Switchyard is up" and the reading. */
    settle: { type: 'string', default: '10' },
    /** Seconds a start may take before the run fails. */
    'start-timeout': { type: 'string', default: '180' },
  },
});
const settleMs = Number(values.settle) * 1000;
const startTimeoutMs = Number(values['start-timeout']) * 1000;
/** How long a stopped stack may take to exit before it is killed. */
const STOP_TIMEOUT_MS = 20_000;
/** The line main.ts prints once every service listens. */
const READY = /Switchyard is up in ([\d.]+) s/;

const root = fileURLToPath(new URL('../..', import.meta.url));
const ports = Object.fromEntries(
  ['GATEWAY', 'USERS', 'PRODUCTS', 'INVENTORY', 'ORDERS', 'REVIEWS'].map((name) => [`${name}_PORT`, '0']),
);

interface Reading {
  /** Seconds main.ts reports for the start. */
  startSeconds: number;
  /** VmRSS `settle` seconds after the start, in MiB. */
  rssMiB: number;
  /** VmHWM then: the serving process's peak (a first start's child process is not counted). */
  peakMiB: number;
}

/** A `kB` field of /proc/<pid>/status, in MiB. */
function statusMiB(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  if (!kib) throw new Error(`no ${field} in /proc/<pid>/status`);
  return Number(kib) / 1024;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function within<T>(label: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Starts the compiled stack on `dir`, waits for it, settles, reads its RSS and stops it. */
async function measure(dir: string): Promise<Reading> {
  const child = spawn(process.execPath, ['stack/dist/main.js'], {
    cwd: root,
    env: { ...process.env, ...ports, DATA_DIR: join(dir, 'pglite'), KEYS_DIR: join(dir, 'keys'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the stack did not start');
  let output = '';
  const exit = exited(child);
  try {
    const startSeconds = await within(
      'start',
      startTimeoutMs,
      new Promise<number>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk;
          const match = READY.exec(output);
          if (match) resolve(Number(match[1]));
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        void exit.then((code) => reject(new Error(`the stack exited (${code}):\n${output}`)));
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { startSeconds, rssMiB: statusMiB(status, 'VmRSS'), peakMiB: statusMiB(status, 'VmHWM') };
  } finally {
    child.kill('SIGINT');
    await within('stop', STOP_TIMEOUT_MS, exit).catch(() => child.kill('SIGKILL'));
  }
}

const dir = await mkdtemp(join(tmpdir(), 'switchyard-start-memory-'));
try {
  const first = await measure(dir);
  const warm = await measure(dir);
  const ratio = first.rssMiB / warm.rssMiB;
  const line = (label: string, r: Reading) =>
    `${label.padEnd(28)} ${r.rssMiB.toFixed(0).padStart(5)} MiB   (peak ${r.peakMiB.toFixed(0)} MiB, up in ${r.startSeconds.toFixed(1)} s)`;
  process.stdout.write(
    `${[
      `Idle RSS ${settleMs / 1000} s after "Switchyard is up" (PGlite, seeded):`,
      line('first start (new DATA_DIR)', first),
      line('next start (same DATA_DIR)', warm),
      `ratio first / next           ${ratio.toFixed(2)}`,
    ].join('\n')}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
