import type { SearchPoint, SearchSpec } from '../../spec/scale';

/** What one evaluation of a learner at training-set size P reports to the search. */
export interface Evaluation {
  /** Test error on held-out data. */
  readonly testError: number;
  /** Whether the target was met (test error ≤ threshold·chance and the learner ran every stage). */
  readonly passed: boolean;
  /** Training samples the learner actually drew. */
  readonly samples: number;
  /** The learner's tagged status, recorded as is. */
  readonly learnerStatus: string;
  /** Networks only: [l−1][k−1] = synonymic sensitivity of hidden layer k to level-l exchange, kept at the point. */
  readonly synonymicSensitivity?: readonly (readonly number[])[];
}

/** The tagged outcome of one P* search. */
export type PStarSearch =
  | {
      readonly status: 'reached';
      readonly pStar: number;
      readonly points: readonly SearchPoint[];
      readonly reason?: string;
    }
  | {
      readonly status: 'not-reached';
      readonly pStar: null;
      /** Right-censored: P* > this, the largest size tried (null when nothing was tried). */
      readonly lowerBound: number | null;
      readonly points: readonly SearchPoint[];
      readonly reason: string;
    }
  | {
      readonly status: 'stopped';
      readonly pStar: null;
      /** P* > this, the largest failing size below every passing one tried so far (null when none). */
      readonly lowerBound: number | null;
      readonly points: readonly SearchPoint[];
      readonly reason: string;
    };

/** The largest failing P below every passing P of `points`: what a censored search knows, P* > it. */
export function censoredLowerBound(points: readonly SearchPoint[]): number | null {
  const passing = Math.min(Infinity, ...points.filter((p) => p.passed).map((p) => p.P));
  const failing = points.filter((p) => !p.passed && p.P < passing).map((p) => p.P);
  return failing.length > 0 ? Math.max(...failing) : null;
}

/**
 * Grid point k of the log grid: P_k = max(1, round(start·ratio^k)), k ∈ ℤ.
 * Monotone non-decreasing in k.
 */
export function gridPoint(search: SearchSpec, k: number): number {
  return Math.max(1, Math.round(search.start * search.ratio ** k));
}

/** Largest k with P_k ≤ maxSamples, or −1 when even P_0 = start exceeds it. */
export function largestGridIndex(search: SearchSpec): number {
  if (search.start > search.maxSamples) return -1;
  let k = Math.floor(Math.log(search.maxSamples / search.start) / Math.log(search.ratio));
  while (gridPoint(search, k + 1) <= search.maxSamples) k++;
  while (k > 0 && gridPoint(search, k) > search.maxSamples) k--;
  return k;
}

/**
 * Find P*, the smallest training-set size whose evaluation passes, on the log
 * grid P_k = round(start·ratio^k) up to the budget `maxSamples` ([C]'s
 * definition: test error ≤ 10% of chance error; theory.md §5).
 *
 * 1. Geometric search: evaluate P_0, then every `stride`-th grid point upwards
 *    until one passes (or downwards from P_0 while it passes, to P = 1).
 * 2. Bisection on the grid indices between the last failing and the first
 *    passing point, until they are adjacent. P* is the passing one.
 *
 * The search assumes that passing is monotone in P; with noisy errors it finds
 * one crossing. Every evaluated point is kept, in evaluation order, each P at
 * most once.
 *
 * @param search - grid and budget.
 * @param evaluate - trains and tests at size P (a pure function of P for reproducible sweeps).
 * @param shouldStop - polled before each evaluation; a non-null string stops the search with that reason.
 * @returns a tagged result: 'reached' with P*; 'not-reached' when the budget passed without success
 *   and 'stopped' (time limit), both right-censored with the `lowerBound` P* > lowerBound.
 *
 * @example
 * const r = await searchPStar({ start: 16, ratio: 2 ** 0.125, stride: 8, maxSamples: 4096 },
 *   async (P) => ({ testError: 100 / P, passed: 100 / P <= 0.5, samples: P, learnerStatus: 'learned' }));
 * // r.status === 'reached', r.pStar === 200 (the first grid point ≥ 200)
 */
export async function searchPStar(
  search: SearchSpec,
  evaluate: (P: number) => Promise<Evaluation>,
  shouldStop: () => string | null = () => null,
): Promise<PStarSearch> {
  const points: SearchPoint[] = [];
  const byP = new Map<number, boolean>();
  const kMax = largestGridIndex(search);
  if (kMax < 0) {
    return {
      status: 'not-reached',
      pStar: null,
      lowerBound: null,
      points,
      reason: `the first size tried (${search.start}) exceeds the budget ${search.maxSamples}`,
    };
  }
  /** Thrown through the bisection to end the search early; caught below. */
  class Stop extends Error {
    constructor(readonly reason: string) {
      super(reason);
    }
  }
  const passesAt = async (k: number): Promise<boolean> => {
    const P = gridPoint(search, k);
    const known = byP.get(P);
    if (known !== undefined) return known;
    const stop = shouldStop();
    if (stop !== null) throw new Stop(stop);
    const e = await evaluate(P);
    points.push({
      P,
      samples: e.samples,
      testError: e.testError,
      passed: e.passed,
      learnerStatus: e.learnerStatus,
      ...(e.synonymicSensitivity ? { synonymicSensitivity: e.synonymicSensitivity.map((row) => row.slice()) } : {}),
    });
    byP.set(P, e.passed);
    return e.passed;
  };

  try {
    let kFail: number;
    let kPass: number;
    if (await passesAt(0)) {
      kPass = 0;
      for (;;) {
        if (gridPoint(search, kPass) === 1) {
          return { status: 'reached', pStar: 1, points, reason: 'passed at the smallest size, P = 1' };
        }
        const k = kPass - search.stride;
        if (await passesAt(k)) kPass = k;
        else {
          kFail = k;
          break;
        }
      }
    } else {
      kFail = 0;
      for (;;) {
        if (kFail >= kMax) {
          return {
            status: 'not-reached',
            pStar: null,
            lowerBound: censoredLowerBound(points),
            points,
            reason: `test error stayed above the target up to the budget P = ${gridPoint(search, kMax)}`,
          };
        }
        const k = Math.min(kFail + search.stride, kMax);
        if (await passesAt(k)) {
          kPass = k;
          break;
        }
        kFail = k;
      }
    }
    while (kPass - kFail > 1) {
      const mid = Math.floor((kFail + kPass) / 2);
      if (await passesAt(mid)) kPass = mid;
      else kFail = mid;
    }
    return { status: 'reached', pStar: gridPoint(search, kPass), points };
  } catch (e) {
    if (e instanceof Stop)
      return { status: 'stopped', pStar: null, lowerBound: censoredLowerBound(points), points, reason: e.reason };
    throw e;
  }
}
