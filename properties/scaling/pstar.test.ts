import fc from 'fast-check';
import type { SearchSpec } from '../../spec/scale';
import { gridPoint, largestGridIndex, searchPStar, type Evaluation } from '../../src/scaling/pstar';

/**
 * The P* search on known curves (test fixtures, not learners): a monotone
 * pass/fail step at a threshold T and a smooth monotone error curve.
 */

function stepCurve(T: number) {
  const calls: number[] = [];
  const evaluate = async (P: number): Promise<Evaluation> => {
    calls.push(P);
    const testError = P >= T ? 0 : 0.5;
    return { testError, passed: P >= T, samples: P, learnerStatus: P >= T ? 'learned' : 'not-learned' };
  };
  return { calls, evaluate };
}

/** Smallest grid point ≥ T, found by walking the grid (the specification the search must meet). */
function smallestPassingGridPoint(search: SearchSpec, T: number): number | null {
  const kMax = largestGridIndex(search);
  for (let k = -200; k <= kMax; k++) if (gridPoint(search, k) >= T) return gridPoint(search, k);
  return null;
}

const searchArb = fc.record({
  start: fc.integer({ min: 1, max: 5000 }),
  ratio: fc.constantFrom(2 ** 0.125, 2 ** 0.25, 1.5, 2),
  stride: fc.integer({ min: 1, max: 8 }),
  maxSamples: fc.integer({ min: 1, max: 200_000 }),
});

describe('P* search (geometric then bisection on a log grid)', () => {
  test('on a monotone step at T it returns the smallest grid point ≥ T, or not-reached beyond the budget', async () => {
    await fc.assert(
      fc.asyncProperty(searchArb, fc.integer({ min: 1, max: 300_000 }), async (search, T) => {
        const { calls, evaluate } = stepCurve(T);
        const r = await searchPStar(search, evaluate);
        const expected = smallestPassingGridPoint(search, T);
        if (search.start > search.maxSamples || expected === null) {
          expect(r.status).toBe('not-reached');
          expect(r.pStar).toBeNull();
        } else {
          expect(r.status).toBe('reached');
          expect(r.pStar).toBe(expected);
        }
        // Every evaluated point is kept, once, in evaluation order, and none exceeds the budget.
        expect(r.points.map((p) => p.P)).toEqual(calls);
        expect(new Set(calls).size).toBe(calls.length);
        expect(calls.every((P) => P <= Math.max(search.maxSamples, search.start))).toBe(true);
        expect(r.points.every((p) => p.passed === p.P >= T)).toBe(true);
      }),
      { seed: 51, numRuns: 400 },
    );
  });

  test('cost: geometric steps plus about log2(stride) bisection steps', async () => {
    await fc.assert(
      fc.asyncProperty(searchArb, fc.integer({ min: 1, max: 300_000 }), async (search, T) => {
        const { calls, evaluate } = stepCurve(T);
        await searchPStar(search, evaluate);
        const kMax = Math.max(0, largestGridIndex(search));
        // Upwards: at most ceil(kMax/stride) + 1 geometric points; downwards at most enough to reach P = 1.
        const down = Math.ceil(Math.log(search.start) / Math.log(search.ratio) / search.stride) + 1;
        const bound = Math.max(Math.ceil(kMax / search.stride) + 1, down + 1) + Math.ceil(Math.log2(search.stride)) + 1;
        expect(calls.length).toBeLessThanOrEqual(bound);
      }),
      { seed: 52, numRuns: 300 },
    );
  });

  test('a smooth monotone error curve: P* is the first grid point where the error is ≤ target', async () => {
    // error(P) = 0.9·exp(−P/400): error ≤ 0.0875 iff P ≥ 400·ln(0.9/0.0875) ≈ 932.3.
    const search: SearchSpec = { start: 64, ratio: 2 ** 0.125, stride: 8, maxSamples: 64 * 512 };
    const target = 0.0875;
    const r = await searchPStar(search, async (P) => {
      const testError = 0.9 * Math.exp(-P / 400);
      return { testError, passed: testError <= target, samples: P, learnerStatus: 'learned' };
    });
    expect(r.status).toBe('reached');
    expect(r.pStar).toBe(smallestPassingGridPoint(search, 400 * Math.log(0.9 / target)));
    // 64, 128, 256, 512, 1024 then 3 bisection steps.
    expect(r.points.length).toBe(8);
  });

  test('a stop request ends the search with status stopped and keeps the points so far', async () => {
    let n = 0;
    const r = await searchPStar(
      { start: 10, ratio: 2, stride: 1, maxSamples: 1e6 },
      async (P) => ({ testError: 1, passed: false, samples: P, learnerStatus: 'not-learned' }),
      () => (++n > 3 ? 'time limit' : null),
    );
    expect(r.status).toBe('stopped');
    expect(r.reason).toBe('time limit');
    expect(r.points.map((p) => p.P)).toEqual([10, 20, 40]);
  });

  test('passing at the first point searches downwards', async () => {
    const { evaluate } = stepCurve(3);
    const r = await searchPStar({ start: 100, ratio: 2, stride: 2, maxSamples: 1000 }, evaluate);
    expect(r.pStar).toBe(3);
  });
});
