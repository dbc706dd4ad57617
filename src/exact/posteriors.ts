import type { Grammar, RuleLevel } from '../grammar/grammar';
import { column, columnSums, diag, matmul, type Matrix } from './matrix';
import { allTransitions } from './transitions';

/**
 * A node position: the child indices (0-based) along the path from the root.
 * The root is `[]`; the first level-l node is `l` zeros.
 */
export type NodePath = readonly number[];

/** The first-child path to level l (the paper's first patch sits under it). */
export function firstPath(l: number): NodePath {
  return new Array<number>(l).fill(0);
}

/**
 * J along a path: J_0 = diag(D_0), J_k = J_{k−1} F_{k−1}^(c_k).
 * J[ζ, a] = P(label = ζ, node at `path` = a). n_c × |V_{path.length}|.
 */
export function jointAlongPath(g: Grammar, path: NodePath): Matrix {
  const F = allTransitions(g);
  let j = diag(g.labelPrior);
  path.forEach((c, k) => {
    j = matmul(j, (F[k] as Matrix[])[c] as Matrix);
  });
  return j;
}

/**
 * Exact label posteriors of the patches under one level-(l−1) node.
 *
 * A level-l patch µ is an s-tuple of level-l tokens produced by the node; its
 * parent is ν(µ). Then ([R] eq. 4; theory.md §2):
 * - parentMarginal[ν] = π_{l−1}(ν) = P(node = ν);
 * - q[ν] = P(label = · | node = ν) = J_{l−1}[:, ν] / π_{l−1}(ν), shared by all
 *   synonyms (patches of the same parent); null when π_{l−1}(ν) = 0 (ν never
 *   occurs there);
 * - patchProbability[p] = π_{l−1}(ν) · Q_{l−1}(ν, p) for every production p of
 *   level l−1 (indices as in RuleLevel), = π/m for uniform rules.
 */
export interface PatchPosteriors {
  /** l: the level of the patch tokens (1 ≤ l ≤ L). */
  readonly level: number;
  /** Path to the parent node (length l−1). */
  readonly path: NodePath;
  /** J_{l−1} (n_c × |V_{l−1}|). */
  readonly joint: Matrix;
  /** π_{l−1}. */
  readonly parentMarginal: Float64Array;
  /** q-vector of each parent ν (length n_c), null when ν has probability 0 there. */
  readonly q: readonly (Float64Array | null)[];
  /** Probability of each level-(l−1) production (= each patch) at this position. */
  readonly patchProbability: Float64Array;
}

/** Posteriors from a precomputed joint J_{l−1} (shared by callers that walk the tree). */
export function posteriorsFromJoint(g: Grammar, level: number, path: NodePath, joint: Matrix): PatchPosteriors {
  const r = g.levels[level - 1];
  if (!r) throw new RangeError(`no level-${level} patches in a grammar with L = ${g.L}`);
  const parentMarginal = columnSums(joint);
  const q = Array.from({ length: r.parentCount }, (_, nu) => {
    const pi = parentMarginal[nu] as number;
    if (!(pi > 0)) return null;
    const col = column(joint, nu);
    for (let z = 0; z < col.length; z++) col[z] = (col[z] as number) / pi;
    return col;
  });
  return { level, path, joint, parentMarginal, q, patchProbability: productionProbabilities(r, parentMarginal) };
}

/**
 * The patch law at one node: p_µ = π(ν)·Q(ν, µ) for every production µ of the rules
 * below it (indexed as in `RuleLevel`; = π/m for uniform rules), from the node's law π.
 */
export function productionProbabilities(r: RuleLevel, parentMarginal: Float64Array): Float64Array {
  const out = new Float64Array(r.weights.length);
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++)
      out[p] = (parentMarginal[nu] as number) * (r.weights[p] as number);
  }
  return out;
}

/**
 * Exact posteriors of the level-l patch under the node at `path`
 * (default: the paper's first patch, path of l−1 zeros).
 * @param level - l, 1 ≤ l ≤ L.
 */
export function patchPosteriors(g: Grammar, level: number, path: NodePath = firstPath(level - 1)): PatchPosteriors {
  if (path.length !== level - 1)
    throw new RangeError(`a level-${level} patch sits under a path of length ${level - 1}, got ${path.length}`);
  return posteriorsFromJoint(g, level, path, jointAlongPath(g, path));
}
