import { type Rng, sampleDistinct } from '../../util/rng';
import { cagnettaLevel } from './cagnetta';

/**
 * The correlation-free family: [C]'s control for deep networks, an RHM with the
 * hierarchy kept and every label–patch correlation removed.
 *
 * **Definition.** Levels 1..L−1 are drawn exactly as by the [C]-style sampler
 * (`cagnetta`, same streams, so a correlation-free grammar and the cagnetta
 * grammar of the same seed differ only in their root rules). The root rules
 * R_0 are a Latin rectangle: draw a random order p of the v level-1 symbols and
 * set, for each position c = 1..s, A_c = (p[(c−1)m], …, p[(c−1)m + m − 1]) (indices
 * mod v, so the positions together cover V_1 when s·m ≥ v); draw n_c distinct
 * shifts σ_ζ ∈ [0, m) and, for c ≥ 3, a permutation τ_{ζ,c} of [m] per class; class
 * ζ's j-th production (j = 0..m−1) is
 *
 *     (A_1[j], A_2[(j + σ_ζ) mod m], A_3[τ_{ζ,3}(j)], …, A_s[τ_{ζ,s}(j)]).
 *
 * **What it guarantees.** (i) Rule structure: every class has m distinct
 * productions and no tuple has two classes (distinct shifts), so the grammar is
 * (V,m)-uniform and non-ambiguous and the label stays a deterministic function
 * of the input (same P_max = n_c·m^((s^L−1)/(s−1)) as the matched RHM).
 * (ii) No correlations: at every position c every class uses each symbol of A_c
 * exactly once, so P(level-1 token at c = a | ζ) = 1/m for a ∈ A_c whatever ζ;
 * the rows of F_0^(c) are identical, hence for every l ≥ 2 and every patch
 * position q_µ^(l) = (1/n_c, …, 1/n_c): every level-l tuple (in particular every
 * input patch, and every set of input tokens below one level-1 node) is equally
 * likely in every class. The gap ρ̂^(l) is exactly 0 for l ≥ 2 at every position
 * (a zero-gap family): only the joint of the s level-1 symbols carries the label.
 * Needs n_c ≤ m (distinct shifts) and m ≤ v (A_c has m distinct symbols).
 *
 * @returns rules[ν] = the m productions of parent ν of level `level`.
 * @throws RangeError when the bounds above fail at the root (the caller validates first).
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
