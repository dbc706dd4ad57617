/**
 * The geometry of a level's outputs as Assumption 9 of [R] states it: the
 * distinct realisations (outputs) of each parent, the largest distance between
 * two realisations of the same parent (ε̃_S), and the smallest distance between
 * realisations of two different parents (ρ̃).
 */

/** Most distinct realisations the pairwise distances are computed on (k² pairs of n_c-vectors). */
export const MAX_REALISATIONS = 8192;

/** ε̃_S, ρ̃ and how many realisations they were computed on. */
export interface RealisationGeometry {
  readonly intraDiameter: number;
  readonly interDistance: number;
  readonly realisations: number;
  readonly complete: boolean;
}

/** Distinct (parent, output) pairs of the rows, in row order, at most {@link MAX_REALISATIONS}. */
function distinct(
  outputs: Float32Array,
  truth: Int32Array,
  rows: number,
  nc: number,
): { points: Float32Array; parents: Int32Array; complete: boolean } {
  const seen = new Set<string>();
  const keep: number[] = [];
  let complete = true;
  const bytes = new Uint8Array(outputs.buffer, outputs.byteOffset, outputs.byteLength);
  for (let r = 0; r < rows; r++) {
    const key = `${truth[r] ?? -1}|${Buffer.from(bytes.subarray(r * nc * 4, (r + 1) * nc * 4)).toString('latin1')}`;
    if (seen.has(key)) continue;
    if (keep.length >= MAX_REALISATIONS) {
      complete = false;
      break;
    }
    seen.add(key);
    keep.push(r);
  }
  const points = new Float32Array(keep.length * nc);
  const parents = new Int32Array(keep.length);
  keep.forEach((r, i) => {
    points.set(outputs.subarray(r * nc, (r + 1) * nc), i * nc);
    parents[i] = truth[r] ?? -1;
  });
  return { points, parents, complete };
}

/**
 * ε̃_S and ρ̃ of one level's outputs (rows × n_c, row r a realisation of parent truth[r]).
 * ρ̃ is Infinity when only one parent occurs.
 */
export function realisationGeometry(
  outputs: Float32Array,
  truth: Int32Array,
  rows: number,
  nc: number,
): RealisationGeometry {
  const { points, parents, complete } = distinct(outputs, truth, rows, nc);
  const k = parents.length;
  let intra = 0;
  let inter = Infinity;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      let d2 = 0;
      for (let z = 0; z < nc; z++) {
        const d = (points[i * nc + z] ?? 0) - (points[j * nc + z] ?? 0);
        d2 += d * d;
      }
      if (parents[i] === parents[j]) intra = Math.max(intra, d2);
      else inter = Math.min(inter, d2);
    }
  }
  return { intraDiameter: Math.sqrt(intra), interDistance: Math.sqrt(inter), realisations: k, complete };
}
