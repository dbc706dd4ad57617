/**
 * Nearest-centroid classification of representation vectors by their true
 * parent: centroids are fitted on one group of rows and classify another, so
 * a vector that separates parents only on the rows it was fitted on scores low.
 */

/** Rows of one level: `rows` vectors of `dim` float32 components, row r's true parent truth[r] in [0, k). */
export interface LevelVectors {
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly rows: number;
  readonly truth: Int32Array;
  /** |V_{l−1}|: the number of possible parents. */
  readonly parents: number;
}

/** Per-parent mean of the rows with group[r] === g (count 0: the parent has no row there). */
export function centroidsOf(
  v: LevelVectors,
  group: Int8Array | null,
  g: number,
): { means: Float64Array; counts: Float64Array } {
  const { dim, parents } = v;
  const means = new Float64Array(parents * dim);
  const counts = new Float64Array(parents);
  for (let r = 0; r < v.rows; r++) {
    if (group !== null && group[r] !== g) continue;
    const p = v.truth[r] as number;
    counts[p] = (counts[p] as number) + 1;
    for (let z = 0; z < dim; z++)
      means[p * dim + z] = (means[p * dim + z] as number) + (v.vectors[r * dim + z] as number);
  }
  for (let p = 0; p < parents; p++) {
    const c = counts[p] as number;
    if (c > 0) for (let z = 0; z < dim; z++) means[p * dim + z] = (means[p * dim + z] as number) / c;
  }
  return { means, counts };
}

/** Squared distance between row r of the vectors and centroid p. */
function sqDistance(v: LevelVectors, r: number, means: Float64Array, p: number): number {
  let d2 = 0;
  for (let z = 0; z < v.dim; z++) {
    const d = (v.vectors[r * v.dim + z] as number) - (means[p * v.dim + z] as number);
    d2 += d * d;
  }
  return d2;
}

/** The parent whose centroid (among those with rows) is nearest to row r; −1 when none has rows. */
export function nearestParent(v: LevelVectors, r: number, means: Float64Array, counts: Float64Array): number {
  let best = -1;
  let bd = Infinity;
  for (let p = 0; p < v.parents; p++) {
    if ((counts[p] as number) === 0) continue;
    const d2 = sqDistance(v, r, means, p);
    if (d2 < bd) {
      bd = d2;
      best = p;
    }
  }
  return best;
}

/**
 * Two-fold nearest-centroid accuracy: centroids of group 0 classify the rows of
 * group 1 and the other way round. Rows of group −1 are not scored. A row whose
 * parent has no row in the other group counts as wrong.
 * @returns the share classified to their true parent, or null when no row is scored.
 */
export function crossedNearestCentroid(v: LevelVectors, group: Int8Array): number | null {
  const fits = [centroidsOf(v, group, 0), centroidsOf(v, group, 1)];
  let hit = 0;
  let total = 0;
  for (let r = 0; r < v.rows; r++) {
    const g = group[r] as number;
    if (g < 0) continue;
    const other = fits[1 - g] as { means: Float64Array; counts: Float64Array };
    total++;
    if (nearestParent(v, r, other.means, other.counts) === v.truth[r]) hit++;
  }
  return total === 0 ? null : hit / total;
}

/** Max distance of a row to its parent's mean, and min distance between two parents' means. */
export function spreadAndGap(v: LevelVectors): { spread: number; gap: number | null } {
  const { means, counts } = centroidsOf(v, null, 0);
  let spread = 0;
  for (let r = 0; r < v.rows; r++) spread = Math.max(spread, sqDistance(v, r, means, v.truth[r] as number));
  let gap = Infinity;
  for (let a = 0; a < v.parents; a++) {
    if ((counts[a] as number) === 0) continue;
    for (let b = a + 1; b < v.parents; b++) {
      if ((counts[b] as number) === 0) continue;
      let d2 = 0;
      for (let z = 0; z < v.dim; z++) {
        const d = (means[a * v.dim + z] as number) - (means[b * v.dim + z] as number);
        d2 += d * d;
      }
      gap = Math.min(gap, d2);
    }
  }
  return { spread: Math.sqrt(spread), gap: Number.isFinite(gap) ? Math.sqrt(gap) : null };
}
