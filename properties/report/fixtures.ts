import { ATLAS_DEFAULTS, runAtlas } from '../../src/scaling/atlas/run';
import { atlasView } from '../../src/report/views/atlas';
import type { LearnResult } from '../../spec/learn';
import type { ScaleResult } from '../../spec/scale';
import type { PlotData, PropertySuiteResults } from '../../spec/report';
import { runCheck } from '../../src/assumptions/check';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { getLearner } from '../../src/learners/registry';
import { learnResult } from '../../src/learners/result';
import type { LearnRequest } from '../../src/learners/types';
import { gapPlot } from '../../src/report/views/check';
import { learnView, recoveryPlot } from '../../src/report/views/learn';
import { scaleView } from '../../src/report/views/scale';
import { compareLearners } from '../../src/scaling/compare';

/** A small property-suite payload: one passing id, one failing id with a fast-check failure, one untagged failure. */
export const SUITE: PropertySuiteResults = {
  format: 'rhm-properties/1',
  success: false,
  totals: { suites: 2, failedSuites: 1, tests: 4, passed: 2, failed: 2, skipped: 0 },
  invariants: [
    {
      id: 'sample-parses-back',
      status: 'passed',
      tests: [
        {
          file: 'properties/grammar/parse.test.ts',
          title: '[sample-parses-back] every sample parses back',
          status: 'passed',
          durationMs: 120,
          numRuns: null,
          seed: null,
          counterexample: null,
          message: null,
        },
      ],
    },
    {
      id: 'weak-identifiability',
      status: 'failed',
      tests: [
        {
          file: 'properties/assumptions/weak.test.ts',
          title: '[weak-identifiability] gap | positive <b>',
          status: 'failed',
          durationMs: 30,
          numRuns: 7,
          seed: 42,
          counterexample: '[{"m":2}]',
          message:
            'Property failed after 7 tests\n{ seed: 42, path: "6:1", endOnFailure: true }\nCounterexample: [{"m":2}]\nShrunk 3 time(s)',
        },
      ],
    },
  ],
  untagged: [
    {
      file: 'properties/x.test.ts',
      title: 'something else',
      status: 'failed',
      durationMs: 1,
      numRuns: null,
      seed: null,
      counterexample: null,
      message: 'expected 1 to be 2',
    },
  ],
  suiteErrors: [],
};

/** One plot of every kind, with data shaped like real runs (m = 2, 4; L = 2..4). */
export function allPlots(): PlotData[] {
  const gapRows = [2, 4].flatMap((m) =>
    [1, 2, 3].map((level) => ({
      series: `uft-v8-m${m}-L3`,
      level,
      gap: m === 2 && level === 3 ? 0 : 0.9 * m ** (-(level - 1) / 2),
      m,
    })),
  );
  const recRows = [1, 2, 3].flatMap((level) => [
    { series: 'layerwise-cluster', level, samples: 4000, recovery: 1 - 0.1 * level },
    { series: 'layerwise-cluster', level, samples: 16000, recovery: 1 },
  ]);
  const curves = [
    { nc: 8, m: 2, L: 2 },
    { nc: 8, m: 2, L: 3 },
    { nc: 8, m: 4, L: 2 },
  ];
  const errRows = curves.flatMap((c, i) =>
    [0.25, 0.5, 1, 2, 4, 8].map((f) => {
      const P = Math.round(f * c.nc * c.m ** c.L);
      return { curve: `n_c=${c.nc} m=${c.m} L=${c.L}`, P, testError: 0.875 / (1 + (f * (1 + 0.15 * i)) ** 2), ...c };
    }),
  );
  const xs = curves.map((c) => c.nc * c.m ** c.L);
  const line = [20, 40, 80, 160, 320].map((x) => ({ series: 'n_c = 8', x, fit: 1.1 * x, lo: 0.8 * x, hi: 1.5 * x }));
  return [
    { kind: 'gap-per-level', title: 'Gap ρ̂^(l) per level', caption: 'Weak identifiability.', rows: gapRows },
    { kind: 'recovery-vs-samples', title: 'Per-level recovery', caption: 'Recovery against samples.', rows: recRows },
    { kind: 'error-curves', title: 'Test error against P', caption: 'Error curves.', rows: errRows, target: 0.0875 },
    {
      kind: 'error-collapse',
      title: 'Collapse under P/(n_c·m^L)',
      caption: 'Collapse.',
      rows: errRows,
      target: 0.0875,
    },
    {
      kind: 'pstar-fit',
      title: 'P* against n_c·m^L',
      caption: 'Fit b = 1.0 [0.9, 1.1].',
      points: xs.map((x, i) => ({ series: `curve ${i}`, x, pStar: 1.05 * x })),
      line,
    },
  ];
}

/** A synthetic exponent fit over the 4 cells below (2 grammar seeds each, so its interval is flagged as meaningless). */
function exponent(b: number, low: number, high: number, logM: number | null): ScaleResult['exponent'] {
  return {
    model: `log P* = a + b·L·log m${logM === null ? '' : ' + d·log m'}`,
    b,
    low,
    high,
    a: 1.43,
    c: null,
    cReason: 'one n_c value: c is not identifiable',
    logM,
    sigma: 0.04,
    confidence: 0.95,
    method: 'censored-mle',
    resamples: 200,
    unidentifiedResamples: 0,
    cellsUsed: 4,
    observations: 8,
    censoredObservations: 0,
    grammarSeeds: 8,
    minSeedsPerCell: 2,
    intervalMeaningful: false,
    intervalReason: 'too few grammar seeds for the bootstrap interval to mean anything',
    unidentifiedCells: [],
  };
}

/** A small, synthetic but schema-valid rhm-scale/1 result: n_c = 4, m ∈ {2, 3}, L ∈ {2, 3}, two replicates per cell, P* ≈ n_c·m^L. */
export function scaleResult(): ScaleResult {
  const cells = [
    { m: 2, L: 2 },
    { m: 2, L: 3 },
    { m: 3, L: 2 },
    { m: 3, L: 3 },
  ].map(({ m, L }) => {
    const ref = 4 * m ** L;
    const grid = [0.25, 0.5, 1, 2, 4].map((f) => Math.round(f * ref));
    const replicate = (seed: number) => ({
      grammarSeed: seed,
      trainSeed: seed,
      status: 'reached' as const,
      pStar: grid[2] as number,
      pStarLowerBound: null,
      precheck: { failed: [] },
      points: grid.map((P, i) => ({
        P,
        samples: P,
        testError: Math.max(0, 0.75 - 0.2 * i - 0.01 * seed),
        passed: i >= 2,
        learnerStatus: i >= 2 ? 'learned' : 'not-learned',
      })),
    });
    return {
      m,
      L,
      s: 2,
      classes: 4,
      vocab: 8,
      status: 'measured' as const,
      pStar: ref * 1.05,
      pStarLow: ref * 0.9,
      pStarHigh: ref * 1.2,
      ncMToL: ref,
      pMax: String(4 * m ** (2 ** L - 1)),
      target: 0.075,
      budget: 4 * ref,
      key: 'k'.repeat(64),
      replicates: [replicate(0), replicate(1)],
      censored: 0,
      excluded: [],
      failing: 0,
      saturated: false,
      inFit: true,
    };
  });
  return {
    format: 'rhm-scale/1',
    harnessVersion: '0.1.0',
    learner: 'layerwise-cluster',
    config: {
      learner: 'layerwise-cluster',
      learnerOptions: {},
      sampler: 'cagnetta',
      classes: [4],
      vocab: 8,
      m: [2, 3],
      L: [2, 3],
      s: 2,
      seeds: 2,
      trainSeeds: 1,
      seed: 0,
      threshold: 0.1,
      band: [0.8, 1.3],
      testSamples: 500,
      searchFactor: 4,
      startFraction: 0.25,
      gridRatio: 2,
      gridStride: 1,
      maxSamples: 100000,
      maxMemoryBytes: 2 ** 30,
      cellSeconds: null,
      bootstrapResamples: 200,
      confidence: 0.95,
      includeFailing: false,
    },
    cells,
    exponent: exponent(1.02, 0.93, 1.11, null),
    exponentWithLogM: exponent(1.0, 0.7, 1.3, 0.1),
    verdict: 'consistent',
    verdictReason: 'the 95% interval of b lies inside [0.8, 1.3]',
    collapse: { score: 0.02, rawScore: 0.3, crossingSpread: 0.01, pairs: 6 },
    depthSeparation: {
      slopeVsPMax: 0.4,
      slopeVsNcMToL: 1.02,
      rmsVsPMax: 0.9,
      rmsVsNcMToL: 0.04,
      follows: 'n_c·m^L',
      cells: [],
    },
    execution: { workers: 2, wallSeconds: 12.5, cellsRun: 4, cellsResumed: 0, cellSeconds: [] },
  };
}

/**
 * The fixture sweep as a shallow learner ('fcn', P* scaled by P_max/(n_c·m^L)) compared
 * with the same sweep as the deep one: what `rhm scale --compare` embeds.
 */
export function comparedScaleResult(): ScaleResult {
  const deep = scaleResult();
  const cells = deep.cells.map((c) => {
    const f = Number(c.pMax) / c.ncMToL;
    return { ...c, pStar: c.pStar === null ? null : c.pStar * f, pStarLow: null, pStarHigh: null };
  });
  const shallow: ScaleResult = { ...deep, learner: 'fcn', config: { ...deep.config, learner: 'fcn' }, cells };
  return { ...shallow, comparison: compareLearners(shallow, deep) };
}

/** A real `layerwise-rf` result on a small grammar (s = 2, L = 3, m = 2; about a second). */
export async function rfLearnResult(): Promise<LearnResult> {
  const file = generateGrammar({ sampler: 'uniform-first-token', classes: 4, vocab: 4, m: 2, s: 2, L: 3, seed: 1 });
  const request: LearnRequest = {
    grammar: compileGrammar(file),
    samples: 20000,
    seed: 0,
    testSamples: 1024,
    options: {},
    backend: 'auto',
    oracle: false,
  };
  const outcome = await getLearner('layerwise-rf').run(request);
  return learnResult(outcome, request, { grammarPath: 'uft-v4-m2-L3.json', command: ['learn'] });
}

/** One plot of every kind, from the views of real-shaped results (check, learn, a compared sweep). */
export function viewPlots(rf: LearnResult): PlotData[] {
  const file = generateGrammar({ sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 2, s: 2, L: 3, seed: 3 });
  const file4 = generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 8, m: 4, s: 2, L: 3, seed: 3 });
  const checks = [
    { name: 'uft-v8-m2-L3', result: runCheck(compileGrammar(file), { samples: 0, source: 'uft-v8-m2-L3.json' }) },
    { name: 'cag-v8-m4-L3', result: runCheck(compileGrammar(file4), { samples: 0, source: 'cag-v8-m4-L3.json' }) },
  ];
  const gap = gapPlot(checks);
  const scale = scaleView(comparedScaleResult()).plots;
  const learn = learnView(rf).plots;
  const budgets = [1000, 4000, 16000].map((samples, i) => ({
    name: 'layerwise-rf',
    result: {
      ...rf,
      samples,
      levels: rf.levels.map((l) =>
        l.kind === 'layerwise-rf' ? { ...l, recoveryRate: Math.min(1, 0.4 + 0.3 * i) } : l,
      ),
    },
  }));
  const curves = recoveryPlot(budgets);
  return [...(gap ? [gap] : []), ...learn, ...(curves ? [curves] : []), ...scale, sensitivityFixture()];
}

/** The first heat map of a real (small) atlas, computed in this thread. */
export async function atlasPlots(): Promise<PlotData[]> {
  const outcome = await runAtlas({ ...ATLAS_DEFAULTS, vocab: [4, 8], m: [2, 3], seeds: 4, workers: 0 });
  if (outcome.status !== 'completed') throw new Error(`atlas fixture aborted: ${outcome.reason}`);
  return atlasView(outcome.result).plots.slice(0, 1);
}

/** A sensitivity curve set of the shape the P* search records: two replicates, two layers, two levels. */
function sensitivityFixture(): PlotData {
  const rows = [1, 2].flatMap((rep) =>
    [1, 2].flatMap((layer) =>
      [1, 2].flatMap((level) =>
        [0.25, 0.5, 1, 2, 4].map((ratio) => ({
          series: `m = 3, L = 2, replicate ${rep}`,
          layer,
          level,
          ratio,
          sensitivity: 1 / (1 + ratio ** (2 + level / 2)),
        })),
      ),
    ),
  );
  return { kind: 'sensitivity-vs-pstar', title: 'Synonymic sensitivity against P/P*', caption: 'fixture', rows };
}
