import type { Rng } from '../../util/rng';
import { drawDistinctTuples } from './tuples';

/**
 * Rules of one level as in [R] Appendix B: every child symbol a is the first
 * token of exactly k = parents·m / children candidate patches, whose suffixes
 * are drawn from V^(s−1) without replacement; the candidates are shuffled and
 * split among the parents, m each. The first-token marginal stays uniform at
 * every level, so κ = 1. With parents = children (the paper's setting) k = m.
 *
 * @returns rules[ν] = the m productions of parent ν.
 * @throws RangeError when parents·m is not a multiple of children (the caller validates first).
 */
export function uniformFirstTokenLevel(
  rng: Rng,
  parents: number,
  children: number,
  m: number,
  s: number,
): number[][][] {
  const k = (parents * m) / children;
  if (!Number.isInteger(k)) throw new RangeError('parents·m must be a multiple of children');
  const candidates: number[][] = [];
  for (let a = 0; a < children; a++) {
    for (const suffix of drawDistinctTuples(rng, children, s - 1, k)) candidates.push([a, ...suffix]);
  }
  const shuffled = rng.shuffled(candidates);
  return Array.from({ length: parents }, (_, nu) => shuffled.slice(nu * m, nu * m + m));
}
