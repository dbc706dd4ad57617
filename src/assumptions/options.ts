import { invalid } from '../errors';
import { DEFAULT_DELTA, THEOREM_CONSTANT_C } from '../exact/budgets';
import { positionWork } from '../exact/positions';
import type { Grammar } from '../grammar/grammar';
import { assertCleanSignalOptions, CLEAN_SIGNAL_DEFAULTS, defaultSignalLevel } from './clean-signal';

/** Options of {@link runCheck}, as a partial bag; {@link resolveCheckOptions} applies the defaults. */
export interface CheckOptions {
  /** Demand ρ̂^(l) > minGap at every level (weak identifiability); default 0. */
  readonly minGap: number;
  /**
   * 'all' also computes the minimum gap over every patch position (default;
   * falls back to 'first', with the reason, when too costly and not asked for
   * explicitly); 'first' only the paper's first patch.
   */
  readonly positions: 'first' | 'all';
  /** Samples of the clean-signal empirical test (0 skips it); default 20000. */
  readonly samples: number;
  /** Root seed of the clean-signal samples; default 0. */
  readonly seed: number;
  /** Level of the clean-signal test; default max(1, L−1). */
  readonly signalLevel: number | null;
  /** Significance level of the clean-signal test; default 10^−3. */
  readonly alpha: number;
  /** The constant C of the Theorem 7 budgets; default {@link THEOREM_CONSTANT_C}. */
  readonly constantC: number;
  /** δ of the Theorem 7 budgets; default {@link DEFAULT_DELTA}. */
  readonly delta: number;
  /** Include every q-vector of the first patches in the result. */
  readonly q: boolean;
  /** Where the grammar came from (recorded in the result). */
  readonly source: string | null;
}

/** Largest a-priori work (multiply-adds) of the position walk before it is refused (a few seconds). */
export const MAX_POSITION_WORK = 1e9;

/** Largest P_max written exactly, in bits (~1.26 million decimal digits, < 1 s to format). */
export const MAX_PMAX_BITS = 2 ** 22;

/** Most memory the joint matrices n_c × |V_l| (float64) of the position walk may hold at once. */
export const MAX_JOINT_BYTES = 512 * 2 ** 20;

/** Defaults of {@link CheckOptions}. */
export const CHECK_DEFAULTS: CheckOptions = Object.freeze({
  minGap: 0,
  positions: 'all',
  samples: CLEAN_SIGNAL_DEFAULTS.samples,
  seed: CLEAN_SIGNAL_DEFAULTS.seed,
  signalLevel: null,
  alpha: CLEAN_SIGNAL_DEFAULTS.alpha,
  constantC: THEOREM_CONSTANT_C,
  delta: DEFAULT_DELTA,
  q: false,
  source: null,
});

/**
 * Options with every default applied (and the signal level resolved for the
 * grammar), frozen. `positionsNote` says why positions fell back to 'first'
 * (the default 'all' was too costly and 'all' had not been asked for).
 */
export type ResolvedCheckOptions = Readonly<
  Omit<CheckOptions, 'signalLevel'> & { signalLevel: number; positionsNote: string | null }
>;

/** The numeric options are in range. */
function assertRanges(o: CheckOptions): void {
  if (!Number.isFinite(o.minGap) || o.minGap < 0)
    invalid(
      'rhm check',
      'minGap',
      `the minimum gap must be a finite number ≥ 0, got ${o.minGap}`,
      'give a gap such as 0.01',
    );
  if (!(o.alpha > 0 && o.alpha < 1))
    invalid('rhm check', 'alpha', `the significance level must be in (0, 1), got ${o.alpha}`, 'use e.g. 0.001');
  if (!(o.constantC > 0) || !(o.delta > 0 && o.delta < 1))
    invalid('rhm check', 'constantC', 'C must be > 0 and δ in (0, 1)', 'use the defaults');
  if (!Number.isSafeInteger(o.samples) || o.samples < 0)
    invalid('rhm check', 'samples', `samples must be a whole number ≥ 0, got ${o.samples}`, 'e.g. 20000');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    invalid('rhm check', 'seed', `the seed must be a whole number ≥ 0, got ${o.seed}`, 'e.g. 0');
}

/** The exact check of the grammar fits: P_max can be written exactly and the first-patch walk fits in memory and time. */
function assertCheckable(g: Grammar): void {
  let maxProductions = 1;
  for (const r of g.levels)
    for (let nu = 0; nu < r.parentCount; nu++)
      maxProductions = Math.max(maxProductions, (r.offsets[nu + 1] as number) - (r.offsets[nu] as number));
  const pMaxBits = Math.log2(g.vocabulary[0] as number) + ((g.s ** g.L - 1) / (g.s - 1)) * Math.log2(maxProductions);
  if (pMaxBits > MAX_PMAX_BITS) {
    invalid(
      'rhm check',
      '/depth',
      `P_max = n_c·m^((s^L−1)/(s−1)) has about ${pMaxBits.toExponential(2)} bits, more than the limit ${MAX_PMAX_BITS} (its exact decimal form would not fit a report)`,
      'use a smaller depth L or branching s',
    );
  }
  const first = positionWork(g, g.L - 1, true);
  if (first.memoryBytes > MAX_JOINT_BYTES || first.multiplyAdds > MAX_POSITION_WORK) {
    invalid(
      'rhm check',
      '/vocabulary',
      `the exact check of this grammar needs ${(first.memoryBytes / 2 ** 20).toFixed(1)} MiB of joint matrices and about ${first.multiplyAdds.toExponential(2)} multiply-adds (limits ${MAX_JOINT_BYTES / 2 ** 20} MiB, ${MAX_POSITION_WORK.toExponential(0)}): n_c·|V_l|² is too large`,
      'use smaller vocabularies (the pairwise gaps cost n_c·|V_l|²/2 per level)',
    );
  }
}

/**
 * The positions to examine: 'all' falls back to 'first' (with the reason) when
 * too costly, unless 'all' was asked for explicitly (then it is refused).
 */
function resolvePositions(
  g: Grammar,
  positions: CheckOptions['positions'],
  asked: CheckOptions['positions'] | undefined,
): { positions: CheckOptions['positions']; positionsNote: string | null } {
  if (positions !== 'all') return { positions, positionsNote: null };
  const work = positionWork(g, g.L - 1).multiplyAdds;
  if (work <= MAX_POSITION_WORK) return { positions, positionsNote: null };
  const why = `checking all ${(g.s ** (g.L - 1)).toLocaleString('en')} level-${g.L - 1} positions needs about ${work.toExponential(2)} multiply-adds, more than the limit ${MAX_POSITION_WORK.toExponential(0)}`;
  if (asked === 'all')
    invalid('rhm check', 'positions', why, "use positions 'first' (the paper trains on the first patch only)");
  return { positions: 'first', positionsNote: `not computed: ${why}; only the paper's first patch was checked` };
}

/**
 * Apply the defaults and validate the options against the grammar.
 * @throws InvalidInputError naming the option (as its CLI flag) and the fix.
 */
export function resolveCheckOptions(g: Grammar, options: Partial<CheckOptions> = {}): ResolvedCheckOptions {
  const o = { ...CHECK_DEFAULTS, ...options };
  assertRanges(o);
  assertCheckable(g);
  const { positions, positionsNote } = resolvePositions(g, o.positions, options.positions);
  assertCleanSignalOptions(g, { samples: o.samples, seed: o.seed, level: o.signalLevel, alpha: o.alpha });
  return Object.freeze({ ...o, positions, positionsNote, signalLevel: o.signalLevel ?? defaultSignalLevel(g) });
}
