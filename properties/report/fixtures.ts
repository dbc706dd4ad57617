import type { PlotData, PropertySuiteResults } from '../../spec/report';

/** A small property-suite payload: one passing id, one failing id with a fast-check failure, one untagged failure. */
export const SUITE: PropertySuiteResults = {
  format: 'rhm-properties/1',
  success: false,
  totals: { suites: 2, failedSuites: 1, tests: 4, passed: 2, failed: 2, skipped: 0 },
  invariants: [
    {
      id: 'sample-parses-back',
      status: 'passed',
      tests: [{ file: 'properties/grammar/parse.test.ts', title: '[sample-parses-back] every sample parses back', status: 'passed', durationMs: 120, numRuns: null, seed: null, counterexample: null, message: null }],
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
          message: 'Property failed after 7 tests\n{ seed: 42, path: "6:1", endOnFailure: true }\nCounterexample: [{"m":2}]\nShrunk 3 time(s)',
        },
      ],
    },
  ],
  untagged: [{ file: 'properties/x.test.ts', title: 'something else', status: 'failed', durationMs: 1, numRuns: null, seed: null, counterexample: null, message: 'expected 1 to be 2' }],
  suiteErrors: [],
};

/** One plot of every kind, with data shaped like real runs (m = 2, 4; L = 2..4). */
export function allPlots(): PlotData[] {
  const gapRows = [2, 4].flatMap((m) => [1, 2, 3].map((level) => ({ series: `uft-v8-m${m}-L3`, level, gap: m === 2 && level === 3 ? 0 : 0.9 * m ** (-(level - 1) / 2), m })));
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
  const line = [20, 40, 80, 160, 320].map((x) => ({ x, fit: 1.1 * x, lo: 0.8 * x, hi: 1.5 * x }));
  return [
    { kind: 'gap-per-level', title: 'Gap ρ̂^(l) per level', caption: 'Weak identifiability.', rows: gapRows },
    { kind: 'recovery-vs-samples', title: 'Per-level recovery', caption: 'Recovery against samples.', rows: recRows },
    { kind: 'error-curves', title: 'Test error against P', caption: 'Error curves.', rows: errRows },
    { kind: 'error-collapse', title: 'Collapse under P/(n_c·m^L)', caption: 'Collapse.', rows: errRows },
    { kind: 'pstar-fit', title: 'P* against n_c·m^L', caption: 'Fit b = 1.0 [0.9, 1.1].', points: xs.map((x, i) => ({ series: `curve ${i}`, x, pStar: 1.05 * x })), line },
  ];
}
