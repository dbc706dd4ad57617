import { ScaleResultSchema, type ScaleResult } from '../../spec/scale';
import { PlotDataSchema } from '../../spec/report';
import { schemaViolations } from '../../spec/validate';
import { InvalidInputError } from '../../src/errors';
import { layerwiseCluster } from '../../src/learners/layerwise-cluster';
import { layerwiseRf } from '../../src/learners/layerwise-rf';
import { getLearner } from '../../src/learners/registry';
import { perLevelView } from '../../src/report/views/scale-levels';
import { measurePerLevel, stageSamplesFor } from '../../src/scaling/per-level';
import { fitLevelExponents } from '../../src/scaling/per-level-fit';
import { planSweep, resolveSweepConfig } from '../../src/scaling/sweep';
import { smallGrammar } from '../learners/support';
import { rhm, tempDir } from '../support/cli';

/**
 * `rhm scale --per-level`: per-stage budgets in the two layerwise learners, the N^(l)
 * searches, the per-level fit b_l, and the Done-when property of issue 10 item 5.
 */

async function perLevel(partial: Parameters<typeof resolveSweepConfig>[0]) {
  const config = resolveSweepConfig({ perLevel: true, ...partial });
  const out = await measurePerLevel(config, planSweep(config), getLearner(config.learner));
  if (out.status !== 'completed') throw new Error(out.reason);
  return { config, cells: out.cells, exponents: fitLevelExponents(config, out.cells) };
}

describe('per-stage budgets (stageSamples)', () => {
  const g = smallGrammar('uniform-first-token', 3, 3, 2);
  const base = { grammar: g, seed: 4, testSamples: 500 };

  test('layerwise-cluster: equal stage budgets reproduce the plain run bit for bit', async () => {
    const plain = await layerwiseCluster.run({ ...base, samples: 600 });
    const staged = await layerwiseCluster.run({ ...base, samples: 1, options: { stageSamples: [600, 600, 600] } });
    expect(staged.levels).toEqual(plain.levels);
    expect(staged.testError).toBe(plain.testError);
  });

  test('layerwise-cluster: a small stage-1 budget is used by stage 1 only', async () => {
    const out = await layerwiseCluster.run({ ...base, samples: 1, options: { stageSamples: [20, 4000, 4000] } });
    const seen = (l: number) => {
      const m = out.levels.find((x) => x.level === l);
      return m?.kind === 'layerwise-cluster' ? m.distinctPatchesSeen : -1;
    };
    expect(out.samples).toBe(4000);
    // Stage 1 saw at most 20 level-1 patches (one per sample); stage 2, on 4000 samples, saw more than 20 of its v·m = 24.
    expect(seen(1)).toBeLessThanOrEqual(20);
    expect(seen(2)).toBeGreaterThan(20);
  });

  test('layerwise-cluster refuses budgets of the wrong length or increasing towards stage 1, naming the option', async () => {
    for (const stageSamples of [
      [100, 100],
      [200, 100, 100],
    ]) {
      const run = layerwiseCluster.run({ ...base, samples: 1, options: { stageSamples } });
      await expect(run).rejects.toThrow(InvalidInputError);
      await expect(run).rejects.toThrow(/--option stageSamples/);
    }
  });

  test('layerwise-rf: stage budgets equal to the split reproduce the plain run; a wrong length is refused', async () => {
    // The geometric split of 3900 over L = 3, m = 3 is 2700 (stage 3), 900 (stage 2), 300 (stage 1).
    const small = { ...base, testSamples: 200, options: { features: 32 } };
    const plain = await layerwiseRf.run({ ...small, samples: 3900 });
    const staged = await layerwiseRf.run({
      ...small,
      samples: 1,
      options: { features: 32, stageSamples: [300, 900, 2700] },
    });
    expect(staged.testError).toBe(plain.testError);
    expect(staged.levels).toEqual(plain.levels);
    await expect(layerwiseRf.run({ ...small, samples: 1, options: { stageSamples: [300, 900] } })).rejects.toThrow(
      /--option stageSamples/,
    );
  });

  test('stages below l get their ample budgets, stage l and above the searched one', () => {
    const config = resolveSweepConfig({ ampleFactor: 2 });
    const at = { classes: 8, m: 3, L: 3, level: 1 };
    expect(stageSamplesFor('layerwise-rf', config, at, 50)).toEqual([50, 2 * 8 * 9, 2 * 8 * 27]);
    expect(stageSamplesFor('layerwise-cluster', config, at, 50)).toEqual([50, 2 * 8 * 27, 2 * 8 * 27]);
    expect(stageSamplesFor('layerwise-cluster', config, { ...at, level: 3 }, 50)).toEqual([50, 50, 50]);
  });
});

describe('rhm scale --per-level', () => {
  test('another learner is refused with exit 2, naming --per-level and the learners that have it', async () => {
    expect(() => resolveSweepConfig({ perLevel: true, learner: 'fcn' })).toThrow(InvalidInputError);
    const r = await rhm(['scale', '--learner', 'fcn', '--per-level', '--m', '3', '--L', '3', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--per-level/);
    expect(r.stderr).toMatch(/layerwise-rf or --learner layerwise-cluster/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--json carries levelExponents and perLevelCells, valid rhm-scale/1, with a plot in the view', async () => {
    const out = `${tempDir()}/sweep`;
    const r = await rhm([
      'scale',
      ...['--sampler', 'uniform-first-token', '--m', '3,4', '--L', '3', '--seeds', '1', '--train-seeds', '1'],
      ...['--test-samples', '500', '--workers', '0'],
      ...['--per-level', '--out', out, '--json'],
    ]);
    expect([0, 1]).toContain(r.code);
    const result = JSON.parse(r.stdout) as ScaleResult;
    expect(schemaViolations(ScaleResultSchema, result)).toEqual([]);
    expect(result.config.perLevel).toBe(true);
    expect(result.levelExponents?.map((e) => e.level)).toEqual([1, 2, 3]);
    expect(result.perLevelCells?.map((c) => [c.m, c.level])).toEqual([
      [3, 1],
      [3, 2],
      [3, 3],
      [4, 1],
      [4, 2],
      [4, 3],
    ]);
    const view = perLevelView(result);
    expect(view.tables.map((t) => t.title)).toHaveLength(2);
    expect(view.plots).toHaveLength(1);
    for (const p of view.plots) expect(schemaViolations(PlotDataSchema, p)).toEqual([]);
  });

  test('a budget below every N^(l) censors every search: no b_l is claimed', async () => {
    // searchFactor 0.05: the level-l budget is 0.05·n_c·m^l, far below the measured N^(l) ≈ 3–10·n_c·m^l.
    const { cells, exponents } = await perLevel({
      sampler: 'uniform-first-token',
      m: [3, 4],
      L: [2],
      seeds: 3,
      trainSeeds: 1,
      searchFactor: 0.05,
      startFraction: 0.01,
      testSamples: 500,
      bootstrapResamples: 100,
    });
    expect(cells.every((c) => c.censored + c.excluded === c.replicates.length)).toBe(true);
    for (const e of exponents) {
      expect(e.b).toBeNull();
      expect(e.containsPrediction).toBeNull();
      expect(e.reason).toMatch(/not identifiable|censored/);
    }
  });
});

describe('issue 10 item 5: b_l of layerwise-cluster on uniform-first-token grammars', () => {
  /**
   * Grid fixed before it was run (not tuned): v = n_c = 8, s = 2, m ∈ {2, 3, 4, 6}, L = 3,
   * 4 grammar seeds × 1 training seed per cell, root seed 1, 1000 held-out samples,
   * 95% percentile bootstrap (1000 resamples) over grammar seeds. Deterministic; about
   * 11 s on an idle core.
   *
   * Measured (this grid): b_1 = 1.453 [1.257, 1.640], b_2 = 1.051 [0.957, 1.150],
   * b_3 = 1.073 [0.888, 1.200] (m = 2 is saturated at level 3 and left out; 2 of the 4
   * m = 2 grammars fail the pre-check, so at levels 1 and 2 that cell has 2 grammar seeds and
   * the fit marks those intervals as resting on too few seeds). Levels 2 and 3 contain 1. Level 1 does not:
   * with the criterion recoveryRate = 1, stage 1 must have seen every one of the n_c·m
   * level-1 patches (one per sample) among its first N samples, a coupon collection of
   * ≈ n_c·m·ln(n_c·m) samples; the measured N^(1)/(n_c·m·ln(n_c·m)) is 0.98, 1.02, 1.23, 1.13
   * for m = 2, 3, 4, 6, so the ln factor, not the gap, sets N^(1), and it steepens the slope
   * over this small range of m. The level-1 assertion pins that finding (a change that
   * removes it should update this test and the README, not hide it).
   */
  test('b_2 and b_3 intervals contain 1; b_1 lies above 1 (coverage of the level-1 patches)', async () => {
    const { exponents, cells } = await perLevel({
      learner: 'layerwise-cluster',
      sampler: 'uniform-first-token',
      classes: [8],
      vocab: 8,
      m: [2, 3, 4, 6],
      L: [3],
      seeds: 4,
      trainSeeds: 1,
      seed: 1,
      testSamples: 1000,
      bootstrapResamples: 1000,
      confidence: 0.95,
    });
    const at = (l: number) => exponents.find((e) => e.level === l);
    for (const l of [2, 3]) expect(at(l)?.containsPrediction).toBe(true);
    expect(at(1)?.low).toBeGreaterThan(1);
    // The pre-check leaves the m = 2 cell 2 grammar seeds at levels 1 and 2, and the fit says so.
    for (const l of [1, 2]) expect(at(l)?.intervalReason).toMatch(/a fitted cell has 2/);
    expect(at(3)?.intervalMeaningful).toBe(true);
    // Every search reached N^(l) within its budget; only saturation and the pre-check leave replicates out.
    expect(cells.every((c) => c.censored === 0)).toBe(true);
    expect(cells.filter((c) => !c.inFit).map((c) => [c.m, c.level])).toEqual([[2, 3]]);
  });
});
