import { spawnSync } from 'node:child_process';
import { compileGrammar } from '../src/grammar/grammar';
import { generateGrammar } from '../src/grammar/generate';
import { getLearner } from '../src/learners/registry';
import type { Benchmark, BenchResult } from './types';

/**
 * `layerwise-cluster` at depth (issue 11, item 7): cagnetta v = n_c = 8, m = 2,
 * s = 2, L = 8 (d = 256), P = 10^6 training samples, 4096 held out. The run goes
 * in a child process so that its peak resident set is its own.
 */

const SIZE = { classes: 8, vocab: 8, m: 2, s: 2, L: 8 } as const;
const SAMPLES = 1_000_000;
const TEST_SAMPLES = 4096;
const SEED = 1;
const GIB = 2 ** 30;

/**
 * Before the change (commit 1c7485e, same machine, 2 shared cores, alternated
 * with the new code): 2.0 GiB peak, 44.6–45.5 s wall and 19.9 s of CPU under a
 * load of about 10; 22.0 s wall, 18.6 s CPU on a quieter machine.
 */
const BEFORE = { peakBytes: 2083196 * 1024, cpuSeconds: 19.9 } as const;

/** What the child reports. */
interface ChildReport {
  readonly seconds: number;
  /** User + system CPU of the whole child process. */
  readonly cpuSeconds: number;
  readonly peakBytes: number;
  readonly testError: number;
  readonly status: string;
  readonly recovery: (number | null)[];
}

async function child(): Promise<void> {
  const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', seed: 1, ...SIZE }));
  const out = await getLearner('layerwise-cluster').run({
    grammar: g,
    samples: SAMPLES,
    seed: SEED,
    testSamples: TEST_SAMPLES,
  });
  // The whole process, as `/usr/bin/time` measured the numbers before.
  const cpu = process.cpuUsage();
  const report: ChildReport = {
    seconds: out.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // maxRSS is in KiB.
    peakBytes: process.resourceUsage().maxRSS * 1024,
    testError: out.testError,
    status: out.status,
    recovery: out.levels.map((x) => x.recoveryRate),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runChild(): ChildReport {
  const r = spawnSync(process.execPath, [__filename, '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`cluster-depth child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

/** Peak memory and time of `layerwise-cluster` at L = 8, P = 10^6, against the numbers before issue 11. */
export const clusterDepthBenchmark: Benchmark = {
  name: 'cluster-depth',
  async run(): Promise<BenchResult[]> {
    const r = runChild();
    return [
      {
        name: `cluster-depth layerwise-cluster cagnetta v=n_c=8 m=2 s=2 L=8 P=${SAMPLES}`,
        metrics: {
          peakBytes: r.peakBytes,
          peakGiB: r.peakBytes / GIB,
          learnerSeconds: r.seconds,
          processCpuSeconds: r.cpuSeconds,
          beforePeakGiB: BEFORE.peakBytes / GIB,
          beforeCpuSeconds: BEFORE.cpuSeconds,
          peakRatioBeforeOverNow: BEFORE.peakBytes / r.peakBytes,
          cpuRatioBeforeOverNow: BEFORE.cpuSeconds / r.cpuSeconds,
          testError: r.testError,
          status: r.status,
          recovery: r.recovery,
          samples: SAMPLES,
          testSamples: TEST_SAMPLES,
          seed: SEED,
        },
        target: {
          description: 'peak resident set < 1 GiB and CPU time at most half of before (19.9 s)',
          met: r.peakBytes < GIB && r.cpuSeconds <= BEFORE.cpuSeconds / 2,
        },
      },
    ];
  },
};

if (require.main === module && process.argv.includes('--child')) {
  child().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
