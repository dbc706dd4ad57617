import { chiSquareGoodnessOfFit, chiSquareSurvival } from '../../src/util/stats';
import { TOLERANCE, close } from '../support/tolerance';

describe('chi-square tail', () => {
  // Reference values: standard chi-square tables (e.g. Abramowitz & Stegun 26.4), 4+ significant digits.
  test.each([
    [3.841458820694124, 1, 0.05],
    [6.634896601021214, 1, 0.01],
    [18.307038053275146, 10, 0.05],
    [2, 2, Math.exp(-1)], // df = 2 is exponential: P = e^{−x/2}
    [124.34211340400407, 100, 0.05],
  ])('P(χ² ≥ %f; df %d) = %f', (x, df, p) => {
    expect(close(chiSquareSurvival(x, df), p, 1e-6)).toBe(true);
  });

  test('exponential case is exact to special-function accuracy', () => {
    for (const x of [0.1, 1, 5, 20, 60])
      expect(close(chiSquareSurvival(x, 2), Math.exp(-x / 2), TOLERANCE.specialFunction)).toBe(true);
  });

  test('goodness of fit: exact counts give statistic 0, impossible cells are counted', () => {
    const r = chiSquareGoodnessOfFit([25, 25, 50, 3], [0.25, 0.25, 0.5, 0]);
    expect(r.df).toBe(2);
    expect(r.impossibleCount).toBe(3);
    const clean = chiSquareGoodnessOfFit([25, 25, 50], [0.25, 0.25, 0.5]);
    expect(clean.statistic).toBe(0);
    expect(clean.pValue).toBe(1);
  });
});
