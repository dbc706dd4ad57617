import type { LevelGapReport, WeakIdentifiabilityDetails, WeakIdentifiabilityWitness } from '../../spec/check-details';
import type { Violation } from '../../spec/violation';
import { analyseGrammar, type ExactAnalysis, type LevelAnalysis } from '../exact/analysis';
import { FLOAT_ZERO_GAP, kRhoQuantity, type NodeGap, normalizedGap, prop19Reference } from '../exact/gaps';
import { reasonOf, valueOrNull } from '../exact/quantity';
import { type Grammar, productionsOf } from '../grammar/grammar';
import { type AssumptionVerdict, askers } from './types';

export type { LevelGapReport, WeakIdentifiabilityDetails, WeakIdentifiabilityWitness };

/** Options of the `weak-identifiability` check. */
export interface WeakIdentifiabilityOptions {
  /** Demand ρ̂^(l) > minGap at every level (default 0: any positive gap). */
  readonly minGap: number;
  /** Also compute the minimum gap over every patch position ('all'), or only the paper's first patch. */
  readonly positions: 'first' | 'all';
}

/** Defaults of {@link WeakIdentifiabilityOptions}. */
export const WEAK_IDENTIFIABILITY_DEFAULTS: WeakIdentifiabilityOptions = Object.freeze({
  minGap: 0,
  positions: 'first',
});

/** Verdict of `weak-identifiability`. */
export type WeakIdentifiabilityVerdict = AssumptionVerdict<'weak-identifiability'>;

/** A mutable copy of a pair (JSON-bound values are plain tuples). */
function pair(p: readonly [number, number]): [number, number] {
  return [p[0], p[1]];
}

/** The per-level gap table (first patch, all positions, normalised, Prop. 19). */
export function levelGapReports(g: Grammar, analysis: ExactAnalysis): LevelGapReport[] {
  const m = g.m;
  const noM = 'the grammar is not (V,m)-uniform, so m is undefined';
  return analysis.levels.map((la): LevelGapReport => {
    const l = la.level;
    const fg = la.firstGap.gap;
    const first = fg.status === 'measured' ? fg.gap : null;
    const allG = la.allGap;
    const base = {
      level: l,
      minGap: first,
      ...(first === null
        ? {
            minGapReason: `fewer than two level-${l - 1} symbols occur at the first level-${l - 1} node: no non-synonym pairs`,
          }
        : {}),
      parents: fg.status === 'measured' ? pair(fg.parents) : null,
      exactZero: fg.status === 'measured' ? fg.exactZero : null,
      minGapAllPositions: allG && allG.gap.status === 'measured' ? allG.gap.gap : null,
      ...(allG === null
        ? { minGapAllPositionsReason: 'not computed (positions = first)' }
        : allG.gap.status !== 'measured'
          ? { minGapAllPositionsReason: 'no position has two occurring parents' }
          : {}),
      allPositionsPath: allG ? allG.path.slice() : null,
    };
    const norm = m === null || first === null ? null : normalizedGap(first, m, l);
    return {
      ...base,
      normalizedGap: norm,
      ...(norm === null ? { normalizedGapReason: m === null ? noM : 'no gap at this level' } : {}),
      prop19Reference: m === null ? null : prop19Reference(m, l),
      ...(m === null ? { prop19ReferenceReason: noM } : {}),
    };
  });
}

type MeasuredGap = Extract<NodeGap, { status: 'measured' }>;
/** A level whose first-patch gap was measured. */
type MeasuredLevel = LevelAnalysis & { readonly firstGap: { readonly gap: MeasuredGap } };

function isMeasured(la: LevelAnalysis): la is MeasuredLevel {
  return la.firstGap.gap.status === 'measured';
}

/** The level with the smallest measured first-patch gap (the first such level on ties); null when none. */
function worstLevel(a: ExactAnalysis): MeasuredLevel | null {
  let worst: MeasuredLevel | null = null;
  for (const la of a.levels) if (isMeasured(la) && (!worst || la.firstGap.gap.gap < worst.firstGap.gap.gap)) worst = la;
  return worst;
}

/** Levels where some other position has a smaller gap than the first patch. */
function weakerLevels(reports: readonly LevelGapReport[]): number[] {
  return reports
    .filter((r) => r.minGap !== null && r.minGapAllPositions !== null && r.minGapAllPositions < r.minGap)
    .map((r) => r.level);
}

function detailsOf(
  g: Grammar,
  a: ExactAnalysis,
  reports: LevelGapReport[],
  minGapOption: number,
): WeakIdentifiabilityDetails {
  const k = kRhoQuantity(
    a.levels.map((l) => l.firstGap),
    g.m,
  );
  const kRhoReason = reasonOf(k);
  return {
    levels: reports,
    kRho: valueOrNull(k),
    ...(kRhoReason !== undefined ? { kRhoReason } : {}),
    minGapOption,
    weakerPositionLevels: a.positions === 'all' ? weakerLevels(reports) : null,
    mode: a.mode,
    positions: a.positions,
  };
}

/** The two parents with the smallest first-patch gap, one patch of each, and their posteriors. */
function witnessOf(g: Grammar, worst: MeasuredLevel): WeakIdentifiabilityWitness {
  const wg = worst.firstGap.gap;
  const [nu, nu2] = wg.parents;
  const r = g.levels[worst.level - 1];
  if (!r) throw new RangeError(`no rules at level ${worst.level - 1}`);
  return {
    level: worst.level,
    parents: [nu, nu2],
    patches: [productionsOf(r, nu, g.s)[0] ?? [], productionsOf(r, nu2, g.s)[0] ?? []],
    gap: wg.gap,
    exactZero: wg.exactZero,
    q: [Array.from(worst.q[nu] ?? []), Array.from(worst.q[nu2] ?? [])],
  };
}

/** What the other positions say about a level whose first-patch gap is zero (minGapAllPositions). */
function allPositionsNote(la: ExactAnalysis['levels'][number]): string {
  const ag = la.allGap;
  if (ag === null) return 'the gap at the other positions was not computed (use --positions all)';
  if (ag.gap.status !== 'measured') return 'no other position has two occurring parents';
  const g = ag.gap.gap;
  return g > 0
    ? `the smallest gap over every position is ${g.toPrecision(4)} (minGapAllPositions), so learners that read other positions may still separate them`
    : `the smallest gap over every position is 0 as well (minGapAllPositions, at node [${ag.path.join(',')}]); a learner that combines several positions may still separate them`;
}

/** Every level whose first-patch gap is at most the threshold. */
function gapViolations(a: ExactAnalysis, effective: number): Violation[] {
  return a.levels.filter(isMeasured).flatMap((la): Violation[] => {
    const gp = la.firstGap.gap;
    if (gp.gap > effective) return [];
    const [x, y] = gp.parents;
    const zero = gp.gap === 0;
    return [
      {
        code: zero ? 'zero-gap' : 'small-gap',
        path: `/rules/${la.level - 1}`,
        message: zero
          ? `level-${la.level - 1} symbols ${x} and ${y} have identical label posteriors at the first patch (‖q − q′‖ = 0${gp.exactZero ? ', exact' : ''}): a learner that regresses the label on the first level-${la.level} patch alone, as Theorem 7's does, cannot separate their patches there; ${allPositionsNote(la)}`
          : `level-${la.level - 1} symbols ${x} and ${y} have label posteriors only ${gp.gap.toPrecision(4)} apart at the first patch (threshold ${effective})`,
        fix: `change the productions that put ${x} or ${y} at the first position of level ${la.level - 1} so that their label distributions differ (or regenerate the grammar with another seed)`,
      },
    ];
  });
}

/** The summary's note on the other positions (not part of the verdict: the paper trains on the first patch only). */
function allPositionsText(a: ExactAnalysis, reports: readonly LevelGapReport[]): string {
  let allWorst: { gap: number; level: number; path: readonly number[] } | null = null;
  for (const la of a.levels) {
    const ag = la.allGap;
    if (ag && ag.gap.status === 'measured' && (!allWorst || ag.gap.gap < allWorst.gap))
      allWorst = { gap: ag.gap.gap, level: la.level, path: ag.path };
  }
  if (!allWorst) return '';
  const weaker = weakerLevels(reports);
  return `; over all positions min ρ̂ = ${allWorst.gap.toPrecision(4)} (level ${allWorst.level}, node [${allWorst.path.join(',')}]; other positions weaker than the first patch at ${weaker.length === 0 ? 'no level' : `levels ${weaker.join(', ')}`})`;
}

/**
 * `weak-identifiability` ([R] Assumption 6(b)): for every level l and all
 * non-synonyms µ, µ′ ∈ P_l, ‖q_µ^(l) − q_µ′^(l)‖₂ ≥ ρ^(l) = K_ρ·m^(−l/2) > 0.
 * Reports ρ̂^(l) (first patch) per level with the witness pair of parents,
 * K̂_ρ = min_l ρ̂^(l)·m^(l/2), the normalised gap ρ̂^(l)·m^((l−1)/2), the Prop. 19
 * reference (20m)^(−(l−1)/2), and with positions = 'all' the minimum gap over
 * every patch position. Holds when every first-patch gap exceeds
 * options.minGap (default 0). In `probabilities` mode gaps ≤ FLOAT_ZERO_GAP
 * count as zero.
 *
 * @param analysis - the exact analysis (computed with options.positions when omitted).
 * @see [R] Assumption 6(b), Proposition 19; theory.md §3.
 */
export function evaluateWeakIdentifiability(
  g: Grammar,
  options: Partial<WeakIdentifiabilityOptions> = {},
  analysis?: ExactAnalysis,
): WeakIdentifiabilityVerdict {
  const opts = { ...WEAK_IDENTIFIABILITY_DEFAULTS, ...options };
  const a = analysis ?? analyseGrammar(g, opts.positions);
  const reports = levelGapReports(g, a);
  const effective = a.mode === 'probabilities' ? Math.max(opts.minGap, FLOAT_ZERO_GAP) : opts.minGap;
  const worst = worstLevel(a);
  const details = detailsOf(g, a, reports, opts.minGap);
  const thresholdReason =
    a.mode === 'counts'
      ? `every first-patch gap must exceed ${opts.minGap} (--min-gap); gaps are exact (integer path counts, zero certified with BigInt)`
      : `every first-patch gap must exceed max(--min-gap, ${FLOAT_ZERO_GAP}): float64 products, gaps below ${FLOAT_ZERO_GAP} are numerically zero`;
  if (!worst) {
    return {
      id: 'weak-identifiability',
      holds: true,
      value: null,
      valueReason: 'no level has two occurring parents: the condition is vacuous',
      threshold: effective,
      thresholdReason,
      comparison: 'value > threshold',
      margin: null,
      witness: null,
      summary: 'vacuous: no level has two parents at the first patch',
      violations: [],
      details,
    };
  }
  const wg = worst.firstGap.gap;
  const [nu, nu2] = wg.parents;
  const violations = gapViolations(a, effective);
  const kRho = details.kRho;
  return {
    id: 'weak-identifiability',
    holds: violations.length === 0,
    value: wg.gap,
    threshold: effective,
    thresholdReason,
    comparison: 'value > threshold',
    margin: wg.gap - effective,
    witness: witnessOf(g, worst),
    summary: `min_l ρ̂^(l) = ${wg.gap.toPrecision(6)} at level ${worst.level} (parents ${nu}, ${nu2}${wg.exactZero === true ? ', exact zero' : ''})${kRho !== null ? `; K̂_ρ = ${kRho.toPrecision(4)}` : ''}${allPositionsText(a, reports)}`,
    violations,
    details,
  };
}

/** `weak-identifiability` on a grammar (computes the analysis). */
export function checkWeakIdentifiability(
  g: Grammar,
  options: Partial<WeakIdentifiabilityOptions> = {},
): WeakIdentifiabilityVerdict {
  return evaluateWeakIdentifiability(g, options);
}

/** Guard, violation list and assertion forms of {@link checkWeakIdentifiability}. */
export const weakIdentifiability = askers<WeakIdentifiabilityOptions>('weak-identifiability', (g, o) =>
  checkWeakIdentifiability(g, o),
);
