import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/io/json-file';
import { VERSION } from '../src/version';
import { checkBenchmark, weakIdentifiabilityRegionBenchmark } from './check';
import { clusterDepthBenchmark } from './cluster-depth';
import { cnnStepBenchmark } from './cnn-step';
import { cnnTargetBenchmark } from './cnn-target';
import { learnersBenchmark } from './learners';
import { rfSweepBenchmark } from './rf';
import { samplerBenchmark } from './sampler';
import { scaleBenchmark } from './scale';
import type { Benchmark, BenchResult } from './types';

/** Every benchmark of `npm run bench`, in order. */
const BENCHMARKS: readonly Benchmark[] = [
  samplerBenchmark,
  scaleBenchmark,
  checkBenchmark,
  weakIdentifiabilityRegionBenchmark,
  learnersBenchmark,
  rfSweepBenchmark,
  clusterDepthBenchmark,
  cnnStepBenchmark,
  cnnTargetBenchmark,
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: BenchResult[] = [];
  for (const b of BENCHMARKS) {
    if (only.length > 0 && !only.includes(b.name)) continue;
    process.stderr.write(`bench: ${b.name} …\n`);
    for (const r of await b.run()) {
      results.push(r);
      const met = r.target ? (r.target.met === null ? 'reported' : r.target.met ? 'target met' : 'TARGET MISSED') : '';
      process.stderr.write(`  ${r.name}: ${JSON.stringify(r.metrics)} ${met}\n`);
    }
  }
  const dir = join(process.cwd(), 'reports', 'bench');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = join(dir, `bench-${stamp}.json`);
  writeFileAtomic(
    out,
    `${JSON.stringify({ format: 'rhm-bench/1', harnessVersion: VERSION, node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`,
  );
  process.stdout.write(`${out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
