import { isZeroDistance } from '../../exact/gaps';
import { lemma10Bandwidth, nearOrthogonalityTarget } from '../../exact/lemma10';
import { value, valueOrNull } from '../../exact/quantity';
import type { GrammarTheory } from '../../exact/theory';
import { classCount, type Grammar } from '../../grammar/grammar';
import { kmeans } from '../kmeans';
import type { LayerwiseRfOptions } from './options';
import type { Rng } from '../../util/rng';

/** Clusters closer than this multiple of their larger RMS radius are taken as one (a k-means split of a single cluster). */
const SPLIT_RADIUS_FACTOR = 2;

/**
 * Estimate the separation of a stage's outputs: k-means (k = |V_l|) on up to 4096
 * outputs, then repeatedly merge the two closest clusters while their centroid
 * distance is below {@link SPLIT_RADIUS_FACTOR} times the larger RMS radius (k-means
 * splits a true cluster when it has too many centroids or a bad start); the estimate is
 * the smallest distance between the remaining centroids, or, when merging leaves a
 * single cluster (outputs noisier than their separation), the distance of the last merge.
 */
export function estimateGap(outputs: Float32Array, rows: number, nc: number, k: number, rng: Rng): number {
  const take = Math.min(rows, 4096);
  const pts = Float64Array.from(outputs.subarray(0, take * nc));
  const km = kmeans(pts, new Float64Array(take).fill(1), take, nc, k, rng, 8, 100);
  const assign = Int32Array.from(km.assignment);
  const stats = (): { c: Float64Array; n: Float64Array; rms: Float64Array } => {
    const c = new Float64Array(k * nc);
    const n = new Float64Array(k);
    for (let i = 0; i < take; i++) {
      const a = assign[i] as number;
      n[a] = (n[a] as number) + 1;
      for (let z = 0; z < nc; z++) c[a * nc + z] = (c[a * nc + z] as number) + (pts[i * nc + z] as number);
    }
    for (let a = 0; a < k; a++)
      if ((n[a] as number) > 0)
        for (let z = 0; z < nc; z++) c[a * nc + z] = (c[a * nc + z] as number) / (n[a] as number);
    const rms = new Float64Array(k);
    for (let i = 0; i < take; i++) {
      const a = assign[i] as number;
      let d2 = 0;
      for (let z = 0; z < nc; z++) d2 += ((pts[i * nc + z] as number) - (c[a * nc + z] as number)) ** 2;
      rms[a] = (rms[a] as number) + d2;
    }
    for (let a = 0; a < k; a++) if ((n[a] as number) > 0) rms[a] = Math.sqrt((rms[a] as number) / (n[a] as number));
    return { c, n, rms };
  };
  // Distance of the last merged pair: the separation to report if merging leaves one cluster
  // (noisy outputs whose radius exceeds their gap), instead of no separation at all.
  let lastMerged = Infinity;
  for (;;) {
    const { c, n, rms } = stats();
    let best = Infinity;
    let pair: [number, number] | null = null;
    let pairDistance = Infinity;
    let minGap = Infinity;
    for (let a = 0; a < k; a++) {
      if (!(n[a] as number)) continue;
      for (let b = a + 1; b < k; b++) {
        if (!(n[b] as number)) continue;
        let d2 = 0;
        for (let z = 0; z < nc; z++) d2 += ((c[a * nc + z] as number) - (c[b * nc + z] as number)) ** 2;
        const d = Math.sqrt(d2);
        minGap = Math.min(minGap, d);
        const ratio = d / Math.max(rms[a] as number, rms[b] as number, 1e-12);
        if (ratio < best) {
          best = ratio;
          pair = [a, b];
          pairDistance = d;
        }
      }
    }
    if (pair === null) return lastMerged;
    if (!(best < SPLIT_RADIUS_FACTOR)) return minGap;
    lastMerged = pairDistance;
    const [a, b] = pair;
    for (let i = 0; i < take; i++) if (assign[i] === b) assign[i] = a;
  }
}

/** σ of stage l, where it came from, and the Lemma 10 quantities it was derived with. */
export interface SigmaChoice {
  readonly sigma: number;
  readonly source: string;
  /** ρ̃: the input separation σ was tied to (null for a fixed σ). */
  readonly separation: number | null;
  /** ε_O = 1/|P_l| (Lemma 10). */
  readonly epsO: number;
  /** Lemma 10's bandwidth ρ̃/√(2 ln(2/ε_O)) for this separation (null when undefined). */
  readonly lemma10Sigma: number | null;
}

/** The kernel floor aimed for at stage l: the option's number, or ε_O/2 for 'lemma10'. */
function kernelFloorOf(opts: LayerwiseRfOptions, l: number, L: number): number | 'lemma10' {
  const f = l === L ? opts.kernelFloor : opts.upperKernelFloor;
  return f === 'lemma10' ? 'lemma10' : f;
}

/** The separation ρ̃ of stage l's input clusters and where it came from. */
function inputSeparation(
  opts: LayerwiseRfOptions,
  l: number,
  g: Grammar,
  theory: GrammarTheory,
  reps: Float32Array,
  rows: number,
  rng: Rng,
): { sep: number; source: string } {
  let sep: number;
  let source: string;
  if (l === g.L) {
    sep = Math.SQRT2;
    source = 'one-hot separation √2';
  } else if (opts.sigma === 'oracle') {
    sep = valueOrNull(theory.levels[l]?.rho ?? value(NaN)) ?? NaN;
    source = `oracle ρ̂^(${l + 1})`;
  } else {
    sep = estimateGap(reps, rows, classCount(g), g.vocabulary[l] as number, rng);
    source = `estimated gap of stage-${l + 1} outputs`;
  }
  if (isZeroDistance(sep) || !Number.isFinite(sep)) {
    // No separation to tie σ to (a zero gap, or a single cluster): fall back to the widest scale.
    sep = Math.SQRT2;
    source += ' (no positive separation found: fallback √2)';
  }
  return { sep, source };
}

/** σ of stage l and where it came from (see {@link layerwiseRf}). */
export function chooseSigma(
  opts: LayerwiseRfOptions,
  l: number,
  g: Grammar,
  theory: GrammarTheory,
  reps: Float32Array,
  rows: number,
  rng: Rng,
): SigmaChoice {
  const lt = theory.levels[l - 1];
  const epsO = nearOrthogonalityTarget(lt?.patchCount ?? 1);
  if (typeof opts.sigma === 'number')
    return { sigma: opts.sigma, source: 'fixed', separation: null, epsO, lemma10Sigma: null };
  const { sep, source } = inputSeparation(opts, l, g, theory, reps, rows, rng);
  const lemma10Sigma = valueOrNull(lemma10Bandwidth(sep, epsO));
  const floor = kernelFloorOf(opts, l, g.L);
  if (floor === 'lemma10' && lemma10Sigma !== null)
    return { sigma: lemma10Sigma, source: `${source}, Lemma 10 (ε_O = 1/|P_l|)`, separation: sep, epsO, lemma10Sigma };
  const f = floor === 'lemma10' ? epsO / 2 : floor;
  return { sigma: sep / Math.sqrt(2 * Math.log(1 / f)), source, separation: sep, epsO, lemma10Sigma };
}
