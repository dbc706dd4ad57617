import type { RfStage } from '../../../spec/learn';
import { DEFAULT_DELTA } from '../../exact/budgets';
import { gaussianKernel } from '../../exact/lemma10';
import { patchFrequencyBound, posteriorBound } from '../../exact/lemma18';
import type { LevelTheory } from '../../exact/theory';
import type { RuleLevel } from '../../grammar/grammar';
import { embed } from './features';

/** Realisations per patch whose embeddings enter ε_S (the first distinct ones in row order). */
const REALISATIONS_PER_PATCH = 16;

/** What a stage's training data and embedding show about the hypotheses of Lemmas 10 and 18. */
export type LemmaRecord = RfStage['lemmas'];

/** Inputs of {@link measureLemmas}: one stage's training rows with their true first patch. */
export interface LemmaInputs {
  /** N × inDim patch inputs. */
  readonly inputs: Float32Array;
  readonly N: number;
  readonly inDim: number;
  /** The true first level-l patch of every sample (its s symbols at latent[l][i·s^l …]). */
  readonly latent: Int32Array;
  readonly perSample: number;
  readonly s: number;
  readonly labels: Int32Array;
  readonly classes: number;
  readonly omega: Float32Array;
  readonly M: number;
  readonly sigma: number;
  /** Productions of level l−1 (the patches P_l). */
  readonly rules: RuleLevel;
  readonly theory: LevelTheory;
}

/** Production index of every sample's first patch (−1 when the tuple is not a production). */
function patchIndex(inp: LemmaInputs): Int32Array {
  const { rules, s } = inp;
  const key = (a: ArrayLike<number>, off: number): string => Array.from({ length: s }, (_, j) => a[off + j]).join(',');
  const index = new Map<string, number>();
  for (let r = 0; r < rules.children.length / s; r++) index.set(key(rules.children, r * s), r);
  const out = new Int32Array(inp.N);
  for (let i = 0; i < inp.N; i++) out[i] = index.get(key(inp.latent, i * inp.perSample)) ?? -1;
  return out;
}

/** Parent of every production. */
function parents(rules: RuleLevel): Int32Array {
  const out = new Int32Array(rules.offsets[rules.parentCount] ?? 0);
  for (let nu = 0; nu < rules.parentCount; nu++)
    for (let r = rules.offsets[nu] as number; r < (rules.offsets[nu + 1] as number); r++) out[r] = nu;
  return out;
}

/** Lemma 18: max_µ |p̂_µ − p_µ| and max_µ ‖q̂_µ − q_µ‖ / bound_µ at this stage's N. */
function concentration(
  inp: LemmaInputs,
  mu: Int32Array,
): Pick<LemmaRecord, 'pHatDeviation' | 'pHatBound' | 'qHatDeviation' | 'qHatBoundRatio'> {
  const P = inp.theory.patchProbability.length;
  const nc = inp.classes;
  const count = new Float64Array(P);
  const lab = new Float64Array(P * nc);
  for (let i = 0; i < inp.N; i++) {
    const r = mu[i] as number;
    if (r < 0) continue;
    count[r] = (count[r] as number) + 1;
    const k = r * nc + (inp.labels[i] as number);
    lab[k] = (lab[k] as number) + 1;
  }
  const par = parents(inp.rules);
  let pDev = 0;
  let qDev = 0;
  let qRatio = 0;
  for (let r = 0; r < P; r++) {
    const c = count[r] as number;
    pDev = Math.max(pDev, Math.abs(c / inp.N - (inp.theory.patchProbability[r] as number)));
    const q = inp.theory.q[par[r] as number];
    if (c === 0 || !q) continue;
    let d2 = 0;
    for (let z = 0; z < nc; z++) d2 += ((lab[r * nc + z] as number) / c - (q[z] as number)) ** 2;
    qDev = Math.max(qDev, Math.sqrt(d2));
    qRatio = Math.max(qRatio, Math.sqrt(d2) / posteriorBound(nc, P, c, DEFAULT_DELTA));
  }
  return {
    pHatDeviation: pDev,
    pHatBound: patchFrequencyBound(P, inp.N, DEFAULT_DELTA),
    qHatDeviation: qDev,
    qHatBoundRatio: qRatio,
  };
}

/** Rows (by index) kept per patch: the first distinct realisations, the first one being the patch's representative. */
function realisationRows(inp: LemmaInputs, mu: Int32Array): number[][] {
  const P = inp.theory.patchProbability.length;
  const rows: number[][] = Array.from({ length: P }, () => []);
  const seen: Set<string>[] = Array.from({ length: P }, () => new Set());
  for (let i = 0; i < inp.N; i++) {
    const r = mu[i] as number;
    const bucket = rows[r];
    const set = seen[r];
    if (r < 0 || !bucket || !set || bucket.length >= REALISATIONS_PER_PATCH) continue;
    const k = Array.from(inp.inputs.subarray(i * inp.inDim, (i + 1) * inp.inDim)).join(',');
    if (set.has(k)) continue;
    set.add(k);
    bucket.push(i);
  }
  return rows;
}

function dot(x: Float64Array, a: number, b: number, dx: number): number {
  let s = 0;
  for (let j = 0; j < dx; j++) s += (x[a * dx + j] as number) * (x[b * dx + j] as number);
  return s;
}

function inputDistance2(inp: Float32Array, a: number, b: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += ((inp[a * d + j] as number) - (inp[b * d + j] as number)) ** 2;
  return s;
}

/**
 * Lemmas 10 and 18 measured on one stage: ε_O (largest |⟨x_µ, x_µ′⟩| between the
 * embeddings of distinct patches' first realisations), ε_S (largest ‖x − x_µ‖ between a
 * realisation of µ and its first one, up to 16 per patch), the largest deviation of
 * ⟨Φ(h), Φ(h′)⟩ from exp(−‖h − h′‖²/2σ²) over the pairs of first realisations, and the
 * concentration of p̂_µ and q̂_µ against Lemma 18's bounds at the stage's N.
 */
export function measureLemmas(inp: LemmaInputs): LemmaRecord {
  const mu = patchIndex(inp);
  const rows = realisationRows(inp, mu);
  const flat = rows.flat();
  const reps = rows.map((b) => (b.length > 0 ? flat.indexOf(b[0] as number) : -1)).filter((k) => k >= 0);
  const sub = new Float32Array(flat.length * inp.inDim);
  flat.forEach((i, k) => sub.set(inp.inputs.subarray(i * inp.inDim, (i + 1) * inp.inDim), k * inp.inDim));
  const dx = 2 * inp.M;
  const x = embed(sub, flat.length, inp.inDim, inp.omega, inp.M);
  let epsO = 0;
  let kernelDeviation = 0;
  for (let a = 0; a < reps.length; a++)
    for (let b = a + 1; b < reps.length; b++) {
      const ra = reps[a] as number;
      const rb = reps[b] as number;
      const k = dot(x, ra, rb, dx);
      epsO = Math.max(epsO, Math.abs(k));
      kernelDeviation = Math.max(
        kernelDeviation,
        Math.abs(k - gaussianKernel(inputDistance2(sub, ra, rb, inp.inDim), inp.sigma)),
      );
    }
  let epsS = 0;
  let k0 = 0;
  for (const b of rows) {
    for (let j = 1; j < b.length; j++) epsS = Math.max(epsS, Math.sqrt(Math.max(0, 2 - 2 * dot(x, k0, k0 + j, dx))));
    k0 += b.length;
  }
  const P = inp.theory.patchProbability.length;
  return {
    epsO,
    epsOThreshold: 1 / P,
    nearOrthogonal: epsO <= 1 / P,
    epsS,
    kernelDeviation,
    kernelDeviationThreshold: 1 / (2 * P),
    patchesSeen: reps.length,
    ...concentration(inp, mu),
  };
}
