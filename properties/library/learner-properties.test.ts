import { layerwiseCluster } from '../../src/learners/layerwise-cluster';
import { layerwiseRf } from '../../src/learners/layerwise-rf';
import {
  checkPStarScale,
  checkRecoversEveryLevel,
  checkSameSeedSameResult,
  checkZeroGapNotRecovered,
} from '../../src/testing';

/**
 * The reusable property suite (`rhm-harness/testing`), its checks run here one by one against
 * built-in learners; properties/library/packed.test.ts runs `learnerProperties` (which declares
 * these checks as tests) from a scratch project on the packed tarball.
 *
 * layerwise-cluster reads the label statistics of every position, so a zero gap at the first
 * patch does not stop it: it separates the pair at other positions. The zero-gap property (a
 * premise about the first patch, Theorem 7's learner) is therefore run on layerwise-rf, and
 * shown to fail, with its shrunk counterexample, on layerwise-cluster.
 */
const OPTIONS = { numRuns: 3 };

describe('learnerProperties checks on layerwise-cluster (default budget 16·n_c·m^L, v, n_c ≤ 6, s = 2, L ≤ 3, m ≤ 3)', () => {
  test('[learner-same-seed] same seed, same result', () => checkSameSeedSameResult(layerwiseCluster, OPTIONS));
  test('[learner-recovers-levels] every level recovered where the assumptions hold', () =>
    checkRecoversEveryLevel(layerwiseCluster, OPTIONS));
  test('[learner-pstar-scale] P* within a factor 16 of n_c·m^L (m = 3, L = 2, v = n_c = 6)', () =>
    checkPStarScale(layerwiseCluster, OPTIONS));
});

describe('learnerProperties: the zero-gap property', () => {
  test('[learner-zero-gap] layerwise-rf (first patch) does not recover a level whose first-patch gap is 0', async () => {
    await checkZeroGapNotRecovered(layerwiseRf, { numRuns: 2, budget: (p) => 8 * p.classes * p.m ** p.L });
  });

  test('[learner-zero-gap] a learner that breaks it gets the shrunk grammar and the seed in the failure', async () => {
    const err = await checkZeroGapNotRecovered(layerwiseCluster, { numRuns: 3 }).then(
      () => null,
      // fast-check's report, and the property's own error (the cause, as the suites' reporter sets it).
      (e: unknown) =>
        e instanceof Error ? `${e.message}\n${e.cause instanceof Error ? e.cause.message : ''}` : String(e),
    );
    expect(err).toMatch(/Counterexample: \[\{"p":\{"sampler":"cagnetta".*"zero":\[\d/);
    expect(err).toMatch(/seed: \d+/);
    expect(err).toMatch(/Shrunk [1-9]\d* time/);
    expect(err).toMatch(/zero-gap levels \d+ reported recovered/);
  });
});
