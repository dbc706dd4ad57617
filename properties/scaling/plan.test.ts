import { allLearners } from '../../src/learners/registry';
import { planSweep, resolveSweepConfig, SHALLOW_PMAX_FACTOR, uniformPMax } from '../../src/scaling/sweep';

/** The sweep reads `Learner.shallow` to size a cell's budget: a shallow baseline's search reaches a multiple of P_max. */

describe('planSweep and the shallow capability', () => {
  test('fcn is the one shallow learner registered', () => {
    expect(
      allLearners()
        .filter((l) => l.shallow)
        .map((l) => l.name),
    ).toEqual(['fcn']);
  });

  test.each(allLearners().map((l) => [l.name, l.shallow] as const))(
    '%s (shallow: %s): budget searchFactor·n_c·m^L, raised to a multiple of P_max only when shallow',
    (learner, shallow) => {
      const config = resolveSweepConfig({ learner, classes: [2], vocab: 2, m: [2], L: [4], testSamples: 16 });
      const [cell] = planSweep(config);
      const searched = Math.ceil(config.searchFactor * 2 * 2 ** 4);
      const pMax = Number(uniformPMax(2, 2, config.s, 4));
      const expected = shallow
        ? Math.max(searched, Math.min(config.maxSamples, Math.ceil(SHALLOW_PMAX_FACTOR * pMax)))
        : searched;
      // On this cell 4·P_max is far above the [C] budget, so the two rules differ.
      expect(SHALLOW_PMAX_FACTOR * pMax).toBeGreaterThan(searched);
      expect(cell).toMatchObject({ kind: 'run', budget: expected });
      if (cell?.kind === 'run') expect(cell.spec.search.maxSamples).toBe(expected);
    },
  );

  test('an unknown learner name is refused, naming --learner', () => {
    expect(() => planSweep(resolveSweepConfig({ learner: 'no-such-learner' }))).toThrow(/- learner: no learner named/);
  });
});
