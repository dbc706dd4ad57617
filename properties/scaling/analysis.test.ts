import fc from 'fast-check';
import type { ScaleResult } from '../../spec/scale';
import { collapseScore, type ErrorCurve } from '../../src/scaling/collapse';
import { compareLearners } from '../../src/scaling/compare';
import { depthSeparation, logDecimal } from '../../src/scaling/depth-separation';
import { exponentVerdict, fitExponent, leastSquares, type FitCell } from '../../src/scaling/fit';
import { bootstrapMedianInterval, median } from '../../src/scaling/stats';
import { logCdfAndHazard } from '../../src/scaling/tobit';
import { Rng } from '../../src/util/rng';
import { close, TOLERANCE } from '../support/tolerance';

/**
 * The analysis of a sweep on synthetic data with known answers: the exponent
 * fit, its bootstrap interval and verdict, the collapse score and the
 * depth-separation comparison.
 */

/** Least squares on ≤ 12 points of magnitude ≤ 30: round-off ~1e-13; solving a 2×2 system loses a few digits. */
const FIT_TOLERANCE = 1e-9;

const GRID = [2, 3, 4, 6].flatMap((m) => [2, 3, 4].map((L) => ({ m, L })));

/** Cells with `seeds` grammar seeds of one replicate each, P* = exp(a + b·L·log m + noise(seed)). */
function synthetic(
  b: number,
  a: number,
  seeds: number,
  noise: (cell: number, seed: number) => number = () => 0,
  grid = GRID,
): FitCell[] {
  return grid.map(({ m, L }, i) => ({
    m,
    L,
    classes: 8,
    replicates: Array.from({ length: seeds }, (_, g) => ({
      grammarSeed: g,
      pStar: Math.exp(a + b * L * Math.log(m) + noise(i, g)),
      lowerBound: null,
    })),
  }));
}

/** The same cells with every P* above `budget(cell)` censored at that budget (as the search reports it). */
function censorAbove(cells: readonly FitCell[], budget: (c: FitCell) => number): FitCell[] {
  return cells.map((c) => ({
    ...c,
    replicates: c.replicates.map((r) =>
      r.pStar !== null && r.pStar > budget(c) ? { ...r, pStar: null, lowerBound: budget(c) } : r,
    ),
  }));
}

const opts = (seed: number, resamples = 200, confidence = 0.95) => ({
  rng: Rng.fromSeed(seed).stream('bootstrap'),
  resamples,
  confidence,
});

describe('exponent fit: censored maximum likelihood of log P* = a + b·L·log m (+ d·log m) (+ c·log n_c)', () => {
  test('recovers a and b exactly from noiseless data; c is dropped (with the reason) when n_c is constant', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 2.5, noNaN: true }),
        fc.double({ min: -2, max: 5, noNaN: true }),
        (b, a) => {
          const e = fitExponent(synthetic(b, a, 3), opts(1, 50));
          expect(close(e.b as number, b, FIT_TOLERANCE)).toBe(true);
          expect(close(e.a as number, a, FIT_TOLERANCE)).toBe(true);
          expect(e.c).toBeNull();
          expect(e.cReason).toMatch(/n_c is constant/);
          expect(e.sigma).toBe(0);
          // Zero noise: every bootstrap draw gives b.
          expect(close(e.low as number, b, FIT_TOLERANCE) && close(e.high as number, b, FIT_TOLERANCE)).toBe(true);
        },
      ),
      { seed: 53, numRuns: 100 },
    );
  });

  test('recovers c when n_c varies, and d with the separate log m term', () => {
    const cells: FitCell[] = [4, 8, 16].flatMap((nc) =>
      GRID.map(({ m, L }) => ({
        m,
        L,
        classes: nc,
        replicates: [0, 1, 2].map((g) => ({
          grammarSeed: g,
          pStar: Math.exp(0.5 + 1.1 * L * Math.log(m) + 0.3 * Math.log(m) + 0.7 * Math.log(nc)),
          lowerBound: null,
        })),
      })),
    );
    const e = fitExponent(cells, { ...opts(2, 10, 0.9), withLogM: true });
    expect(close(e.b as number, 1.1, FIT_TOLERANCE) && close(e.c as number, 0.7, FIT_TOLERANCE)).toBe(true);
    expect(close(e.logM as number, 0.3, FIT_TOLERANCE)).toBe(true);
    expect(e.model).toBe('log P* = a + b·L·log m + d·log m + c·log n_c');
    expect(e.cReason).toBeUndefined();
  });

  test('the interval covers the true b at about its confidence level (bootstrap over grammar seeds, seeded)', () => {
    // 100 synthetic sweeps, 6 grammar seeds per cell, log-normal noise (sd 0.2). Percentile intervals
    // from 6 seeds per cell are somewhat narrow: we require coverage ≥ 75% for a nominal 90% interval.
    // If the true coverage were 0.85, Binomial(100, 0.85) would fall below 75 with probability < 0.5%.
    const rng = Rng.fromSeed(54);
    let covered = 0;
    for (let t = 0; t < 100; t++) {
      const noise = Array.from({ length: GRID.length * 6 }, () => 0.2 * rng.normal());
      const e = fitExponent(
        synthetic(1, 1, 6, (i, g) => noise[i * 6 + g] as number),
        opts(1000 + t, 300, 0.9),
      );
      expect(e.method).toBe('censored-mle');
      if ((e.low as number) <= 1 && 1 <= (e.high as number)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(75);
  });

  test('censored replicates are used, not dropped: the censored fit stays near the truth where dropping them biases b down', () => {
    // b = 1 with noise sd 0.3; the L = 4 cells are censored at 0.9× their noiseless P* (about 6 in 10 of their replicates).
    const rng = Rng.fromSeed(55);
    const noise = Array.from({ length: GRID.length * 8 }, () => 0.3 * rng.normal());
    const full = synthetic(1, 1, 8, (i, g) => noise[i * 8 + g] as number);
    const budget = (c: FitCell) => (c.L === 4 ? 0.9 * Math.exp(1 + c.L * Math.log(c.m)) : Infinity);
    const censored = censorAbove(full, budget);
    const e = fitExponent(censored, opts(3));
    expect(e.censoredObservations).toBeGreaterThan(0);
    expect(e.observations).toBe(GRID.length * 8);
    const b = e.b as number;
    // Dropping the censored replicates (the old behaviour) keeps only the small P* of the L = 4 cells.
    const dropped = fitExponent(
      censored.map((c) => ({ ...c, replicates: c.replicates.filter((r) => r.pStar !== null) })),
      opts(3),
    );
    expect(Math.abs(b - 1)).toBeLessThan(Math.abs((dropped.b as number) - 1));
    expect(Math.abs(b - 1)).toBeLessThan(0.1);
  });

  test('when only one cell has replicates that reached the target, b is not identifiable and the verdict is undetermined, naming the censored cells', () => {
    const cells = censorAbove(
      synthetic(1, 1, 4, (i, g) => 0.1 * Math.sin(7 * i + g)),
      (c) => (c.m === 2 && c.L === 2 ? Infinity : 1),
    );
    const e = fitExponent(cells, opts(4));
    expect(e.b).toBeNull();
    expect(e.reason).toMatch(/not identifiable under censoring/);
    expect(e.unidentifiedCells).toContain('n_c=8 m=6 L=4');
    const v = exponentVerdict(e, [0.8, 1.3]);
    expect(v.verdict).toBe('undetermined');
    expect(v.reason).toMatch(/every replicate censored in: .*n_c=8 m=2 L=3/);
  });

  test('one grammar seed per cell: b is fitted but the interval is declared meaningless and the verdict undetermined', () => {
    const e = fitExponent(
      synthetic(1, 1, 1, (i) => 0.1 * Math.cos(3 * i)),
      opts(5),
    );
    expect(e.b).not.toBeNull();
    expect(e.intervalMeaningful).toBe(false);
    expect(e.intervalReason).toMatch(/too few grammar seeds/);
    expect(exponentVerdict(e, [0, 10]).verdict).toBe('undetermined');
  });

  test('with a single depth L the log m term cannot be separated from L·log m', () => {
    const e = fitExponent(
      synthetic(
        1,
        1,
        3,
        () => 0,
        [2, 3, 4].map((m) => ({ m, L: 3 })),
      ),
      { ...opts(6), withLogM: true },
    );
    expect(e.b).toBeNull();
    expect(e.reason).toMatch(/collinear/);
  });

  test('verdict: consistent exactly when the interval lies inside the band', () => {
    const base = fitExponent(synthetic(1, 0, 3), opts(7, 10));
    expect(exponentVerdict({ ...base, low: 0.85, high: 1.2 }, [0.8, 1.3]).verdict).toBe('consistent');
    expect(exponentVerdict({ ...base, low: 0.75, high: 1.2 }, [0.8, 1.3]).verdict).toBe('inconsistent');
    expect(exponentVerdict({ ...base, low: 0.9, high: 1.35 }, [0.8, 1.3]).verdict).toBe('inconsistent');
  });

  test('least squares refuses a rank-deficient design', () => {
    expect(leastSquares([[1, 1, 1]], [1, 2, 3])).toBeNull();
    expect(
      leastSquares(
        [
          [1, 2, 3],
          [2, 4, 6],
        ],
        [1, 2, 3],
      ),
    ).toBeNull();
  });
});

describe('Tobit likelihood', () => {
  test('log Φ and the inverse Mills ratio are continuous across the switch at u = −3 and match known values', () => {
    const lo = logCdfAndHazard(-3 - 1e-9);
    const hi = logCdfAndHazard(-3 + 1e-9);
    expect(Math.abs(lo.logCdf - hi.logCdf)).toBeLessThan(1e-6);
    expect(Math.abs(lo.lambda - hi.lambda)).toBeLessThan(1e-5);
    // Φ(0) = 1/2, λ(0) = 2φ(0) = 0.7978845608; Φ(−10) = 7.619853e−24.
    expect(Math.abs(logCdfAndHazard(0).logCdf - Math.log(0.5))).toBeLessThan(1e-6);
    expect(Math.abs(logCdfAndHazard(0).lambda - 0.7978845608)).toBeLessThan(1e-6);
    expect(Math.abs(logCdfAndHazard(-10).logCdf - Math.log(7.619853e-24))).toBeLessThan(1e-6);
  });
});

describe('median and its bootstrap interval', () => {
  test('Infinity (not reached) sorts last: the median is finite iff more than half the values are', () => {
    expect(median([1, Infinity, 3])).toBe(3);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
    expect(median([2, 4, Infinity, Infinity])).toBe(Infinity);
    expect(median([2, 4, 6, Infinity])).toBe(5);
  });

  test('the interval contains the median, is seeded and reproducible', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (values, seed) => {
          const a = bootstrapMedianInterval(values, Rng.fromSeed(seed), 200, 0.95);
          const b = bootstrapMedianInterval(values, Rng.fromSeed(seed), 200, 0.95);
          expect(a).toEqual(b);
          const m = median(values);
          expect(a.low).toBeLessThanOrEqual(m);
          expect(a.high).toBeGreaterThanOrEqual(m);
        },
      ),
      { seed: 55, numRuns: 200 },
    );
  });
});

/** A synthetic error curve: error/chance = 1/(1 + (P/(k·n_c·m^L))^2), evaluated on a geometric grid. */
function curve(nc: number, m: number, L: number, k: number): ErrorCurve {
  const ref = nc * m ** L;
  const chance = 1 - 1 / nc;
  const points = Array.from({ length: 12 }, (_, i) => {
    const P = Math.round(ref * 2 ** (i / 2 - 3));
    return { P, testError: chance / (1 + (P / (k * ref)) ** 2) };
  });
  return { ncMToL: ref, chanceError: chance, points, pStar: 3 * k * ref };
}

describe('collapse score under P/(n_c·m^L)', () => {
  test('curves that are one function of P/(n_c·m^L) collapse (score ≈ 0, far below the raw score)', () => {
    const cells = GRID.map(({ m, L }) => curve(8, m, L, 1));
    const c = collapseScore(cells);
    // The grid points are rounded to integers, so interpolation differs from the exact curve by ≲ 1e-2 at P ≈ 4.
    expect(c.score as number).toBeLessThan(0.02);
    expect(c.rawScore as number).toBeGreaterThan(0.2);
    expect(close(c.crossingSpread as number, 0, TOLERANCE.exactFloat)).toBe(true);
  });

  test('curves whose scale is off by factors up to 8 do not collapse', () => {
    const cells = GRID.map(({ m, L }, i) => curve(8, m, L, 2 ** (i % 4)));
    const c = collapseScore(cells);
    expect(c.score as number).toBeGreaterThan(0.1);
    expect(c.crossingSpread as number).toBeGreaterThan(0.3);
  });
});

describe('depth separation: P* ~ P_max (shallow) or ~ n_c·m^L (deep)', () => {
  const grid = [2, 3].flatMap((m) => [2, 3].map((L) => ({ m, L, classes: 8 })));
  const pMaxOf = (m: number, L: number) => (8n * BigInt(m) ** BigInt(2 ** L - 1)).toString();

  test('P* = 2·n_c·m^L is recognised as deep; P* = P_max/2 as shallow', () => {
    const deep = depthSeparation(
      grid.map(({ m, L }) => ({ m, L, classes: 8, pMax: pMaxOf(m, L), ncMToL: 8 * m ** L, pStar: 2 * 8 * m ** L })),
    );
    expect(deep.follows).toBe('n_c·m^L');
    expect(close(deep.slopeVsNcMToL as number, 1, FIT_TOLERANCE)).toBe(true);
    const shallow = depthSeparation(
      grid.map(({ m, L }) => ({
        m,
        L,
        classes: 8,
        pMax: pMaxOf(m, L),
        ncMToL: 8 * m ** L,
        pStar: Number(pMaxOf(m, L)) / 2,
      })),
    );
    expect(shallow.follows).toBe('P_max');
    expect(close(shallow.slopeVsPMax as number, 1, FIT_TOLERANCE)).toBe(true);
  });

  test('logDecimal is exact to float precision for numbers beyond 2^53', () => {
    expect(close(logDecimal((3n ** 200n).toString()), 200 * Math.log(3), TOLERANCE.exactFloat)).toBe(true);
    expect(close(logDecimal('12345'), Math.log(12345), TOLERANCE.exactFloat)).toBe(true);
  });
});

describe('comparing two learners on the same cells', () => {
  const grid = [2, 3].flatMap((m) => [2, 3].map((L) => ({ m, L })));
  const sweepOf = (learner: string, pStar: (m: number, L: number) => number | null) =>
    ({
      learner,
      cells: grid.map(({ m, L }) => ({
        m,
        L,
        classes: 8,
        vocab: 8,
        s: 2,
        ncMToL: 8 * m ** L,
        pMax: (8n * BigInt(m) ** BigInt(2 ** L - 1)).toString(),
        pStar: pStar(m, L),
      })),
    }) as unknown as ScaleResult;

  test('shallow P* = P_max/2 against deep P* = 2·n_c·m^L gives slope 1; equal scaling gives slope 0', () => {
    const shallow = sweepOf('fcn', (m, L) => (8 * m ** (2 ** L - 1)) / 2);
    const deep = sweepOf('layerwise-cluster', (m, L) => 2 * 8 * m ** L);
    const c = compareLearners(shallow, deep);
    expect(c.cells.length).toBe(4);
    expect(close(c.slopeVsSeparation as number, 1, FIT_TOLERANCE)).toBe(true);
    expect(close(compareLearners(deep, shallow).slopeVsSeparation as number, -1, FIT_TOLERANCE)).toBe(true);
    expect(
      close(
        compareLearners(
          deep,
          sweepOf('x', (m, L) => 3 * 8 * m ** L),
        ).slopeVsSeparation as number,
        0,
        FIT_TOLERANCE,
      ),
    ).toBe(true);
  });

  test('cells not measured by both have ratio null; too few give no slope, with the reason', () => {
    const a = sweepOf('a', (m) => (m === 2 ? 100 : null));
    const c = compareLearners(
      a,
      sweepOf('b', () => 50),
    );
    expect(c.cells.filter((x) => x.ratio === null).length).toBe(2);
    expect(c.slopeVsSeparation).not.toBeNull();
    const none = compareLearners(
      sweepOf('a', () => null),
      sweepOf('b', () => 50),
    );
    expect(none.slopeVsSeparation).toBeNull();
    expect(none.reason).toMatch(/need two common cells/);
  });
});
