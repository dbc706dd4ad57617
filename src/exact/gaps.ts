import type { Grammar } from '../grammar/grammar';
import { type Quantity, undefinedQuantity, value } from './quantity';
import type { NodePath } from './posteriors';
import { type PositionJoint, walkPositions } from './positions';

/**
 * Float gaps below this are re-measured exactly (BigInt) in `counts` mode,
 * because two distinct rational q-vectors can round to the same float64
 * vector only when they differ by less than ~2^−53 per entry.
 */
export const NEAR_ZERO_GAP = 1e-9;

/**
 * The harness's one zero tolerance for gaps between label posteriors. In
 * `probabilities` mode (weighted rules, non-uniform prior or m undefined) gaps
 * are float64 only: a gap ≤ this is reported as numerically zero. The products
 * of ≤ 40 row-stochastic matrices with a few thousand terms per entry carry a
 * rounding error far below 1e-12 on entries of size ≥ 1e-6. In `counts` mode
 * zero is decided exactly instead (see {@link isZeroGap}).
 */
export const FLOAT_ZERO_GAP = 1e-12;

/**
 * Whether a measured gap is zero: exactly (BigInt certificate) in `counts` mode,
 * ≤ {@link FLOAT_ZERO_GAP} when only float64 was used. A node with fewer than two
 * occurring parents has no pairs and no zero gap.
 */
export function isZeroGap(gap: NodeGap): boolean {
  if (gap.status !== 'measured') return false;
  if (gap.exactZero !== null) return gap.exactZero;
  return gap.gap <= FLOAT_ZERO_GAP;
}

/** Whether a float distance between posteriors (or estimates of them) counts as zero: ≤ {@link FLOAT_ZERO_GAP}. */
export function isZeroDistance(distance: number): boolean {
  return !(distance > FLOAT_ZERO_GAP);
}

/** The label posteriors of the parents at one node: q_ν = J[:, ν]/π(ν) ([R] eq. 4). */
export interface NodePosteriors {
  /** The node. */
  readonly path: NodePath;
  /** π(ν) = P(node = ν). */
  readonly parentMarginal: Float64Array;
  /** Column sums of the joint's matrix (exact integers in `counts` mode). */
  readonly columnSums: Float64Array;
  /** q_ν (length n_c), null when π(ν) = 0. */
  readonly q: readonly (Float64Array | null)[];
}

/** q-vectors of every parent at the node of `joint` (see {@link NodePosteriors}). */
export function nodePosteriors(joint: PositionJoint): NodePosteriors {
  const { rows, cols, data } = joint.matrix;
  const columnSums = new Float64Array(cols);
  for (let z = 0; z < rows; z++)
    for (let nu = 0; nu < cols; nu++) columnSums[nu] = (columnSums[nu] as number) + (data[z * cols + nu] as number);
  const parentMarginal = columnSums.map((x) => x / joint.denominator);
  const q = Array.from({ length: cols }, (_, nu) => {
    const S = columnSums[nu] as number;
    if (!(S > 0)) return null;
    const out = new Float64Array(rows);
    for (let z = 0; z < rows; z++) out[z] = (data[z * cols + nu] as number) / S;
    return out;
  });
  return { path: joint.path, parentMarginal, columnSums, q };
}

/** The smallest gap between the label posteriors of two distinct parents at one node. */
export type NodeGap =
  | {
      readonly status: 'measured';
      /** ρ̂ at this node: min over distinct occurring parents ν ≠ ν′ of ‖q_ν − q_ν′‖₂. */
      readonly gap: number;
      /** The witness pair (ν, ν′), ν < ν′. */
      readonly parents: readonly [number, number];
      /** True/false when the gap's zero-ness was decided exactly (BigInt, `counts` mode); null when only float64 was used. */
      readonly exactZero: boolean | null;
      /** Number of parents with π(ν) > 0. */
      readonly occurring: number;
    }
  | {
      /** Fewer than two parents occur at the node: no non-synonym pairs, the condition is vacuous. */
      readonly status: 'no-pairs';
      readonly occurring: number;
    };

/**
 * Exact ℓ2 gap between two parents' posteriors from integer path counts:
 * q_a − q_b = (M[:,a]·S_b − M[:,b]·S_a)/(S_a·S_b), numerators in BigInt.
 */
function exactGap(joint: PositionJoint, sums: Float64Array, a: number, b: number): { gap: number; zero: boolean } {
  const { rows, cols, data } = joint.matrix;
  const Sa = BigInt(sums[a] as number);
  const Sb = BigInt(sums[b] as number);
  let total = 0n;
  for (let z = 0; z < rows; z++) {
    const d = BigInt(data[z * cols + a] as number) * Sb - BigInt(data[z * cols + b] as number) * Sa;
    total += d * d;
  }
  return { gap: Math.sqrt(Number(total)) / ((sums[a] as number) * (sums[b] as number)), zero: total === 0n };
}

/**
 * ρ̂ at one node: the minimum ℓ2 distance between the q-vectors of two
 * distinct parents that occur there ([R] Assumption 6(b); theory.md §3).
 * In `counts` mode every near-zero gap (< {@link NEAR_ZERO_GAP}) is
 * re-measured exactly, so a reported 0 is an exact 0.
 */
export function nodeGap(joint: PositionJoint, post: NodePosteriors = nodePosteriors(joint)): NodeGap {
  const nc = joint.matrix.rows;
  const occ: number[] = [];
  post.q.forEach((q, nu) => {
    if (q) occ.push(nu);
  });
  if (occ.length < 2) return { status: 'no-pairs', occurring: occ.length };
  // Rows of the occurring posteriors, contiguous for the pair loop.
  const Q = new Float64Array(occ.length * nc);
  occ.forEach((nu, i) => Q.set(post.q[nu] as Float64Array, i * nc));
  let best = Infinity;
  let bestPair: [number, number] = [occ[0] as number, occ[1] as number];
  // counts mode: near-zero pairs are re-measured exactly on the spot (a certified 0 ends the search).
  let exactBest = Infinity;
  let exactPair: [number, number] | null = null;
  const nearSq = NEAR_ZERO_GAP * NEAR_ZERO_GAP;
  const counts = joint.mode === 'counts';
  for (let i = 0; i < occ.length; i++) {
    const oi = i * nc;
    for (let j = i + 1; j < occ.length; j++) {
      const oj = j * nc;
      const bound = Math.max(best, nearSq);
      let d2 = 0;
      for (let z = 0; z < nc && d2 <= bound; z++) {
        const d = (Q[oi + z] as number) - (Q[oj + z] as number);
        d2 += d * d;
      }
      if (d2 < best) {
        best = d2;
        bestPair = [occ[i] as number, occ[j] as number];
      }
      if (counts && d2 < nearSq) {
        const e = exactGap(joint, post.columnSums, occ[i] as number, occ[j] as number);
        if (e.zero)
          return {
            status: 'measured',
            gap: 0,
            parents: [occ[i] as number, occ[j] as number],
            exactZero: true,
            occurring: occ.length,
          };
        if (e.gap < exactBest) {
          exactBest = e.gap;
          exactPair = [occ[i] as number, occ[j] as number];
        }
      } else if (!counts && d2 === 0) {
        return { status: 'measured', gap: 0, parents: bestPair, exactZero: null, occurring: occ.length };
      }
    }
  }
  if (exactPair)
    return { status: 'measured', gap: exactBest, parents: exactPair, exactZero: false, occurring: occ.length };
  return {
    status: 'measured',
    gap: Math.sqrt(best),
    parents: bestPair,
    exactZero: counts ? false : null,
    occurring: occ.length,
  };
}

/** ρ̂^(l) of one level, with the node where it is attained. */
export interface LevelGap {
  /** l: the level of the patch tokens (1 ≤ l ≤ L); the parents sit at level l−1. */
  readonly level: number;
  /** The gap at the chosen node(s). */
  readonly gap: NodeGap;
  /** The node (path of length l−1) where the minimum is attained. */
  readonly path: NodePath;
  /** How many nodes of level l−1 were examined (1 for the first patch, s^(l−1) for all positions). */
  readonly positions: number;
}

function smaller(a: NodeGap, b: NodeGap): boolean {
  if (a.status === 'no-pairs') return false;
  if (b.status === 'no-pairs') return true;
  return a.gap < b.gap;
}

/**
 * ρ̂^(l) for l = 1 … L, either for the paper's first patch only or as the
 * minimum over every patch position (walking all node paths, sharing prefix
 * products). Index l−1 of the result holds level l.
 *
 * @param positions - 'first' (the paper's first patch) or 'all'.
 */
export function levelGaps(g: Grammar, positions: 'first' | 'all'): LevelGap[] {
  const out = new Array<LevelGap | undefined>(g.L);
  walkPositions(g, g.L - 1, positions === 'first', (joint) => {
    const k = joint.path.length;
    const gap = nodeGap(joint);
    const prev = out[k];
    if (!prev) out[k] = { level: k + 1, gap, path: joint.path, positions: 1 };
    else
      out[k] = smaller(gap, prev.gap)
        ? { level: k + 1, gap, path: joint.path, positions: prev.positions + 1 }
        : { ...prev, positions: prev.positions + 1 };
  });
  return out as LevelGap[];
}

/**
 * The Prop. 19 reference value (20m)^(−(l−1)/2): for uniform-first-token
 * rules with m, V = Θ(log d), w.h.p. ρ̂^(l) is at least this ([R] Prop. 19).
 */
export function prop19Reference(m: number, level: number): number {
  return (20 * m) ** (-(level - 1) / 2);
}

/** The normalised gap ρ̂^(l)·m^((l−1)/2) (constant in l when the gap decays like m^(−l/2)). */
export function normalizedGap(gap: number, m: number, level: number): number {
  return gap * m ** ((level - 1) / 2);
}

/**
 * K̂_ρ = min_l ρ̂^(l)·m^(l/2): the largest K_ρ with ρ̂^(l) ≥ K_ρ·m^(−l/2) at
 * every level ([R] Assumption 6(b)). Levels with no pairs are skipped; null
 * when no level has a pair.
 */
export function kRhoHat(gaps: readonly LevelGap[], m: number): number | null {
  let best: number | null = null;
  for (const lg of gaps) {
    if (lg.gap.status !== 'measured') continue;
    const k = lg.gap.gap * m ** (lg.level / 2);
    if (best === null || k < best) best = k;
  }
  return best;
}

/**
 * K̂_ρ as a {@link Quantity}: {@link kRhoHat}, or undefined with the reason (m undefined,
 * or no level with two occurring parents). The theory layer and the weak-identifiability
 * check both report this one value.
 */
export function kRhoQuantity(gaps: readonly LevelGap[], m: number | null): Quantity {
  if (m === null) return undefinedQuantity('the grammar is not (V,m)-uniform, so m is undefined');
  const k = kRhoHat(gaps, m);
  return k === null ? undefinedQuantity('no level has two occurring parents') : value(k);
}
