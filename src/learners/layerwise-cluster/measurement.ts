import type { Grammar } from '../../grammar/grammar';
import type { ClusterLevel } from '../../../spec/learn';
import { isZeroDistance } from '../../exact/gaps';
import { exactLevelGaps, type ExactLevelGap } from '../../exact/positional-gap';
import { grammarTheory } from '../../exact/theory';
import { matchedRecovery } from '../matching';

/** A level's measurements before the exact gaps are attached. */
export type ClusterMeasured = Omit<ClusterLevel, 'exactGap' | 'exactGapAllPositions'>;
import type { StageResult } from './clustering';

/**
 * What `layerwise-cluster` measures: cluster ids passed up a level, per-level
 * recovery against the true parents, the level-1 cluster → label vote and its
 * test error, the exact gaps beside them, and the reason a run failed.
 */

/** Map a sequence of level-l ids (width per sample) to the level-(l−1) cluster ids of its patches (−1 for unseen patches). */
export function mapUp(seq: Int32Array, n: number, width: number, s: number, stage: StageResult): Int32Array {
  const K = width / s;
  const out = new Int32Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < K; p++) {
      const id = stage.index.get(seq, i * width + p * s);
      out[i * K + p] = id < 0 ? -1 : (stage.clusterOf[id] as number);
    }
  }
  return out;
}

/**
 * Recovery of level l on held-out data: the held-out cluster ids against the true level-(l−1) symbols.
 * @param predicted - cluster id of every held-out level-l patch (−1: unseen in training).
 * @param truth - the true parent of each.
 * @param k - |V_{l−1}|.
 * @param m - productions per symbol (null when it varies).
 */
export function levelRecovery(
  level: number,
  predicted: Int32Array,
  truth: Int32Array,
  k: number,
  m: number | null,
  stage: StageResult,
): ClusterMeasured {
  const rec = matchedRecovery(predicted, truth, k, k);
  let unseen = 0;
  for (let i = 0; i < predicted.length; i++) if ((predicted[i] as number) < 0) unseen++;
  return {
    kind: 'layerwise-cluster',
    level,
    recoveryRate: rec.rate,
    heldOutPatches: rec.total,
    heldOutUnseenPatches: unseen,
    possiblePatches: m === null ? null : k * m,
    ...stage.measurement,
  };
}

/** Label of each level-1 cluster by majority vote over the training labels (−1 for a cluster with no votes). */
export function majorityLabels(clusters: Int32Array, labels: Int32Array, n: number, nc: number): Int32Array {
  const votes = new Float64Array(nc * nc);
  for (let i = 0; i < n; i++) {
    const c = clusters[i] as number;
    if (c < 0) continue;
    const at = c * nc + (labels[i] as number);
    votes[at] = (votes[at] as number) + 1;
  }
  const labelOf = new Int32Array(nc).fill(-1);
  for (let c = 0; c < nc; c++) {
    let best = -1;
    let bc = 0;
    for (let z = 0; z < nc; z++) {
      const v = votes[c * nc + z] as number;
      if (v > bc) {
        bc = v;
        best = z;
      }
    }
    labelOf[c] = best;
  }
  return labelOf;
}

/** Fraction of held-out samples whose level-1 cluster votes for a label other than theirs (unseen patches count as wrong). */
export function voteError(clusters: Int32Array, labels: Int32Array, labelOf: Int32Array, nt: number): number {
  let wrong = 0;
  for (let i = 0; i < nt; i++) {
    const c = clusters[i] as number;
    const pred = c < 0 ? -1 : (labelOf[c] as number);
    if (pred !== labels[i]) wrong++;
  }
  return wrong / nt;
}

/** Explain the first level (bottom-up, in training order) that was not recovered. */
export function recoveryReason(
  levels: readonly ClusterMeasured[],
  gaps: readonly ExactLevelGap[] | null,
): string | undefined {
  const failing = levels.filter((m) => m.recoveryRate !== null && m.recoveryRate < 1).map((m) => m.level);
  if (failing.length === 0) return undefined;
  const worst = Math.max(...failing);
  const m = levels.find((x) => x.level === worst);
  const gap = gaps?.find((x) => x.level === worst);
  const why = gap ? gapExplanation(gap, worst) : NOT_ENOUGH_SAMPLES;
  const others = failing.filter((l) => l !== worst);
  return `level ${worst} not recovered (recovery rate ${(m?.recoveryRate ?? 0).toFixed(4)} on held-out patches): ${why}${others.length > 0 ? `; levels ${others.join(', ')} above it inherit its errors or fail too` : ''}`;
}

const NOT_ENOUGH_SAMPLES = "not enough samples to separate its parents' label statistics";

/** Why level `level` failed, given its exact gap: a zero gap (with the two witness symbols) or too few samples for the gap. */
function gapExplanation(gap: ExactLevelGap, level: number): string {
  const g = gap.allPositionsGap ?? gap.firstPatchGap;
  const w = gap.allPositionsGap !== null ? gap.allPositionsWitness : gap.firstPatchWitness;
  if (isZeroDistance(g) && w) {
    return `zero gap: level-${level - 1} symbols ${w[0]} and ${w[1]} have identical label posteriors at every position (exact gap ${g.toExponential(2)}), so no label statistic separates their patches`;
  }
  return `${NOT_ENOUGH_SAMPLES} (exact gap ${g.toPrecision(3)}${gap.allPositionsGap !== null ? ' over all positions' : ' at the first patch'}, first-patch ρ̂ = ${gap.firstPatchGap.toPrecision(3)})`;
}

/** Exact gaps only for grammars small enough that the v³ matrix products stay cheap. */
export function exactGapsIfSmall(g: Grammar): ExactLevelGap[] | null {
  return Math.max(...g.vocabulary) <= 512 ? exactLevelGaps(g, grammarTheory(g)) : null;
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** The measurements sorted by level, each with its exact first-patch and all-positions gaps (null when not computed). */
export function withExactGaps(
  measured: readonly ClusterMeasured[],
  gaps: readonly ExactLevelGap[] | null,
): ClusterLevel[] {
  return measured
    .map((m) => {
      const gap = gaps?.find((x) => x.level === m.level);
      const out: ClusterLevel = {
        ...m,
        exactGap: gap ? finiteOrNull(gap.firstPatchGap) : null,
        exactGapAllPositions: gap ? finiteOrNull(gap.allPositionsGap) : null,
      };
      return out;
    })
    .sort((a, b) => a.level - b.level);
}
