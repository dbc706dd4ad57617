import { type Quantity, undefinedQuantity, value } from './quantity';

/**
 * Lemma 10 of [R] (near-orthogonality of the random-feature embeddings) turned into
 * hyper-parameters for one stage of the layerwise learner.
 *
 * Setting. Stage l embeds a patch input h ∈ R^D (D = s·d_e: s slots, each one-hot or a
 * normalised output of the stage below) with M random Fourier frequencies ω ~ N(0, σ^(−2) I);
 * ⟨Φ(h), Φ(h′)⟩ = (1/M)·Σ_k cos ω_k·(h − h′), whose mean is the Gaussian kernel
 * exp(−‖h − h′‖²/2σ²). The lemma asks that embeddings of distinct patches be nearly
 * orthogonal, |⟨x_µ, x_µ′⟩| ≤ ε_O with ε_O ≲ 1/|P_l|, when their inputs are at least ρ̃ apart.
 *
 * Derivation (the harness's documented choice of constants). Split ε_O in two halves:
 * 1. the kernel itself: exp(−ρ̃²/2σ²) ≤ ε_O/2  ⇔  σ² ≤ ρ̃²/(2 ln(2/ε_O));
 * 2. the random-feature deviation from the kernel, uniformly over the input set:
 *    sup |⟨Φ(h), Φ(h′)⟩ − k(h, h′)| ≤ ε_O/2 with probability ≥ 1 − δ, which the uniform
 *    bound for (cos, sin) features (Rahimi & Recht 2007, in the constants of Sutherland &
 *    Schneider 2015) gives once M ≥ 4(D+2)/ε² · ln(66(σ_p·ℓ/ε)²/δ), with ε = ε_O/2,
 *    σ_p² = E‖ω‖² = D/σ² and ℓ the diameter of the input set.
 * So M grows as s·d_e/ε_O² (times a logarithm), as the lemma says. Issue 11 wrote the
 * bandwidth condition as σ² ≤ 2ρ̃²/log(2/ε_O); that form would give a kernel value
 * (ε_O/2)^(1/4), far above ε_O, so the harness reads it as the typo of
 * σ² ≤ ρ̃²/(2 ln(2/ε_O)) derived above.
 */

/** ε_O = 1/|P_l|: the near-orthogonality Lemma 10 needs at a stage with |P_l| patches. */
export function nearOrthogonalityTarget(patchCount: number): number {
  return 1 / patchCount;
}

/**
 * The largest bandwidth with exp(−ρ̃²/2σ²) ≤ ε_O/2: σ = ρ̃/√(2 ln(2/ε_O)) (see the file comment).
 *
 * @param separation - ρ̃: the smallest distance between the inputs of two distinct patches
 *   (√2 for one-hot inputs; the measured gap of the stage below's output clusters above).
 * @param epsO - ε_O in (0, 1).
 * @example lemma10Bandwidth(Math.SQRT2, 1 / 32) // ≈ 0.491
 */
export function lemma10Bandwidth(separation: number, epsO: number): Quantity {
  if (!(separation > 0) || !Number.isFinite(separation))
    return undefinedQuantity(`the input separation ρ̃ = ${separation} is not a positive number`);
  if (!(epsO > 0 && epsO < 1)) return undefinedQuantity(`ε_O = ${epsO} is not in (0, 1)`);
  return value(separation / Math.sqrt(2 * Math.log(2 / epsO)));
}

/** Inputs of {@link lemma10Width}. */
export interface WidthInputs {
  /** D = s·d_e: the dimension of a patch input. */
  readonly inputDim: number;
  /** σ: the bandwidth the frequencies are drawn with. */
  readonly sigma: number;
  /** ℓ: the diameter of the set of patch inputs (√(2s) for s slots on the probability simplex). */
  readonly diameter: number;
  /** ε_O: the near-orthogonality aimed for (the deviation budget is ε_O/2). */
  readonly epsO: number;
  /** δ: failure probability of the uniform bound. */
  readonly delta: number;
}

/**
 * The number of frequencies M with which ⟨Φ(h), Φ(h′)⟩ is within ε_O/2 of the Gaussian
 * kernel uniformly over the input set, with probability ≥ 1 − δ:
 * M = ⌈4(D+2)/ε² · ln(66(σ_p·ℓ/ε)²/δ)⌉, ε = ε_O/2, σ_p = √D/σ (see the file comment).
 * A prescription, to be set beside the M a run can afford.
 *
 * @example lemma10Width({ inputDim: 16, sigma: 0.49, diameter: 2, epsO: 1 / 32, delta: 0.01 }) // ≈ 1.8·10^6
 */
export function lemma10Width(inp: WidthInputs): Quantity {
  const { inputDim: D, sigma, diameter, epsO, delta } = inp;
  if (!(sigma > 0) || !Number.isFinite(sigma)) return undefinedQuantity(`σ = ${sigma} is not a positive number`);
  if (!(epsO > 0 && epsO < 1)) return undefinedQuantity(`ε_O = ${epsO} is not in (0, 1)`);
  const eps = epsO / 2;
  const sigmaP = Math.sqrt(D) / sigma;
  const log = Math.log((66 * ((sigmaP * diameter) / eps) ** 2) / delta);
  return value(Math.ceil(((4 * (D + 2)) / (eps * eps)) * Math.max(log, 1)));
}

/** ℓ = √(2s): the diameter of s concatenated probability vectors (each slot on the simplex, diameter √2). */
export function simplexPatchDiameter(s: number): number {
  return Math.sqrt(2 * s);
}

/** The Gaussian kernel exp(−‖h − h′‖²/2σ²) that ⟨Φ(h), Φ(h′)⟩ estimates, from the squared distance. */
export function gaussianKernel(distance2: number, sigma: number): number {
  return Math.exp(-distance2 / (2 * sigma * sigma));
}
