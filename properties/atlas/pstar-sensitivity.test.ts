import { SCALE_CELL_FORMAT, type CellSpec, type ScaleResult } from '../../spec/scale';
import type { NetworkLevel } from '../../spec/learn';
import { sensitivityPlot } from '../../src/report/views/scale-sensitivity';
import { vegaLiteSpec } from '../../src/report/plots';
import { runCell } from '../../src/scaling/job';
import type { LearnOutcome, LearnRequest, Learner } from '../../src/learners/types';

/**
 * Item 5 of issue 16: every point of a network's P* search keeps S_{k,l}, and the
 * scale report plots it against P/P*. A stand-in network learner (no training: its
 * error and sensitivity are fixed functions of P) makes the record exact and fast.
 */

const P_STAR = 300;

/** A fake `cnn`: error 0.5 below P_STAR, 0 above; S_{k,l} = min(1, P_STAR/P)/(k·l). */
const fakeNet: Learner = {
  name: 'cnn',
  description: 'stand-in network',
  usesTensorflow: false,
  shallow: false,
  options: { schema: {} as Learner['options']['schema'], defaults: {} },
  run(request: LearnRequest): Promise<LearnOutcome<NetworkLevel>> {
    const L = request.grammar.L;
    const s = Math.min(1, P_STAR / request.samples);
    return Promise.resolve({
      status: request.samples >= P_STAR ? 'learned' : 'not-learned',
      learner: 'cnn',
      samples: request.samples,
      testError: request.samples >= P_STAR ? 0 : 0.5,
      backend: null,
      resolvedOptions: {},
      seconds: 0,
      training: { epochs: 1, finalTrainLoss: 0 },
      levels: Array.from({ length: L }, (_, i) => ({
        kind: 'network' as const,
        level: i + 1,
        recoveryRate: null,
        synonymicSensitivity: Array.from({ length: L }, (_, k) => s / ((k + 1) * (i + 1))),
        sensitivityLayers: 'hidden layers k = 1..L (bottom-up)',
      })),
    });
  },
};

describe('[pstar-records-sensitivity] synonymic sensitivity along the P* search', () => {
  test('[pstar-records-sensitivity] every point of a network replicate carries S_{k,l}; the plot puts P/P* on x', async () => {
    const spec: CellSpec = {
      format: SCALE_CELL_FORMAT,
      grammar: { kind: 'generated', sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2 },
      replicates: [{ grammarSeed: 1, trainSeed: 1 }],
      learner: 'cnn',
      learnerOptions: {},
      threshold: 0.1,
      testSamples: 100,
      search: { start: 64, ratio: 2 ** 0.25, stride: 4, maxSamples: 4096 },
      bootstrap: { resamples: 50, confidence: 0.95, seed: 0 },
      limits: { maxSeconds: null },
    };
    const cell = await runCell(spec, () => fakeNet);
    const rep = cell.replicates[0];
    if (!rep || rep.pStar === null) throw new Error('P* not reached');
    expect(rep.points.length).toBeGreaterThan(2);
    for (const p of rep.points) {
      const sens = p.synonymicSensitivity;
      if (!sens) throw new Error(`no sensitivity at P = ${p.P}`);
      expect(sens).toHaveLength(2);
      expect(sens[1]?.[0]).toBeCloseTo(Math.min(1, P_STAR / p.P) / 2, 12);
    }
    const plot = sensitivityPlot({ cells: [cell] } as unknown as ScaleResult);
    if (!plot) throw new Error('no plot');
    expect(plot.rows).toHaveLength(rep.points.length * 4);
    for (const row of plot.rows)
      expect(rep.points.some((p) => Math.abs(p.P / (rep.pStar as number) - row.ratio) < 1e-12)).toBe(true);
    expect(JSON.stringify(vegaLiteSpec(plot))).toMatch(/P \/ P\*/);
  });

  test('[pstar-records-sensitivity] other learners record none', async () => {
    const { getLearner } = await import('../../src/learners/registry');
    const spec: CellSpec = {
      format: SCALE_CELL_FORMAT,
      grammar: { kind: 'generated', sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2 },
      replicates: [{ grammarSeed: 1, trainSeed: 1 }],
      learner: 'layerwise-cluster',
      learnerOptions: {},
      threshold: 0.1,
      testSamples: 200,
      search: { start: 16, ratio: 2 ** 0.25, stride: 4, maxSamples: 256 },
      bootstrap: { resamples: 50, confidence: 0.95, seed: 0 },
      limits: { maxSeconds: null },
    };
    const cell = await runCell(spec, getLearner);
    for (const p of cell.replicates.flatMap((r) => r.points)) expect(p.synonymicSensitivity).toBeUndefined();
  });
});
