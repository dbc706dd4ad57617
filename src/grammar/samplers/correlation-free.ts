import { type Rng, sampleDistinct } from '../../util/rng';
import { cagnettaLevel } from './cagnetta';

/**
 * The correlation-free family: [C]'s control for deep networks, an RHM with the
 * hierarchy kept and the label–patch correlations removed.
 *
 * **Latin rules.** For a level with `parents` symbols, draw a random order p of
 * the children and set, for each position c = 1..s, A_c = (p[(c−1)m], …,
 * p[(c−1)m + m − 1]) (indices mod v, so the positions together cover V_{l+1}
 * when s·m ≥ v); draw `parents` distinct shifts σ_ν ∈ [0, m) and, for c ≥ 3, a
 * permutation τ_{ν,c} of [m] per parent. Parent ν's j-th production (j = 0..m−1) is
 *
 *     (A_1[j], A_2[(j + σ_ν) mod m], A_3[τ_{ν,3}(j)], …, A_s[τ_{ν,s}(j)]).
 *
 * Every parent uses each symbol of A_c exactly once at position c, and no tuple
 * has two parents (distinct shifts). It needs parents ≤ m ≤ v.
 *
 * **The family.** The root (level 0) always has Latin rules (n_c ≤ m ≤ v). A
 * level l ≥ 1 has Latin rules too when m = v (then parents = v ≤ m ≤ v holds);
 * otherwise it is drawn exactly as by the [C]-style sampler (`cagnetta`, same
 * stream, so it matches the cagnetta grammar of the same seed level for level).
 *
 * **What it guarantees.** (i) Rule structure: (V,m)-uniform and non-ambiguous,
 * so the label is a deterministic function of the input, with the P_max of the
 * matched RHM. (ii) No correlations: the rows of F_0^(c) are identical (uniform on
 * A_c) at every position c, hence for every l ≥ 2 and every patch position
 * q_µ^(l) = (1/n_c, …, 1/n_c) exactly: every level-l tuple (every input patch, and
 * every set of input tokens under one level-1 node) is equally likely in every
 * class, and ρ̂^(l) = 0 exactly (a zero-gap family). (iii) With m = v = n_c (s = 2)
 * every node is a Latin-square function of its children and every input string is
 * valid, so the label is independent of any d − 1 input tokens: no correlation of
 * any order below d, a parity-like task.
 *
 * @returns rules[ν] = the m productions of parent ν of level `level`.
 * @throws RangeError when n_c ≤ m ≤ v fails at the root (the caller validates first).
 */
export function correlationFreeLevel(
  rng: Rng,
  parents: number,
  children: number,
  m: number,
  s: number,
  level: number,
): number[][][] {
  if (level > 0 && !(m === children && parents === children)) return cagnettaLevel(rng, parents, children, m, s);
  if (parents > m || m > children) throw new RangeError('correlation-free roots need n_c ≤ m ≤ v');
  const order = rng.shuffled(Array.from({ length: children }, (_, a) => a));
  const at = (c: number, j: number): number => order[(c * m + j) % children] as number;
  const shifts = sampleDistinct(rng, m, parents);
  return Array.from({ length: parents }, (_, zeta) => {
    const perms = Array.from({ length: s }, () => rng.shuffled(Array.from({ length: m }, (_, j) => j)));
    return Array.from({ length: m }, (_, j) =>
      Array.from({ length: s }, (_, c) => {
        if (c === 0) return at(0, j);
        if (c === 1) return at(1, (j + (shifts[zeta] as number)) % m);
        return at(c, (perms[c] as number[])[j] as number);
      }),
    );
  });
}
