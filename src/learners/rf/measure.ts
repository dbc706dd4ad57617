import type { RfLevel, RfStage } from '../../../spec/learn';
import { isZeroGap } from '../../exact/gaps';
import type { LevelTheory } from '../../exact/theory';
import { valueOrNull } from '../../exact/quantity';
import { realisationGeometry } from './realisations';

type Posteriors = readonly (Float64Array | null)[];

function distance2(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  let d2 = 0;
  for (let z = 0; z < n; z++) {
    const d = (a[aOff + z] as number) - (b[bOff + z] as number);
    d2 += d * d;
  }
  return d2;
}

/** Index of the nearest non-null q-vector to the output row at `off` (−1 when none). */
function nearestQ(o: Float32Array, off: number, q: Posteriors, nc: number): number {
  let idx = -1;
  let best = Infinity;
  q.forEach((v, nu) => {
    if (!v) return;
    const d2 = distance2(o, off, v, 0, nc);
    if (d2 < best) {
      best = d2;
      idx = nu;
    }
  });
  return idx;
}

/** Outputs of one level: rows = n·K patches (K per sample, the first patch of sample i at row i·K). */
export interface LevelOutputs {
  readonly outputs: Float32Array;
  readonly truth: Int32Array;
  readonly perSample: number;
  readonly samples: number;
  readonly classes: number;
  readonly parents: number;
}

/** Nearest-q hits and the largest ‖h − q_µ‖, over all patches and over first patches only. */
function errorsToQ(
  o: LevelOutputs,
  q: Posteriors,
): { hit: number; hitFirst: number; maxErr: number; maxErrFirst: number } {
  let hit = 0;
  let hitFirst = 0;
  let maxErr = 0;
  let maxErrFirst = 0;
  const rows = o.samples * o.perSample;
  for (let r = 0; r < rows; r++) {
    const nu = o.truth[r] as number;
    const first = r % o.perSample === 0;
    const ok = nearestQ(o.outputs, r * o.classes, q, o.classes) === nu;
    const qn = q[nu];
    const e = qn ? Math.sqrt(distance2(o.outputs, r * o.classes, qn, 0, o.classes)) : Infinity;
    if (ok) hit++;
    if (ok && first) hitFirst++;
    maxErr = Math.max(maxErr, e);
    if (first) maxErrFirst = Math.max(maxErrFirst, e);
  }
  return { hit, hitFirst, maxErr, maxErrFirst };
}

/** Mean output of every parent's patches (parents × n_c) and how many patches each has. */
function meanOutputs(o: LevelOutputs): { means: Float64Array; counts: Float64Array } {
  const { classes: nc, parents } = o;
  const means = new Float64Array(parents * nc);
  const counts = new Float64Array(parents);
  const rows = o.samples * o.perSample;
  for (let r = 0; r < rows; r++) {
    const nu = o.truth[r] as number;
    counts[nu] = (counts[nu] as number) + 1;
    for (let z = 0; z < nc; z++)
      means[nu * nc + z] = (means[nu * nc + z] as number) + (o.outputs[r * nc + z] as number);
  }
  for (let nu = 0; nu < parents; nu++) {
    const c = counts[nu] as number;
    if (c > 0) for (let z = 0; z < nc; z++) means[nu * nc + z] = (means[nu * nc + z] as number) / c;
  }
  return { means, counts };
}

/** ε̃_S (largest distance of an output to its parent's mean) and ρ̃ (smallest distance between two parents' means). */
function spreadAndGap(o: LevelOutputs): { spread: number; gap: number } {
  const { means, counts } = meanOutputs(o);
  const nc = o.classes;
  let spread = 0;
  const rows = o.samples * o.perSample;
  for (let r = 0; r < rows; r++) {
    const nu = o.truth[r] as number;
    spread = Math.max(spread, Math.sqrt(distance2(o.outputs, r * nc, means, nu * nc, nc)));
  }
  let gap = Infinity;
  for (let a = 0; a < o.parents; a++) {
    if (!(counts[a] as number)) continue;
    for (let b = a + 1; b < o.parents; b++) {
      if (counts[b] as number) gap = Math.min(gap, Math.sqrt(distance2(means, a * nc, means, b * nc, nc)));
    }
  }
  return { spread, gap };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Recovery measurements of one level from held-out outputs (theory.md §6): the
 * nearest-q rate, max‖h − q_µ‖ against Theorem 7's ε_*^(l) (both from the theory
 * layer), and the spread of each parent's outputs against the gap between parents.
 */
/** max over every patch of the outputs of ‖h − q_µ‖ (Infinity when a parent never occurs). */
export function maxDistanceToQ(o: LevelOutputs, q: Posteriors): number {
  return errorsToQ(o, q).maxErr;
}

/**
 * @param supportMaxDistance - max‖h − q_µ‖ over every input of the grammar, when it was evaluated
 *   there (small supports); otherwise the held-out maximum is the recovery criterion.
 */
export function measureRfLevel(
  o: LevelOutputs,
  theory: LevelTheory,
  stage: RfStage,
  supportMaxDistance?: number,
): RfLevel {
  const e = errorsToQ(o, theory.q);
  const scope = supportMaxDistance === undefined ? 'held-out' : 'support';
  const maxDistance = supportMaxDistance ?? e.maxErr;
  const sg = spreadAndGap(o);
  const rows = o.samples * o.perSample;
  const geo = realisationGeometry(o.outputs, o.truth, rows, o.classes);
  const eps = theory.theorem7.epsilon;
  const rho = valueOrNull(theory.rho);
  const halfGap = rho === null ? null : rho / 2;
  const where = scope === 'support' ? 'every input of the grammar' : 'every held-out patch';
  return {
    kind: 'layerwise-rf',
    level: theory.level,
    recoveryRate: rows === 0 ? 0 : e.hit / rows,
    recoveryRateFirstPatch: o.samples === 0 ? 0 : e.hitFirst / o.samples,
    heldOutPatches: rows,
    maxErrorToQ: finite(e.maxErr),
    maxErrorToQFirstPatch: finite(e.maxErrFirst),
    epsilonStar: valueOrNull(eps),
    ...(eps.status === 'undefined' ? { epsilonStarReason: eps.reason } : {}),
    withinEpsilonStar: eps.status === 'value' ? e.maxErrFirst <= eps.value : null,
    intraClusterSpread: sg.spread,
    interClusterGap: finite(sg.gap),
    separated: Number.isFinite(sg.gap) ? sg.spread < sg.gap / 2 : false,
    exactGap: rho,
    maxDistanceToQ: finite(maxDistance),
    maxDistanceScope: scope,
    halfGap,
    recovered: halfGap !== null && halfGap > 0 && maxDistance < halfGap,
    recoveryCriterion: `max‖h − q_µ^(${theory.level})‖ over ${where} < ρ̂^(${theory.level})/2`,
    intraDiameter: geo.intraDiameter,
    interDistance: finite(geo.interDistance),
    assumption9: geo.intraDiameter < geo.interDistance,
    realisations: geo.realisations,
    realisationsComplete: geo.complete,
    stage,
  };
}

/**
 * Why a `layerwise-rf` run did not recover every level in the paper's sense
 * (`recovered`: max‖h − q_µ‖ < ρ̂/2); undefined when every level is recovered.
 * Names the lowest failing level first (the levels above it read its outputs).
 */
export function rfReason(levels: readonly RfLevel[], theory: readonly LevelTheory[]): string | undefined {
  const failing = levels.filter((m) => !m.recovered);
  if (failing.length === 0) return undefined;
  const worst = failing.reduce((a, b) => (b.level > a.level ? b : a));
  const t = theory[worst.level - 1];
  if (!t) return undefined;
  const l = worst.level;
  const rho = valueOrNull(t.rho);
  const rate = `nearest-q rate ${(worst.recoveryRate ?? 0).toFixed(4)}`;
  let why: string;
  if (isZeroGap(t.gap.gap)) {
    why = `zero gap: two level-${l - 1} symbols have identical first-patch label posteriors (exact ρ̂^(${l}) = ${rho === null ? 'undefined' : rho.toExponential(2)}), so no regression on the first patch separates them`;
  } else if (rho === null) {
    why = `ρ̂^(${l}) is undefined (${t.rho.status === 'undefined' ? t.rho.reason : ''}), so there is no half gap to be within`;
  } else {
    why = `max‖h − q‖ = ${worst.maxDistanceToQ === null ? 'undefined' : worst.maxDistanceToQ.toPrecision(3)} is not below ρ̂^(${l})/2 = ${(rho / 2).toPrecision(3)}: too few fresh samples or features for this stage`;
  }
  const others = failing.filter((m) => m.level !== l).map((m) => m.level);
  const also = others.length > 0 ? `; levels ${others.join(', ')} are not recovered either` : '';
  return `level ${l} not recovered in the paper's sense (${rate}): ${why}${also}`;
}
