import { runCheck } from '../../src/assumptions/check';
import { grammarTheory } from '../../src/exact/theory';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { chiSquareGoodnessOfFit } from '../../src/util/stats';
import { CONTROL_DEFAULTS, runControl } from '../../src/verify/control';

/**
 * [C]'s control: the correlation-free family (src/grammar/samplers/correlation-free.ts)
 * keeps the hierarchy and removes every label–patch correlation; the deep cnn learns the
 * matched RHM but not the control at the same size.
 */

const SHAPES = [
  { classes: 3, vocab: 3, m: 3, s: 2, L: 3 },
  { classes: 4, vocab: 8, m: 4, s: 2, L: 3 },
  { classes: 2, vocab: 4, m: 3, s: 3, L: 2 },
] as const;

describe('[correlation-free-zero-gap] the correlation-free family', () => {
  test.each(SHAPES.flatMap((p) => [1, 2, 3].map((seed) => ({ ...p, seed }))))(
    '[correlation-free-zero-gap] %o: rule structure holds and every q-vector at level ≥ 2, every position, is exactly uniform',
    (p) => {
      const g = compileGrammar(generateGrammar({ sampler: 'correlation-free', ...p }));
      const check = runCheck(g, { samples: 0 });
      expect(check.assumptions.find((a) => a.id === 'rule-structure')?.holds).toBe(true);
      for (const l of check.levels.filter((x) => x.level >= 2)) {
        expect(l.minGap).toBe(0);
        expect(l.gapExactZero).toBe(true);
        expect(l.minGapAllPositions).toBe(0);
      }
      const t = grammarTheory(g, { positions: 'all' });
      for (const lt of t.levels.filter((x) => x.level >= 2))
        for (const q of lt.q) if (q) for (const x of q) expect(x).toBeCloseTo(1 / p.classes, 12);
    },
  );

  test('[correlation-free-zero-gap] with m = v = n_c every input token is independent of the label (chi-square, α = 10^−3, fixed seed)', () => {
    const g = compileGrammar(generateGrammar({ sampler: 'correlation-free', ...SHAPES[0], seed: 2 }));
    const n = 20000;
    const batch = sampleIid(g, n, Rng.fromSeed(7).stream('sample'));
    // Label × (token at each position): every class must see every token value equally often.
    for (let pos = 0; pos < batch.d; pos++) {
      const counts = new Array<number>(9).fill(0);
      for (let i = 0; i < n; i++) {
        const cell = (batch.labels[i] as number) * 3 + (batch.tokens[i * batch.d + pos] as number);
        counts[cell] = (counts[cell] as number) + 1;
      }
      const fit = chiSquareGoodnessOfFit(counts, new Array<number>(9).fill(1 / 9));
      expect(fit.pValue).toBeGreaterThan(1e-3);
    }
  });
});

describe('[cnn-needs-correlations] [C]’s control for the deep CNN', () => {
  test('[cnn-needs-correlations] at 8·n_c·m^L samples the cnn learns the matched RHM and stays near chance without correlations (fixed seeds)', async () => {
    // Fixed grammar seed 2 and training seed 1 (CONTROL_DEFAULTS). The control must keep ≥ half of chance
    // error (0.333); measured 0.65 here, 0.577 even at P_max/4, against 0.0005 on the matched RHM, so the
    // floor sits far from both (the held-out binomial noise at 2048 samples is ≈ 0.01).
    const out = await runControl(CONTROL_DEFAULTS);
    expect(out.samples).toBe(648);
    expect(out.matched.testError).toBeLessThanOrEqual(out.target);
    expect(out.control.testError).toBeGreaterThanOrEqual(CONTROL_DEFAULTS.floor * out.chance);
    expect(out.expectations.every((e) => e.met)).toBe(true);
    process.stdout.write(
      `control: matched RHM test error ${out.matched.testError}, correlation-free ${out.control.testError} at P = ${out.samples}\n`,
    );
  }, 120_000);
});
