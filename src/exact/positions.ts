import { classCount, type Grammar, type RuleLevel } from '../grammar/grammar';
import { diag, matmul, type Matrix, zeros } from './matrix';
import { allTransitions } from './transitions';
import type { NodePath } from './posteriors';

/**
 * How the joint matrices are represented.
 * - `counts`: (V,m)-uniform grammar with uniform rules and uniform label prior.
 *   M_k = G_0^(c_1)·…·G_{k−1}^(c_k) with G^(c)[ν, a] = #productions of ν with a
 *   at position c (integers). Every entry of M_k is a path count ≤ m^k and every
 *   partial sum of the products is ≤ n_c·m^k, so the float64 arithmetic is
 *   exact while n_c·m^k ≤ 2^53. Then J_k = M_k / (n_c·m^k) and every q-vector is
 *   a ratio of two exact integers, correctly rounded: two parents with equal
 *   rational posteriors get bitwise-equal q-vectors.
 * - `probabilities`: any other grammar. M_k = J_k = diag(D_0)·F_0^(c_1)·…, the
 *   float64 product of the transition matrices (rounding error ~ k·|V|·2^−53).
 */
export type JointMode = 'counts' | 'probabilities';

/** The joint of the label and the node at one position, in one of the {@link JointMode}s. */
export interface PositionJoint {
  /** Path of child indices from the root (0-based); its length k is the node's level. */
  readonly path: NodePath;
  /** M_k: n_c × |V_k|; J_k = matrix / denominator. */
  readonly matrix: Matrix;
  /** n_c·m^k in `counts` mode, 1 in `probabilities` mode. */
  readonly denominator: number;
  /** The representation. */
  readonly mode: JointMode;
}

/** The integer count matrices G_l^(c) (positionalTransition × m for uniform rules). */
function countTransitions(g: Grammar): Matrix[][] {
  return g.levels.map((r) =>
    Array.from({ length: g.s }, (_, c) => {
      const f = zeros(r.parentCount, r.childCount);
      for (let nu = 0; nu < r.parentCount; nu++) {
        for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
          const idx = nu * r.childCount + (r.children[p * g.s + c] as number);
          f.data[idx] = (f.data[idx] as number) + 1;
        }
      }
      return f;
    }),
  );
}

/**
 * The representation {@link walkPositions} uses for a grammar: `counts` when
 * the grammar is (V,m)-uniform with uniform rules and prior and n_c·m^L ≤
 * 2^53 (so joints are exact down to the input level), else `probabilities`.
 */
export function jointMode(g: Grammar): JointMode {
  if (g.m === null || !g.uniformPrior || !g.levels.every((r) => r.uniformWeights)) return 'probabilities';
  return classCount(g) * g.m ** g.L <= 2 ** 53 ? 'counts' : 'probabilities';
}

const transitionCache = new WeakMap<Grammar, { mode: JointMode; T: Matrix[][] }>();

function transitionsFor(g: Grammar): { mode: JointMode; T: Matrix[][] } {
  let t = transitionCache.get(g);
  if (!t) {
    const mode = jointMode(g);
    t = { mode, T: mode === 'counts' ? countTransitions(g) : allTransitions(g) };
    transitionCache.set(g, t);
  }
  return t;
}

function rootJoint(g: Grammar, mode: JointMode): PositionJoint {
  const nc = classCount(g);
  if (mode === 'counts') return { path: [], matrix: diag(new Float64Array(nc).fill(1)), denominator: nc, mode };
  return { path: [], matrix: diag(g.labelPrior), denominator: 1, mode };
}

/**
 * M·G^(c) (or M·F^(c)) through the production list instead of the dense
 * transition: each production of ν with child a at position c adds its weight
 * (1 in `counts` mode) times column ν of M to column a. Same sums, in the same
 * order for every entry, as the dense product over the non-zero terms; m
 * terms per parent instead of |V_{k+1}|.
 */
function sparseChildProduct(g: Grammar, parent: PositionJoint, c: number): Matrix {
  const k = parent.path.length;
  const r = g.levels[k] as RuleLevel;
  const { rows, cols, data } = parent.matrix;
  const out = zeros(rows, r.childCount);
  const od = out.data;
  const oc = r.childCount;
  const counts = parent.mode === 'counts';
  for (let nu = 0; nu < cols; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const a = r.children[p * g.s + c] as number;
      const w = counts ? 1 : (r.weights[p] as number);
      if (w === 0) continue;
      for (let z = 0; z < rows; z++) {
        const x = data[z * cols + nu] as number;
        if (x !== 0) od[z * oc + a] = (od[z * oc + a] as number) + w * x;
      }
    }
  }
  return out;
}

function child(g: Grammar, parent: PositionJoint, T: Matrix[][], c: number): PositionJoint {
  const k = parent.path.length;
  const r = g.levels[k] as RuleLevel;
  const dense = r.parentCount * r.childCount;
  const sparse = (r.offsets[r.parentCount] as number) - (r.offsets[0] as number);
  const matrix =
    sparse < dense ? sparseChildProduct(g, parent, c) : matmul(parent.matrix, (T[k] as Matrix[])[c] as Matrix);
  const denominator = parent.mode === 'counts' ? parent.denominator * (g.m as number) : 1;
  return { path: [...parent.path, c], matrix, denominator, mode: parent.mode };
}

/**
 * The joint of the label and the node at `path` (length k ≤ L), in the
 * grammar's {@link JointMode}.
 */
export function jointAt(g: Grammar, path: NodePath): PositionJoint {
  const { mode, T } = transitionsFor(g);
  let j = rootJoint(g, mode);
  for (const c of path) j = child(g, j, T, c);
  return j;
}

/**
 * Visit the joint of every node at levels 0 … maxLevel, depth first, sharing
 * prefix products: each node's joint is its parent's times one transition, so
 * the walk costs one n_c × |V_k| × |V_{k+1}| product per node instead of k.
 * With `firstOnly`, only the first-child path (the paper's first patches).
 *
 * @param maxLevel - deepest node level visited (patch parents go to L−1).
 * @param visit - called once per node with its joint; the joint must not be mutated.
 */
export function walkPositions(
  g: Grammar,
  maxLevel: number,
  firstOnly: boolean,
  visit: (joint: PositionJoint) => void,
): void {
  const { mode, T } = transitionsFor(g);
  const rec = (j: PositionJoint): void => {
    visit(j);
    if (j.path.length >= maxLevel) return;
    const width = firstOnly ? 1 : g.s;
    for (let c = 0; c < width; c++) rec(child(g, j, T, c));
  };
  rec(rootJoint(g, mode));
}

/**
 * A-priori cost of {@link walkPositions} up to level maxLevel (all positions,
 * or the first-child path only): multiply-adds of the child products
 * (n_c × #productions per node) plus the pairwise gap work (n_c·|V_k|²/2 per
 * node), and the float64 memory held at once: the depth-first stack of joints
 * plus the stored first-patch posteriors, 2·Σ_k n_c·|V_k|·8 bytes. Used to
 * refuse requests that would take too long or exhaust memory, before any
 * allocation.
 */
export function positionWork(
  g: Grammar,
  maxLevel: number,
  firstOnly = false,
): { readonly multiplyAdds: number; readonly memoryBytes: number } {
  const nc = classCount(g);
  let work = 0;
  let nodes = 1;
  let bytes = 0;
  for (let k = 0; k <= maxLevel; k++) {
    const vk = g.vocabulary[k] as number;
    const r = g.levels[k];
    const productions = r ? (r.offsets[r.parentCount] as number) : 0;
    work += nodes * ((nc * vk * (vk - 1)) / 2 + (k < maxLevel ? nc * productions : 0));
    bytes += 2 * nc * vk * 8;
    if (!firstOnly) nodes *= g.s;
  }
  return { multiplyAdds: work, memoryBytes: bytes };
}
