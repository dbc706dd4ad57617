import type { Exponent } from '../../spec/scale';
import type { Rng } from '../util/rng';
import { leastSquares } from './least-squares';
import { quantileSorted } from './stats';
import { fitTobit, type CensoredObservation } from './tobit';

export { leastSquares, type LeastSquares } from './least-squares';

/** One replicate as the fit sees it: P* reached, or right-censored above `lowerBound`. */
export interface FitReplicate {
  /** The grammar seed: the unit the bootstrap resamples. */
  readonly grammarSeed: number;
  /** P*, or null when the search did not reach the target. */
  readonly pStar: number | null;
  /** For a censored replicate, P* > lowerBound (null: nothing is known, the replicate carries no information). */
  readonly lowerBound: number | null;
}

/** One cell as the fit sees it (saturated and excluded replicates already left out by the caller). */
export interface FitCell {
  /** m. */
  readonly m: number;
  /** L. */
  readonly L: number;
  /** n_c. */
  readonly classes: number;
  /** Its replicates. */
  readonly replicates: readonly FitReplicate[];
}

/** Options of {@link fitExponent}. */
export interface FitOptions {
  /** Stream for the bootstrap (name it, e.g. root.stream('bootstrap')). */
  readonly rng: Rng;
  /** Bootstrap resamples (0: no interval). */
  readonly resamples: number;
  /** Confidence level of the percentile interval, e.g. 0.95. */
  readonly confidence: number;
  /** Add the separate log m term of Theorem 7's poly(m) prefactor: log P* = a + b·L·log m + d·log m (+ c·log n_c). */
  readonly withLogM?: boolean;
}

/**
 * Fewest grammar seeds per fitted cell for the bootstrap interval to mean anything.
 * The bootstrap resamples grammar seeds inside each cell: with one seed a cell's
 * grammar-to-grammar spread is invisible, and with two its resampled spread has three
 * outcomes and half the variance, so the percentile interval is too narrow to judge by.
 */
export const MIN_SEEDS_PER_CELL = 3;

function cellName(c: Pick<FitCell, 'classes' | 'm' | 'L'>): string {
  return `n_c=${c.classes} m=${c.m} L=${c.L}`;
}

function distinctCount(values: readonly number[]): number {
  return new Set(values.map((v) => v.toPrecision(12))).size;
}

/** Which columns the design has: L·log m always, log m with `withLogM`, log n_c when identifiable. */
interface Design {
  readonly withC: boolean;
  readonly withLogM: boolean;
  readonly cReason?: string;
  readonly problem?: string;
}

function designRank(cells: readonly FitCell[], columns: readonly ((c: FitCell) => number)[]): boolean {
  return (
    leastSquares(
      columns.map((f) => cells.map(f)),
      cells.map(() => 0),
    ) !== null
  );
}

const X_COLUMN = (c: FitCell) => c.L * Math.log(c.m);
const LOG_M_COLUMN = (c: FitCell) => Math.log(c.m);
const LOG_NC_COLUMN = (c: FitCell) => Math.log(c.classes);

function chooseDesign(cells: readonly FitCell[], withLogM: boolean): Design {
  const base = withLogM ? [X_COLUMN, LOG_M_COLUMN] : [X_COLUMN];
  const problem = !designRank(cells, base)
    ? withLogM
      ? 'L·log m and log m are collinear on the fitted cells (a single depth L, or a single m): b and d cannot be separated'
      : 'fewer than two distinct values of L·log m among the fitted cells'
    : undefined;
  const pb = problem !== undefined ? { problem } : {};
  if (distinctCount(cells.map(LOG_NC_COLUMN)) < 2)
    return {
      withC: false,
      withLogM,
      cReason: `n_c is constant across the grid (n_c = ${cells[0]?.classes ?? '?'}): c is not identifiable and the term c·log n_c was dropped (absorbed into a)`,
      ...pb,
    };
  if (!designRank(cells, [...base, LOG_NC_COLUMN]))
    return {
      withC: false,
      withLogM,
      cReason: 'log n_c is collinear with the other columns on this grid: c is not identifiable and was dropped',
      ...pb,
    };
  return { withC: true, withLogM, ...pb };
}

function observations(cells: readonly FitCell[], design: Design): CensoredObservation[] {
  const out: CensoredObservation[] = [];
  for (const c of cells) {
    const x = [X_COLUMN(c), ...(design.withLogM ? [LOG_M_COLUMN(c)] : []), ...(design.withC ? [LOG_NC_COLUMN(c)] : [])];
    for (const r of c.replicates) {
      if (r.pStar !== null) out.push({ x, y: Math.log(r.pStar), censored: false });
      else if (r.lowerBound !== null) out.push({ x, y: Math.log(r.lowerBound), censored: true });
    }
  }
  return out;
}

/** The cells with their replicates grouped by grammar seed (the bootstrap's units). */
function seedGroups(cells: readonly FitCell[]): { cell: FitCell; groups: FitReplicate[][] }[] {
  return cells.map((cell) => {
    const bySeed = new Map<number, FitReplicate[]>();
    for (const r of cell.replicates) bySeed.set(r.grammarSeed, [...(bySeed.get(r.grammarSeed) ?? []), r]);
    return { cell, groups: [...bySeed.values()] };
  });
}

/** Bootstrap b over grammar seeds, inside each cell (the grid is a designed experiment). */
function bootstrap(
  cells: readonly FitCell[],
  design: Design,
  options: FitOptions,
): { bs: number[]; unidentified: number } {
  const strata = seedGroups(cells);
  const bs: number[] = [];
  let unidentified = 0;
  for (let t = 0; t < options.resamples; t++) {
    const drawn = strata.map(({ cell, groups }) => ({
      ...cell,
      replicates: groups.flatMap(() => groups[options.rng.int(groups.length)] as FitReplicate[]),
    }));
    const f = fitTobit(observations(drawn, design));
    if (f.status === 'fitted') bs.push(f.coef[1] as number);
    else unidentified++;
  }
  bs.sort((u, v) => u - v);
  return { bs, unidentified };
}

/** The percentile interval with every unidentified draw at −∞ for the low end and +∞ for the high end. */
function interval(
  bs: readonly number[],
  unidentified: number,
  confidence: number,
): { low: number | null; high: number | null } {
  if (bs.length === 0) return { low: null, high: null };
  const lowSide = [...new Array<number>(unidentified).fill(-Infinity), ...bs];
  const highSide = [...bs, ...new Array<number>(unidentified).fill(Infinity)];
  const low = quantileSorted(lowSide, (1 - confidence) / 2);
  const high = quantileSorted(highSide, (1 + confidence) / 2);
  return { low: Number.isFinite(low) ? low : null, high: Number.isFinite(high) ? high : null };
}

function modelName(design: Design): string {
  return `log P* = a + b·L·log m${design.withLogM ? ' + d·log m' : ''}${design.withC ? ' + c·log n_c' : ''}`;
}

/** What the fit says about its own interval: seeds per cell, unbounded ends. */
function intervalNote(
  minSeeds: number,
  grammarSeeds: number,
): { intervalMeaningful: boolean; intervalReason?: string } {
  if (minSeeds >= MIN_SEEDS_PER_CELL) return { intervalMeaningful: true };
  return {
    intervalMeaningful: false,
    intervalReason: `too few grammar seeds for the bootstrap interval to mean anything: a fitted cell has ${minSeeds} (need ≥ ${MIN_SEEDS_PER_CELL} per cell; ${grammarSeeds} in all)`,
  };
}

/**
 * Fit log P* = a + b·L·log m (+ d·log m with `withLogM`) (+ c·log n_c when n_c varies)
 * over the replicates by censored maximum likelihood (theory.md §6: b near 1 means
 * P* ~ m^((1+o(1))L)), with a seeded percentile bootstrap over grammar seeds.
 *
 * Every replicate is one observation of log P*: a reached P* contributes its Gaussian
 * density, a censored one (not reached within the budget) the probability that log P*
 * exceeds log of its lower bound (Tobit). Nothing is dropped: a cell whose replicates are
 * all censored still pushes the line up. When the replicates that reached the target do not
 * determine the coefficients, b is unidentified: null, with those cells named. The bootstrap
 * resamples grammar seeds (with all their training seeds) inside each cell, keeping the
 * designed grid fixed; resamples in which b is unidentified count as −∞ at the low end and
 * +∞ at the high end of the interval, so the interval is unbounded (null) when they are more
 * than (1 − confidence)/2 of the draws.
 *
 * @param cells - the cells to fit (the caller leaves out saturated cells and excluded replicates).
 * @returns the {@link Exponent} record; `intervalMeaningful` is false when a fitted cell has
 *   fewer than {@link MIN_SEEDS_PER_CELL} grammar seeds.
 */
export function fitExponent(cells: readonly FitCell[], options: FitOptions): Exponent {
  const withLogM = options.withLogM ?? false;
  const informative = cells.filter((c) => c.replicates.some((r) => r.pStar !== null || r.lowerBound !== null));
  const design = chooseDesign(informative, withLogM);
  const obs = observations(informative, design);
  const seedsPerCell = seedGroups(informative).map((s) => s.groups.length);
  const grammarSeeds = seedsPerCell.reduce((s, n) => s + n, 0);
  const minSeeds = seedsPerCell.length > 0 ? Math.min(...seedsPerCell) : 0;
  const unidentifiedCells = informative.filter((c) => c.replicates.every((r) => r.pStar === null)).map(cellName);
  const base = {
    model: modelName(design),
    confidence: options.confidence,
    cellsUsed: informative.length,
    observations: obs.length,
    censoredObservations: obs.filter((o) => o.censored).length,
    grammarSeeds,
    minSeedsPerCell: minSeeds,
    unidentifiedCells,
    ...(design.cReason !== undefined ? { cReason: design.cReason } : {}),
    ...intervalNote(minSeeds, grammarSeeds),
  };
  const empty = {
    ...base,
    b: null,
    low: null,
    high: null,
    a: null,
    c: null,
    logM: null,
    sigma: null,
    method: 'none' as const,
    resamples: 0,
    unidentifiedResamples: 0,
  };
  const censoredNote =
    unidentifiedCells.length > 0 ? `; every replicate censored in: ${unidentifiedCells.join(', ')}` : '';
  if (informative.length === 0) return { ...empty, reason: 'no cell to fit' };
  if (design.problem !== undefined) return { ...empty, reason: `cannot fit b: ${design.problem}${censoredNote}` };
  const fit = fitTobit(obs);
  if (fit.status === 'unidentified')
    return { ...empty, reason: `b is not identifiable under censoring: ${fit.reason}${censoredNote}` };
  const { bs, unidentified } = bootstrap(informative, design, options);
  const ci = interval(bs, unidentified, options.confidence);
  const reasons = [
    options.resamples === 0 ? 'no bootstrap resamples requested: no interval' : '',
    options.resamples > 0 && (ci.low === null || ci.high === null)
      ? `the interval is unbounded: censoring left b unidentifiable in ${unidentified} of ${options.resamples} resamples${censoredNote}`
      : '',
  ].filter((r) => r !== '');
  const withC = design.withC ? (fit.coef[withLogM ? 3 : 2] as number) : null;
  return {
    ...base,
    b: fit.coef[1] as number,
    ...ci,
    a: fit.coef[0] as number,
    c: withC,
    logM: withLogM ? (fit.coef[2] as number) : null,
    sigma: fit.sigma,
    method: 'censored-mle',
    resamples: bs.length,
    unidentifiedResamples: unidentified,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/**
 * The verdict of theory.md §6: 'consistent' with P* ~ m^((1+o(1))L) when the
 * bootstrap interval [low, high] of b lies inside the band; 'undetermined' when b
 * or its interval could not be computed (too few cells, b unidentifiable under
 * censoring, an unbounded interval) or rests on too few grammar seeds.
 */
export function exponentVerdict(
  e: Exponent,
  band: readonly [number, number],
): { verdict: 'consistent' | 'inconsistent' | 'undetermined'; reason: string } {
  const [lo, hi] = band;
  if (e.b === null || e.low === null || e.high === null) {
    return { verdict: 'undetermined', reason: e.reason ?? 'the exponent b or its interval could not be computed' };
  }
  const ci = `b = ${e.b.toFixed(3)}, ${Math.round(e.confidence * 100)}% interval [${e.low.toFixed(3)}, ${e.high.toFixed(3)}] over ${e.grammarSeeds} grammar seeds (${e.censoredObservations} of ${e.observations} replicates censored)`;
  if (!e.intervalMeaningful)
    return { verdict: 'undetermined', reason: `${ci}: ${e.intervalReason ?? 'too few seeds'}` };
  if (e.low >= lo && e.high <= hi)
    return {
      verdict: 'consistent',
      reason: `${ci} lies inside the band [${lo}, ${hi}]: consistent with P* ~ m^((1+o(1))L)`,
    };
  return { verdict: 'inconsistent', reason: `${ci} is not inside the band [${lo}, ${hi}]` };
}
