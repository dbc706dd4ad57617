import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThreadPoolExecutor } from '../src/scaling/pool';
import { DEFAULT_SWEEP, resolveSweepConfig, runSweep } from '../src/scaling/sweep';
import type { Benchmark, BenchResult } from './types';

/** Target of the scaling issue: the default sweep finishes in under 10 minutes on 2 cores. */
const TARGET_SECONDS = 600;
const WORKERS = 2;

/** The default sweep of `rhm scale` (layerwise-cluster) on a 2-worker pool: wall time, per-cell times, the fitted exponent. */
export const scaleBenchmark: Benchmark = {
  name: 'scale-default-sweep',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'rhm-bench-scale-'));
    try {
      const config = resolveSweepConfig({});
      const t0 = performance.now();
      const outcome = await runSweep(config, {
        executor: new ThreadPoolExecutor(WORKERS),
        ledgerPath: join(dir, 'ledger.jsonl'),
        resume: false,
      });
      const seconds = (performance.now() - t0) / 1000;
      if (outcome.status !== 'completed') throw new Error(`default sweep ${outcome.status}: ${outcome.reason}`);
      const r = outcome.result;
      const cellSeconds = r.execution.cellSeconds.map((c) => c.wallSeconds);
      return [
        {
          name: `scale-default-sweep ${DEFAULT_SWEEP.learner} m=${config.m.join(',')} L=${config.L.join(',')} ${config.seeds}x${config.trainSeeds} replicates, ${WORKERS} workers`,
          metrics: {
            wallSeconds: seconds,
            cells: r.cells.length,
            cellsSkipped: r.cells.filter((c) => c.status === 'skipped').length,
            cellSecondsMax: Math.max(...cellSeconds),
            cellSecondsSum: cellSeconds.reduce((a, b) => a + b, 0),
            b: r.exponent.b,
            bLow: r.exponent.low,
            bHigh: r.exponent.high,
            verdict: r.verdict,
            collapseScore: r.collapse.score,
          },
          target: {
            description: `default sweep (rhm scale, no grid flags) under ${TARGET_SECONDS} s on ${WORKERS} workers`,
            met: seconds < TARGET_SECONDS,
          },
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
