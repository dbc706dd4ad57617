/**
 * Best one-to-one matching between a learner's cluster ids and the true latent
 * symbols of a level (Hungarian algorithm on the confusion matrix), and the
 * recovery rate it defines.
 */

/**
 * Minimum-cost perfect assignment of an n×n cost matrix (Hungarian algorithm,
 * O(n³), potentials form of Kuhn–Munkres / Jonker–Volgenant).
 * @param cost - row-major n×n costs (any finite values).
 * @param n - the size.
 * @returns rowToCol[i] = the column assigned to row i.
 */
export function hungarian(cost: Float64Array, n: number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = (cost[(i0 - 1) * n + (j - 1)] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const pj = p[j] as number;
          u[pj] = (u[pj] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(n);
  for (let j = 1; j <= n; j++) {
    const i = p[j] as number;
    if (i > 0) rowToCol[i - 1] = j - 1;
  }
  return rowToCol;
}

/** The recovery of one level by a discrete learner. */
export interface MatchedRecovery {
  /** Fraction of items whose predicted id maps to their true symbol under the best one-to-one matching. */
  readonly rate: number;
  /** Items counted. */
  readonly total: number;
  /** predictedToTrue[c] = the true symbol cluster c is matched to (−1: matched to nothing). */
  readonly predictedToTrue: Int32Array;
}

/**
 * Recovery rate of predicted cluster ids against true symbols under the best
 * one-to-one matching (theory.md §6). Predictions of −1 (patch never seen in
 * training) count as wrong.
 * @param predicted - cluster id per item, in [0, kPred) or −1.
 * @param truth - true symbol per item, in [0, kTrue).
 * @param kPred - number of cluster ids.
 * @param kTrue - number of true symbols |V_{l−1}|.
 */
export function matchedRecovery(
  predicted: Int32Array,
  truth: Int32Array,
  kPred: number,
  kTrue: number,
): MatchedRecovery {
  const n = Math.max(kPred, kTrue, 1);
  const conf = new Float64Array(n * n);
  let total = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] as number;
    total++;
    if (p < 0) continue;
    const k = p * n + (truth[i] as number);
    conf[k] = (conf[k] as number) + 1;
  }
  const cost = conf.map((c) => -c);
  const rowToCol = hungarian(cost, n);
  let hit = 0;
  const predictedToTrue = new Int32Array(kPred).fill(-1);
  for (let r = 0; r < kPred; r++) {
    const c = rowToCol[r] as number;
    if (c < kTrue) {
      predictedToTrue[r] = c;
      hit += conf[r * n + c] as number;
    }
  }
  return { rate: total === 0 ? 0 : hit / total, total, predictedToTrue };
}
