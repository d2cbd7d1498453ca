/** Summarises samples into one table: medians over rounds, ratios to vanilla Apollo per round. */
import { type BenchmarkResult, type Sample, TARGET_LABELS, type Target } from './benchmark.js';
import { WORKLOADS } from './workload.js';

/** A target's samples on one workload, over rounds: medians of the figures, sums of wrong and errors. */
export interface Row extends Omit<Sample, 'round' | 'requests'> {
  rounds: number;
  /** Median over rounds of (this target's rps / vanilla Apollo's rps in the same round). */
  rpsVsApollo: number;
  /** Median over rounds of (vanilla Apollo's CPU ms per request / this target's), >1 is cheaper. */
  cpuVsApollo: number;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarise(result: BenchmarkResult): Row[] {
  const rows: Row[] = [];
  const baseline = (round: number, workload: string): Sample | undefined =>
    result.samples.find((s) => s.round === round && s.workload === workload && s.target === 'apollo');
  for (const workload of WORKLOADS) {
    for (const target of result.options.targets as Target[]) {
      const samples = result.samples.filter((s) => s.workload === workload.name && s.target === target);
      if (samples.length === 0) continue;
      const ratios = samples.map((s) => {
        const base = baseline(s.round, s.workload);
        return base ? s.rps / base.rps : Number.NaN;
      });
      const cpuRatios = samples.map((s) => {
        const base = baseline(s.round, s.workload);
        return base ? base.cpuMsPerRequest / s.cpuMsPerRequest : Number.NaN;
      });
      const pick = (key: keyof Sample) => median(samples.map((s) => s[key] as number));
      rows.push({
        workload: workload.name,
        target,
        rounds: samples.length,
        rps: pick('rps'),
        p50: pick('p50'),
        p99: pick('p99'),
        cpuMsPerRequest: pick('cpuMsPerRequest'),
        cpuShare: pick('cpuShare'),
        peakRssMiB: pick('peakRssMiB'),
        subgraphRequestsPerOp: pick('subgraphRequestsPerOp'),
        rpsVsApollo: median(ratios),
        cpuVsApollo: median(cpuRatios),
        wrong: samples.reduce((n, s) => n + s.wrong, 0),
        errors: samples.reduce((n, s) => n + s.errors, 0),
      });
    }
  }
  return rows;
}

const fixed = (value: number, digits: number) => (Number.isNaN(value) ? '-' : value.toFixed(digits));

/** The table as Markdown (readable in a terminal, pasteable into the README). */
export function formatTable(result: BenchmarkResult): string {
  const header = [
    'workload',
    'gateway',
    'rps',
    'p50 ms',
    'p99 ms',
    'CPU ms/req',
    'CPU use',
    'peak RSS MiB',
    'subgraph req/op',
    'rps vs Apollo',
    'CPU/req vs Apollo',
    'wrong',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of summarise(result)) {
    lines.push(
      `| ${[
        row.workload,
        TARGET_LABELS[row.target],
        fixed(row.rps, 0),
        fixed(row.p50, 0),
        fixed(row.p99, 0),
        fixed(row.cpuMsPerRequest, 2),
        `${fixed(row.cpuShare * 100, 0)}%`,
        fixed(row.peakRssMiB, 0),
        fixed(row.subgraphRequestsPerOp, 1),
        row.target === 'apollo' ? '1.00x' : `${fixed(row.rpsVsApollo, 2)}x`,
        row.target === 'apollo' ? '1.00x' : `${fixed(row.cpuVsApollo, 2)}x`,
        String(row.wrong + row.errors),
      ].join(' | ')} |`,
    );
  }
  const legend = WORKLOADS.filter((w) => result.options.workloads.includes(w.name))
    .map((w) => `${w.name}: ${w.label}`)
    .join('; ');
  const failures = result.failures.map((f) => `- round ${f.round}, ${f.target}: ${f.error.split('\n')[0]}`);
  return [
    `${result.date} · ${result.machine.model} · ${result.machine.cpus} cores · Node ${result.machine.node} · ` +
      `${result.options.rounds} rounds × ${result.options.duration} s · ${result.options.connections} connections · ` +
      `gateway pinned to core 0: ${result.machine.pinned ? 'yes' : 'no'} · subgraphs replay answers: ${result.options.memo ? 'yes' : 'no'}`,
    '',
    ...lines,
    '',
    `Workloads: ${legend}. Medians over rounds; ratios are medians of per-round ratios to vanilla Apollo. ` +
      "CPU ms/req is the gateway process's user+system time per request; CPU/req vs Apollo > 1 means cheaper. " +
      'wrong = responses that were not 200 or differed from the reference, plus connection errors.',
    ...(failures.length ? ['', 'Failures:', ...failures] : []),
  ].join('\n');
}
