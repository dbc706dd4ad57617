import { spawnSync } from 'node:child_process';
import { findPython } from './python';
import { join } from 'node:path';
import { classCount, compileGrammar, inputLength } from '../src/grammar/grammar';
import { generateGrammar } from '../src/grammar/generate';
import { ensureBackend } from '../src/learners/backend';
import { buildNet, disposeNet } from '../src/learners/nn/architecture';
import { hostParams, loadParams } from '../src/learners/nn/step';
import { HostUpdater, trainStep } from '../src/learners/nn/training';
import { sampleIid } from '../src/sampling/iid';
import { Rng } from '../src/util/rng';
import type { Benchmark, BenchResult } from './types';

/**
 * Issue 11, item 6: one training step of the deep `cnn` (batch 128, the same
 * optimiser) against a PyTorch step of the same architecture
 * (bench/pytorch/cnn_step.py), run alternately in one bench run. Ratio > 1 means
 * ours is slower. Skipped, with the reason, when no Python with torch is found
 * (RHM_PYTHON, then python3, then /usr/bin/python3).
 */

const SIZE = { classes: 8, vocab: 8, m: 4, s: 2, L: 3 } as const;
const H = 256;
const BATCH = 128;
const STEPS = 40;
/** Fewer steps for the slow references (2 threads on a shared machine, the BLAS-bound dense form). */
const SLOW_STEPS = 10;
const ROUNDS = 3;
const LR = { adam: 1e-2, sgd: 1.0 } as const;

/** A Python interpreter that imports torch, or the reason none was found. */
export function findTorch(): { python: string } | { reason: string } {
  return findPython(['torch']);
}

/** The PyTorch reference script (from dist/bench at run time). */
export const TORCH_SCRIPT = join(__dirname, '..', '..', 'bench', 'pytorch', 'cnn_step.py');

/** Wall and CPU milliseconds per step (CPU: user + system of the whole process, all threads). */
interface StepTime {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function torchStep(python: string, cfg: Record<string, unknown>): StepTime {
  const r = spawnSync(python, [TORCH_SCRIPT], { input: JSON.stringify(cfg), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`cnn_step.py failed (${String(r.status)}): ${r.stderr}`);
  const o = JSON.parse(r.stdout) as { msPerStep: number; cpuMsPerStep: number };
  return { wallMs: o.msPerStep, cpuMs: o.cpuMsPerStep };
}

/** Milliseconds per training step of our `cnn` on grammar batches. */
function oursStep(optimizer: 'adam' | 'sgd'): StepTime {
  const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', seed: 1, ...SIZE }));
  const train = sampleIid(g, BATCH * 8, Rng.fromSeed(1).stream('sample'));
  const net = buildNet('cnn', g, H, Rng.fromSeed(1).stream('init'));
  const params = hostParams(net);
  const upd = new HostUpdater(
    optimizer,
    LR[optimizer],
    [params.readout, ...params.hidden].map((a) => a.length),
  );
  const rows = (i: number): Int32Array => Int32Array.from({ length: BATCH }, (_, j) => ((i % 8) * BATCH + j) % train.n);
  for (let i = 0; i < 5; i++) trainStep(net, params, upd, train, rows(i));
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < STEPS; i++) trainStep(net, params, upd, train, rows(i));
  const c = process.cpuUsage(c0);
  const ms = { wallMs: Number(process.hrtime.bigint() - t0) / 1e6 / STEPS, cpuMs: (c.user + c.system) / 1e3 / STEPS };
  loadParams(net, params);
  disposeNet(net);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Median wall and CPU time of alternated runs. */
function summary(runs: readonly StepTime[]): StepTime {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

export const cnnStepBenchmark: Benchmark = {
  name: 'cnn-step',
  async run(): Promise<BenchResult[]> {
    const backend = await ensureBackend();
    const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', seed: 1, ...SIZE }));
    const torch = findTorch();
    const name = `cnn-step v=n_c=8 m=4 s=2 L=3 H=${H} batch=${BATCH}`;
    const out: BenchResult[] = [];
    for (const optimizer of ['adam', 'sgd'] as const) {
      const base = {
        mode: 'step',
        kind: 'cnn',
        v: SIZE.vocab,
        s: SIZE.s,
        L: SIZE.L,
        d: inputLength(g),
        H,
        nc: classCount(g),
        batchSize: BATCH,
        optimizer,
        learningRate: LR[optimizer],
        steps: STEPS,
      };
      const ours: StepTime[] = [];
      const ref: Record<'conv1d1' | 'conv1d2' | 'dense1', StepTime[]> = { conv1d1: [], conv1d2: [], dense1: [] };
      for (let r = 0; r < ROUNDS; r++) {
        ours.push(oursStep(optimizer));
        if ('python' in torch) {
          ref.conv1d1.push(torchStep(torch.python, { ...base, formulation: 'conv1d', threads: 1 }));
          ref.conv1d2.push(torchStep(torch.python, { ...base, steps: SLOW_STEPS, formulation: 'conv1d', threads: 2 }));
          ref.dense1.push(torchStep(torch.python, { ...base, steps: SLOW_STEPS, formulation: 'dense', threads: 1 }));
        }
      }
      const o = summary(ours);
      const metrics: Record<string, unknown> = { optimizer, backend, ours: o, oursRuns: ours };
      let met: boolean | null = null;
      if ('python' in torch) {
        const t1 = summary(ref.conv1d1);
        const t2 = summary(ref.conv1d2);
        Object.assign(metrics, {
          torchConv1d1Thread: t1,
          torchConv1d2Threads: t2,
          torchDense1Thread: summary(ref.dense1),
          torchRuns: ref,
          ratioOursOverTorch1ThreadWall: o.wallMs / t1.wallMs,
          ratioOursOverTorch1ThreadCpu: o.cpuMs / t1.cpuMs,
          ratioOursOverTorch2ThreadsWall: o.wallMs / t2.wallMs,
        });
        met = o.wallMs <= t1.wallMs;
      } else {
        metrics.skipped = torch.reason;
      }
      out.push({
        name: `${name} ${optimizer}`,
        metrics,
        target: {
          description: 'one training step at most as long as the PyTorch reference (conv1d, 1 thread), same optimiser',
          met,
        },
      });
    }
    return out;
  },
};
