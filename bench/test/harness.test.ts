import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../gateway/benchmark.js';
import { formatTable, summarise } from '../gateway/report.js';

// Not a benchmark: checks that the harness starts the subgraphs and a gateway, runs one short
// round, checks every answer against the reference, and stops everything it started.
describe('the gateway benchmark harness', () => {
  it('runs one short round of ours and vanilla Apollo with every answer equal to the reference', async () => {
    const result = await runBenchmark({
      duration: 1,
      rounds: 1,
      warmup: 1,
      connections: 4,
      targets: ['static', 'ours', 'apollo'],
      workloads: ['small'],
    });
    expect(result.failures).toEqual([]);
    // 3 targets x 1 workload x 1 round
    expect(result.samples).toHaveLength(3);
    for (const sample of result.samples) {
      expect(sample.requests).toBeGreaterThan(0);
      expect(sample.wrong).toBe(0);
    }
    const ours = summarise(result).find((row) => row.target === 'ours');
    expect(ours?.rpsVsApollo).toBeGreaterThan(0);
    expect(formatTable(result)).toContain('| small | ours (production bundle) |');
  }, 180_000);
});
