import { type Grammar, type RuleLevel, classCount } from './grammar';

/** P_max = n_c · m^((s^L − 1)/(s − 1)) of a (V,m)-uniform grammar with these parameters, exact. */
export function uniformPMax(classes: number, m: number, s: number, L: number): bigint {
  const internal = (BigInt(s) ** BigInt(L) - 1n) / BigInt(s - 1);
  return BigInt(classes) * BigInt(m) ** internal;
}

/**
 * Number of derivations of the grammar: for a (V,m)-uniform grammar
 * P_max = n_c · m^((s^L − 1)/(s − 1)); in general the sum over labels of the
 * product of production counts, computed bottom-up. Equals the number of
 * distinct inputs when the grammar is non-ambiguous. Exact (BigInt).
 */
export function pMax(g: Grammar): bigint {
  if (g.m !== null) return uniformPMax(classCount(g), g.m, g.s, g.L);
  // count[ν] at level l = Σ_productions Π_children count[child] at level l+1.
  let below: bigint[] = new Array<bigint>(g.vocabulary[g.L] as number).fill(1n);
  for (let l = g.L - 1; l >= 0; l--) {
    const r = g.levels[l] as RuleLevel;
    const here: bigint[] = new Array<bigint>(r.parentCount).fill(0n);
    for (let nu = 0; nu < r.parentCount; nu++) {
      let total = 0n;
      for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
        let prod = 1n;
        for (let c = 0; c < g.s; c++) prod *= below[r.children[p * g.s + c] as number] as bigint;
        total += prod;
      }
      here[nu] = total;
    }
    below = here;
  }
  return below.reduce((a, b) => a + b, 0n);
}
