import { inProp19Regime, proposition19 } from '../../src/exact/proposition19';
import { prop19Reference } from '../../src/exact/gaps';
import { grammarTheory } from '../../src/exact/theory';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { runAtlasCell } from '../../src/scaling/atlas/cell';
import { allPassedLowerBound } from '../../src/util/proportion';

/**
 * Proposition 19 of [R]: for uniform-first-token rules with m, V = Θ(log d), w.h.p.
 * ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every level l = 1..L (level 0 = the label). Tested on
 * fixed grammar seeds 0..39 per cell, where the proposition speaks (m ≥ 8, V ≥ 16),
 * and reported, not asserted, at small sizes, where random grammars have exact zero gaps.
 */

const SEEDS = 40;
/** Significance of the regime test: 40 of 40 passes rejects a per-grammar failure rate ≥ 1 − 0.05^(1/40) ≈ 7.2%. */
const ALPHA = 0.05;

const cell = (vocab: number, m: number, L: number) =>
  runAtlasCell({
    sampler: 'uniform-first-token',
    vocab,
    classes: vocab,
    m,
    s: 2,
    L,
    seeds: SEEDS,
    seed: 0,
    confidence: 0.95,
  });

describe('[proposition-19] Proposition 19 of [R]', () => {
  test.each([
    [16, 8, 4],
    [32, 8, 4],
    [32, 16, 3],
    [64, 16, 3],
  ])(
    '[proposition-19] (V, m, L) = (%i, %i, %i): the bound holds on every one of 40 fixed seeds (rejects a failure rate ≥ 7.2% at α = 0.05)',
    (V, m, L) => {
      expect(inProp19Regime(V, m)).toBe(true);
      const c = cell(V, m, L);
      const p = c.prop19;
      if (!p) throw new Error('no Proposition 19 result');
      expect(p.inRegime).toBe(true);
      expect(p.interval.of).toBe(SEEDS);
      expect(p.interval.count).toBe(SEEDS);
      expect(1 - allPassedLowerBound(SEEDS, ALPHA)).toBeCloseTo(0.072, 3);
    },
    60_000,
  );

  test.each([
    [8, 4, 3],
    [8, 4, 4],
    [16, 4, 4],
  ])(
    '[proposition-19] (V, m, L) = (%i, %i, %i), outside the regime: failures are reported with their cause, every one an exact zero gap',
    (V, m, L) => {
      expect(inProp19Regime(V, m)).toBe(false);
      const c = cell(V, m, L);
      const p = c.prop19;
      if (!p) throw new Error('no Proposition 19 result');
      expect(p.inRegime).toBe(false);
      expect(p.belowBoundFailures).toBe(0);
      expect(p.zeroGapFailures).toBe(SEEDS - p.interval.count);
      if (p.zeroGapFailures > 0) expect(p.note).toMatch(/not violations of the proposition/);
    },
    60_000,
  );

  test('[proposition-19] the verdict reads the bound (20m)^(−(l−1)/2) and the exact gaps of the theory layer', () => {
    const g = compileGrammar(
      generateGrammar({ sampler: 'uniform-first-token', classes: 16, vocab: 16, m: 8, s: 2, L: 3, seed: 1 }),
    );
    const t = grammarTheory(g);
    const v = proposition19(t);
    if (v.status === 'undefined') throw new Error(v.reason);
    const ratios = t.levels.map((lt) =>
      lt.rho.status === 'value' ? lt.rho.value / prop19Reference(8, lt.level) : Infinity,
    );
    expect(v.smallestRatio).toBeCloseTo(Math.min(...ratios), 12);
    expect(v.status).toBe(Math.min(...ratios) >= 1 ? 'holds' : 'fails');
    expect(prop19Reference(8, 1)).toBe(1);
  });
});
