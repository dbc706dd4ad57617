/**
 * Concentration of the empirical patch law and label posteriors at a stage's sample
 * size (the role of Lemma 18 of [R] in the proof of Theorem 7), as Hoeffding bounds
 * with a union bound — the harness's reading, with its constants stated:
 * - p̂_µ, the frequency of first patch µ among N fresh samples:
 *   max_µ |p̂_µ − p_µ| ≤ √(ln(2|P_l|/δ)/(2N)) with probability ≥ 1 − δ;
 * - q̂_µ, the label frequencies among the N_µ samples whose first patch is µ:
 *   ‖q̂_µ − q_µ‖₂ ≤ √(n_c·ln(2n_c|P_l|/δ)/(2N_µ)) for every µ, with probability ≥ 1 − δ
 *   (per coordinate, then the ℓ2 norm of n_c coordinates).
 */

/** √(ln(2|P_l|/δ)/(2N)): the uniform deviation bound of p̂ over the |P_l| patches. */
export function patchFrequencyBound(patchCount: number, samples: number, delta: number): number {
  return Math.sqrt(Math.log((2 * patchCount) / delta) / (2 * samples));
}

/** √(n_c·ln(2n_c|P_l|/δ)/(2N_µ)): the ℓ2 deviation bound of q̂_µ from N_µ samples (∞ when N_µ = 0). */
export function posteriorBound(classes: number, patchCount: number, patchSamples: number, delta: number): number {
  if (patchSamples <= 0) return Infinity;
  return Math.sqrt((classes * Math.log((2 * classes * patchCount) / delta)) / (2 * patchSamples));
}
