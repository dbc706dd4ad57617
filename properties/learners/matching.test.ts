import fc from 'fast-check';
import { hungarian, matchedRecovery } from '../../src/learners/matching';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

describe('best one-to-one matching (Hungarian algorithm)', () => {
  test('finds the minimum-cost assignment (brute force over all permutations, n ≤ 6)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n * n, maxLength: n * n }),
            ),
          ),
        ([n, costs]) => {
          const cost = Float64Array.from(costs);
          const a = hungarian(cost, n);
          expect(new Set(a).size).toBe(n);
          const total = (p: ArrayLike<number>): number =>
            Array.from({ length: n }, (_, i) => cost[i * n + (p[i] as number)] as number).reduce((x, y) => x + y, 0);
          const best = Math.min(...permutations(n).map(total));
          expect(total(a)).toBe(best);
        },
      ),
      { seed: 4242, numRuns: 200 },
    );
  });

  test('recovery rate is invariant under relabelling the clusters, and 1 for a perfect relabelled prediction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 119 }),
        (truthArr, permIndex) => {
          const perm = permutations(5)[permIndex] as number[];
          const truth = Int32Array.from(truthArr);
          const pred = truth.map((t) => perm[t] as number);
          expect(matchedRecovery(pred, truth, 5, 5).rate).toBe(1);
          const noisy = pred.map((p, i) => (i % 3 === 0 ? -1 : p));
          const unknown = noisy.filter((p) => p < 0).length;
          expect(matchedRecovery(noisy, truth, 5, 5).rate).toBe((truth.length - unknown) / truth.length);
        },
      ),
      { seed: 99, numRuns: 100 },
    );
  });
});
