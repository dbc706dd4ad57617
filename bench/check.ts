import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratorParams } from '../spec/generator';
import { runCheck } from '../src/assumptions/check';
import { checkWeakIdentifiability } from '../src/assumptions/weak-identifiability';
import { compileGrammar } from '../src/grammar/grammar';
import { generateGrammar } from '../src/grammar/generate';
import type { Benchmark, BenchResult } from './types';

const BENCH_PARAMS = { sampler: 'uniform-first-token', classes: 64, vocab: 64, m: 16, s: 2, L: 8, seed: 1 } as const;
const TARGET_SECONDS = 2;

/**
 * `rhm check` on v = n_c = 64, m = 16, s = 2, L = 8 with all positions (255 patch
 * parents), clean-signal test with its default 20000 samples included. Wall time
 * of runCheck on the compiled grammar (reading the file is excluded), median of 5
 * after one warm-up; target < 2 s. Also reported, without a target: the same
 * check end to end through `bin/rhm.js` and the CLI's start-up alone
 * (`rhm check --help`), median of 3 each.
 */
export const checkBenchmark: Benchmark = {
  name: 'check',
  async run(): Promise<BenchResult[]> {
    const g = compileGrammar(generateGrammar({ ...BENCH_PARAMS }));
    runCheck(g, { positions: 'all' }); // warm-up (JIT)
    const times: number[] = [];
    let verdict = '';
    for (let rep = 0; rep < 5; rep++) {
      const t0 = process.hrtime.bigint();
      verdict = runCheck(g, { positions: 'all' }).verdict;
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    times.sort((a, b) => a - b);
    const first = process.hrtime.bigint();
    runCheck(g, { positions: 'first', samples: 0 });
    const firstOnly = Number(process.hrtime.bigint() - first) / 1e9;
    const median = times[2] as number;
    // End to end through the CLI (node start-up, module loading, reading and validating the file).
    const dir = mkdtempSync(join(tmpdir(), 'rhm-bench-check-'));
    const file = join(dir, 'grammar.json');
    writeFileSync(file, JSON.stringify(generateGrammar({ ...BENCH_PARAMS })));
    const bin = join(__dirname, '..', '..', 'bin', 'rhm.js');
    const wall = (args: string[]): number => {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore' });
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const cli = [0, 1, 2].map(() => wall(['check', file, '--positions', 'all', '--no-report'])).sort((a, b) => a - b);
    const startup = [0, 1, 2].map(() => wall(['check', '--help'])).sort((a, b) => a - b);
    rmSync(dir, { recursive: true, force: true });
    return [
      {
        name: 'check v=64 n_c=64 m=16 s=2 L=8 --positions all',
        metrics: {
          secondsMedian: median,
          secondsMin: times[0],
          secondsMax: times[4],
          repetitions: 5,
          verdict,
          secondsFirstPositionNoSamples: firstOnly,
          cliSecondsMedian: cli[1],
          cliStartupSecondsMedian: startup[1],
        },
        target: { description: `rhm check with all positions in < ${TARGET_SECONDS} s`, met: median < TARGET_SECONDS },
      },
    ];
  },
};

/** Cells of the weak-identifiability failure-region measurement (s = 2, L = 3). */
export const REGION_CELLS: readonly Omit<GeneratorParams, 'seed'>[] = [
  { sampler: 'cagnetta', classes: 2, vocab: 2, m: 2, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 2, vocab: 8, m: 2, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 4, vocab: 8, m: 2, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 8, vocab: 8, m: 2, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 4, vocab: 16, m: 4, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 16, vocab: 16, m: 4, s: 2, L: 3 },
  { sampler: 'cagnetta', classes: 32, vocab: 32, m: 8, s: 2, L: 3 },
  { sampler: 'uniform-first-token', classes: 2, vocab: 2, m: 2, s: 2, L: 3 },
  { sampler: 'uniform-first-token', classes: 4, vocab: 4, m: 2, s: 2, L: 3 },
  { sampler: 'uniform-first-token', classes: 4, vocab: 8, m: 2, s: 2, L: 3 },
  { sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 4, s: 2, L: 3 },
  { sampler: 'uniform-first-token', classes: 16, vocab: 16, m: 4, s: 2, L: 3 },
];

/** Seeds per cell of the region measurement. */
export const REGION_SEEDS = 200;

/**
 * How often Assumption 6(b) fails (exact zero gap at some level, first patch)
 * on random grammars: for each cell, seeds 0 … 199. The numbers are quoted in
 * the registry notes of `weak-identifiability` (src/assumptions/registry.ts).
 */
export const weakIdentifiabilityRegionBenchmark: Benchmark = {
  name: 'weak-identifiability-region',
  async run(): Promise<BenchResult[]> {
    return REGION_CELLS.map((cell) => {
      let fails = 0;
      let exactZero = 0;
      const failingLevels: Record<string, number> = {};
      for (let seed = 0; seed < REGION_SEEDS; seed++) {
        const v = checkWeakIdentifiability(compileGrammar(generateGrammar({ ...cell, seed })), { positions: 'first' });
        if (!v.holds) {
          fails++;
          if (v.witness?.exactZero === true) exactZero++;
          const l = String(v.witness?.level);
          failingLevels[l] = (failingLevels[l] ?? 0) + 1;
        }
      }
      return {
        name: `weak-identifiability-region ${cell.sampler} n_c=${cell.classes} v=${cell.vocab} m=${cell.m} s=${cell.s} L=${cell.L}`,
        metrics: {
          grammars: REGION_SEEDS,
          failures: fails,
          failureRate: fails / REGION_SEEDS,
          exactZeroFailures: exactZero,
          witnessLevels: failingLevels,
        },
        target: null,
      };
    });
  },
};
