import type { Rng } from '../../util/rng';
import { drawDistinctTuples } from './tuples';

/**
 * Rules of one level in the style of [C] (Cagnetta et al., PRX 2024):
 * draw parents·m distinct s-tuples of child symbols uniformly without
 * replacement and give m consecutive ones to each parent. Non-ambiguous and
 * (V,m)-uniform by construction; token marginals are not uniform.
 *
 * @param parents - |V_l| (n_c at the root).
 * @param children - |V_{l+1}| (v).
 * @returns rules[ν] = the m productions of parent ν.
 */
export function cagnettaLevel(rng: Rng, parents: number, children: number, m: number, s: number): number[][][] {
  const tuples = drawDistinctTuples(rng, children, s, parents * m);
  return Array.from({ length: parents }, (_, nu) => tuples.slice(nu * m, nu * m + m));
}
