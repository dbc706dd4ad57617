import { checkCleanSignal, cleanSignal } from '../../src/assumptions/clean-signal';
import { cleanSignalTest, samplesNeeded } from '../../src/assumptions/conditional-independence';
import { patchLawTable } from '../../src/exact/patch-law';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { sampleWithLabelLeak } from './support/leaky-sampler';
import { at, defined } from '../support/checked';

// Significance level of every empirical test here: α = 10^−3 (false-positive rate on a
// correct sampler). Seeds are fixed; a failure is reproducible and never retried.
const ALPHA = 1e-3;
const GRAMMARS = [
  { sampler: 'cagnetta' as const, classes: 4, vocab: 6, m: 3, s: 2, L: 3, seed: 21 },
  { sampler: 'uniform-first-token' as const, classes: 4, vocab: 4, m: 2, s: 2, L: 3, seed: 22 },
  { sampler: 'cagnetta' as const, classes: 3, vocab: 4, m: 2, s: 3, L: 3, seed: 23 },
];

describe('clean-signal', () => {
  for (const p of GRAMMARS) {
    const g = compileGrammar(generateGrammar(p));
    const level = Math.max(1, p.L - 1);

    test(`[clean-signal] the harness sampler passes the empirical test at level ${level} (${p.sampler}, s=${p.s}, L=${p.L}; α = 10^−3)`, () => {
      const batch = sampleIid(g, 20000, Rng.fromSeed(p.seed).stream('clean-signal'), { latent: true });
      const t = cleanSignalTest(g, batch, level, ALPHA);
      expect(t.status).toBe('not-rejected');
      if (t.status === 'not-rejected') {
        expect(t.df).toBeGreaterThan(0); // the test had something to test
        expect(t.contradictions).toBe(0);
      }
    });

    test(`[clean-signal] a planted label leak in the lower levels is caught (${p.sampler}, s=${p.s}, L=${p.L})`, () => {
      const batch = sampleWithLabelLeak(g, 20000, Rng.fromSeed(p.seed).stream('leak'), { level, strength: 0.5 });
      const verdict = checkCleanSignal(g, { level, alpha: ALPHA }, batch);
      expect(verdict.holds).toBe(false);
      expect(verdict.value).not.toBeNull();
      expect(verdict.value as number).toBeLessThan(ALPHA);
      expect(verdict.violations.map((v) => v.code)).toEqual(['label-leak']);
      expect(verdict.witness?.level).toBe(level);
    });
  }

  test('[clean-signal] a label that is impossible given its patch is a contradiction (p = 0)', () => {
    const g = compileGrammar(generateGrammar(at(GRAMMARS, 0)));
    const batch = sampleIid(g, 500, Rng.fromSeed(1).stream('x'), { latent: true });
    // At level 1 the label is determined by the patch: relabel one sample.
    const labels = batch.labels.slice();
    labels[0] = (at(labels, 0) + 1) % 4;
    const latent = defined(batch.latent).slice();
    latent[0] = labels;
    const t = cleanSignalTest(g, { ...batch, labels, latent }, 1, ALPHA);
    expect(t.status).toBe('rejected');
    if (t.status === 'rejected') {
      expect(t.contradictions).toBe(1);
      expect(t.pValue).toBe(0);
    }
  });

  test('[clean-signal] the structural certificate always holds and the verdict says why; --samples 0 skips the test', () => {
    const g = compileGrammar(generateGrammar(at(GRAMMARS, 1)));
    const v = checkCleanSignal(g, { samples: 0 });
    expect(v.holds).toBe(true);
    expect(v.value).toBeNull();
    expect(v.valueReason).toMatch(/skipped/);
    expect(v.details.certificate.reason).toMatch(/tree-Markov/);
  });

  test('[clean-signal] the three ways to ask: guard, violations (never throws), assertion', () => {
    const g = compileGrammar(generateGrammar(at(GRAMMARS, 1)));
    expect(cleanSignal.holds(g, { samples: 2000, seed: 3 })).toBe(true);
    expect(cleanSignal.violations(g, { samples: 2000, seed: 3 })).toEqual([]);
    // An invalid request is reported as violations, not thrown.
    const bad = cleanSignal.violations(g, { level: 99 });
    expect(bad.map((v) => v.path)).toEqual(['signalLevel']);
    expect(() => cleanSignal.assert(g, { samples: 2000, seed: 3 })).not.toThrow();
  });

  test('[clean-signal] without enough samples to test anything, the test is inconclusive before drawing and says how many are needed', () => {
    const g = compileGrammar(
      generateGrammar({ sampler: 'uniform-first-token', classes: 16, vocab: 16, m: 4, s: 2, L: 4, seed: 5 }),
    );
    const needed = samplesNeeded(patchLawTable(g, 3));
    expect(Number.isFinite(needed)).toBe(true);
    const short = checkCleanSignal(g, { samples: needed - 1, level: 3 });
    expect(short.holds).toBe(true);
    expect(short.valueReason).toMatch(new RegExp(`at least --samples ${needed}`));
    expect(short.details.test.samples).toBe(0);
    // At level 1 the label is a function of the patch: nothing to test, whatever the sample size.
    const top = checkCleanSignal(g, { level: 1 });
    expect(top.valueReason).toMatch(/one-hot/);
    // The law of the first patch sums to 1 and each q_µ is a probability vector.
    let total = 0;
    for (const { p, q } of patchLawTable(g, 3).values()) {
      total += p;
      expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(total).toBeCloseTo(1, 12);
  });
});
