/**
 * `npm run bench:gateway [-- --duration 10 --rounds 3 --connections 50 --warmup 3
 *   --targets ours,apollo --workloads shop,small --token <jwt> --live-subgraphs --cpu-prof <dir>]`
 * Prints the table and writes bench/results/gateway-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_TARGETS, runBenchmark, TARGETS, type Target } from './benchmark.js';
import { formatTable } from './report.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    targets: { type: 'string', default: DEFAULT_TARGETS.join(',') },
    workloads: { type: 'string' },
    token: { type: 'string', default: process.env.BENCH_TOKEN },
    'live-subgraphs': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    'cpu-prof': { type: 'string' },
  },
});

function positive(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
  return number;
}

const targets = (values.targets ?? '').split(',').filter(Boolean) as Target[];
for (const target of targets) {
  if (!TARGETS.includes(target)) throw new Error(`--targets: unknown ${target}; known: ${TARGETS.join(', ')}`);
}
const result = await runBenchmark({
  duration: positive('duration', values.duration),
  rounds: positive('rounds', values.rounds),
  connections: positive('connections', values.connections),
  warmup: positive('warmup', values.warmup),
  targets,
  ...(values.workloads ? { workloads: values.workloads.split(',') } : {}),
  token: values.token,
  memo: !values['live-subgraphs'],
  logLevel: values['log-level'] ?? 'info',
  cpuProfDir: values['cpu-prof'],
  log: (line) => process.stderr.write(`${line}\n`),
});
const table = formatTable(result);
const dir = new URL('../results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const file = new URL(`gateway-${result.date.replace(/[:.]/g, '-')}.json`, dir);
writeFileSync(file, JSON.stringify({ ...result, table }, null, 2));
process.stdout.write(`\n${table}\n\nResults: ${file.pathname}\n`);
process.exit(result.failures.length > 0 && result.samples.length === 0 ? 1 : 0);
