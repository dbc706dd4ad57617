import { Type } from '@sinclair/typebox';
import { join } from 'node:path';
import type { ScaleResult, SweepConfig } from '../../spec/scale';
import { runCheck } from '../../src/assumptions/check';
import { generateGrammar } from '../../src/grammar/generate';
import { classCount, compileGrammar, type Grammar } from '../../src/grammar/grammar';
import type { Learner } from '../../src/learners/types';
import { pMax } from '../../src/sampling/enumerate';
import { InProcessExecutor } from '../../src/scaling/pool';
import { resolveSweepConfig, runSweep } from '../../src/scaling/sweep';
import { Rng } from '../../src/util/rng';
import { tempDir } from '../support/cli';

/**
 * Censoring, the assumption pre-check and saturation, on sweeps whose P* is planted by a
 * stub learner run in process (instant, deterministic): the stub passes exactly when
 * P ≥ its planted P*(grammar, training seed). Every grid and seed below is fixed; none of
 * these checks is statistical except through the fit's bootstrap, whose seed is fixed too.
 */

/** A learner whose P* is `plant(grammar, seed)` (Infinity: never learns). */
function stubLearner(plant: (g: Grammar, seed: number) => number): Learner {
  return {
    name: 'stub',
    description: 'passes exactly when P reaches the planted P*',
    usesTensorflow: false,
    shallow: false,
    options: { schema: Type.Object({}), defaults: {} },
    run(req) {
      const passed = req.samples >= plant(req.grammar, req.seed);
      return Promise.resolve({
        status: passed ? 'learned' : 'not-learned',
        learner: 'stub',
        samples: req.samples,
        testError: passed ? 0 : 0.5,
        backend: null,
        resolvedOptions: {},
        seconds: 0,
        levels: [],
      });
    },
  };
}

/** n_c·m^L of a (V,m)-uniform grammar. */
function ncMToL(g: Grammar): number {
  return classCount(g) * (g.m ?? 1) ** g.L;
}

/** P* = 2·n_c·m^L·e^(0.2·z), z a standard normal drawn from the training seed: the deep law with b = 1. */
const deepLaw = (g: Grammar, seed: number): number => 2 * ncMToL(g) * Math.exp(0.2 * Rng.fromSeed(seed).normal());

async function stubSweep(config: SweepConfig, plant: (g: Grammar, seed: number) => number): Promise<ScaleResult> {
  const learner = stubLearner(plant);
  const outcome = await runSweep(config, {
    executor: new InProcessExecutor(() => learner),
    ledgerPath: join(tempDir(), 'ledger.jsonl'),
    resume: false,
  });
  if (outcome.status !== 'completed') throw new Error(outcome.reason);
  return outcome.result;
}

// The default grid, 8 grammar seeds × 1 training seed per cell. The stub ignores the assumptions, so every
// grammar is kept (includeFailing): censoring alone is under test, with all 8 seeds of every cell in the fit.
const GRID = resolveSweepConfig({ includeFailing: true, seeds: 8, trainSeeds: 1, bootstrapResamples: 500, seed: 3 });

describe('censoring: a replicate that never reaches the target is an observation P* > budget', () => {
  test('planting censored cells changes the verdict against the uncensored sweep', async () => {
    const clean = await stubSweep(GRID, deepLaw);
    expect(clean.cells.every((c) => c.censored === 0)).toBe(true);
    expect(clean.verdict).toBe('consistent');

    // The same learner, except that it never learns at L = 4: those cells are censored at their budget.
    const broken = await stubSweep(GRID, (g, seed) => (g.L === 4 ? Infinity : deepLaw(g, seed)));
    const deep = broken.cells.filter((c) => c.L === 4);
    for (const c of deep) {
      expect(c.pStar).toBeNull();
      expect(c.censored).toBe(c.replicates.length);
      expect(c.replicates.every((r) => r.status === 'not-reached' && r.pStarLowerBound === c.budget)).toBe(true);
      expect(c.inFit).toBe(true);
    }
    expect(broken.exponent.censoredObservations).toBe(deep.reduce((s, c) => s + c.censored, 0));
    expect(broken.exponent.unidentifiedCells).toEqual(deep.map((c) => `n_c=8 m=${c.m} L=4`));
    // Censored at 64·n_c·m^L, the L = 4 cells force b well above 1: the verdict is no longer 'consistent'.
    expect(broken.verdict).not.toBe('consistent');
    expect((broken.exponent.b ?? Infinity) > (clean.exponent.b as number)).toBe(true);
  });

  test('--search-factor 1 (budget n_c·m^L, below the planted P* ≈ 2·n_c·m^L): every cell censored, b undetermined with the cells named', async () => {
    const r = await stubSweep({ ...GRID, searchFactor: 1 }, deepLaw);
    expect(r.cells.every((c) => c.censored > 0)).toBe(true);
    expect(r.verdict).toBe('undetermined');
    expect(r.verdictReason).toMatch(/not identifiable under censoring.*every replicate censored in: .*n_c=8 m=6 L=4/);
    expect(r.exponent.b).toBeNull();
    expect(r.exponentWithLogM.b).toBeNull();
  });
});

describe('assumption pre-check: grammars outside the theorem are excluded by default', () => {
  // cagnetta v = n_c = 8, m = 2, L = 3: grammar seeds drawn from root seed 0; running `rhm check`
  // over such grammars finds κ̂ = ∞ in about one in five (a level-1 symbol never first).
  const SMALL = resolveSweepConfig({ m: [2, 3], L: [3], seeds: 8, trainSeeds: 1, seed: 0, bootstrapResamples: 200 });

  test('a grid containing a κ̂ = ∞ grammar lists it per cell as excluded (non-degeneracy); --include-failing keeps it', async () => {
    const r = await stubSweep(SMALL, deepLaw);
    const excluded = r.cells.flatMap((c) => c.excluded.map((e) => ({ ...e, m: c.m })));
    const infinite = excluded.filter((e) => e.assumption === 'non-degeneracy' && /κ̂ = ∞/.test(e.summary));
    expect(infinite.length).toBeGreaterThan(0);
    for (const e of infinite) {
      const g = compileGrammar(
        generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: e.m, s: 2, L: 3, seed: e.grammarSeed }),
      );
      const check = runCheck(g, { positions: 'first', samples: 0 });
      expect(check.kappa).toBeNull();
      expect(check.kappaReason).toMatch(/∞/);
    }
    const failing = r.cells.reduce((s, c) => s + c.failing, 0);
    expect(r.exponent.observations).toBe(r.cells.reduce((s, c) => s + c.replicates.length, 0) - failing);
    for (const c of r.cells.filter((x) => x.failing > 0)) expect(c.reason).toMatch(/excluded: their grammar fails/);

    const kept = await stubSweep({ ...SMALL, includeFailing: true }, deepLaw);
    expect(kept.cells.every((c) => c.excluded.length === 0)).toBe(true);
    expect(kept.cells.reduce((s, c) => s + c.failing, 0)).toBe(failing);
    expect(kept.exponent.observations).toBe(r.exponent.observations + failing);
  });
});

describe('saturation: a cell whose P* reaches P_max/2 cannot tell n_c·m^L from P_max', () => {
  test('P* = 2·n_c·m^L saturates exactly the cells with 2·n_c·m^L ≥ P_max/2, which leave the fit with the reason', async () => {
    // With s = 2, P_max = n_c·m^(2^L − 1): at L = 2, 2·n_c·m² ≥ n_c·m³/2 iff m ≤ 4.
    const r = await stubSweep(
      // includeFailing: saturation does not depend on the assumptions, and most m = 2 grammars fail them.
      resolveSweepConfig({
        m: [2, 6],
        L: [2, 3],
        seeds: 4,
        trainSeeds: 1,
        seed: 1,
        bootstrapResamples: 100,
        includeFailing: true,
      }),
      (g) => 2 * ncMToL(g),
    );
    const flag = Object.fromEntries(r.cells.map((c) => [`${c.m},${c.L}`, c.saturated]));
    expect(flag).toEqual({ '2,2': true, '6,2': false, '2,3': false, '6,3': false });
    for (const c of r.cells) {
      const biggest = Math.max(...c.replicates.map((x) => x.pStar ?? 0));
      expect(c.saturated).toBe(
        biggest >=
          Number(
            pMax(
              compileGrammar(
                generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: c.m, s: 2, L: c.L, seed: 0 }),
              ),
            ),
          ) /
            2,
      );
    }
    const sat = r.cells.find((c) => c.saturated);
    expect(sat?.inFit).toBe(false);
    expect(sat?.fitNote).toMatch(/saturated: .* reaches P_max\/2/);
    expect(r.exponent.cellsUsed).toBe(3);
    expect(r.exponent.reason).toMatch(/not in the fit: n_c=8 m=2 L=2 \(saturated/);
  });

  test('the default grid keeps P_max/(n_c·m^L) ≥ 81 in every cell', () => {
    const d = resolveSweepConfig({});
    for (const m of d.m)
      for (const L of d.L) expect(m ** ((d.s ** L - 1) / (d.s - 1)) / m ** L).toBeGreaterThanOrEqual(81);
  });
});
