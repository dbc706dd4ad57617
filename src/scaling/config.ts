import { SweepConfigSchema, type SweepConfig } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { DEFAULT_TARGET_FRACTION } from '../exact/target';

/**
 * The default sweep of `rhm scale` with no grid flags (layerwise-cluster,
 * [C]-style rules, v = n_c = 8, s = 2, m ∈ {3,4,6}, L ∈ {3,4}, 8 grammar seeds ×
 * 2 training seeds per cell). Sized to finish in under 10 minutes on 2 cores
 * (measured by `npm run bench -- scale-default-sweep`).
 *
 * The grid keeps n_c·m^L ≪ P_max in every cell: P_max/(n_c·m^L) = m^(2^L − 1 − L)
 * is m at L = 2 (too close: the measured ratio P* : P_max reached 0.26–1.1 there), hence L ≥ 3,
 * where it is ≥ 81 for m ≥ 3. m = 2 is left out because most cagnetta v = 8, m = 2
 * grammars fail the pre-check (measured: 7 of 8 at L = 3 and 8 of 8 at L = 4, mostly
 * κ̂ = ∞), so those cells measure grammars outside Theorem 7.
 */
export const DEFAULT_SWEEP: SweepConfig = Object.freeze({
  learner: 'layerwise-cluster',
  learnerOptions: {},
  sampler: 'cagnetta',
  classes: [8],
  vocab: 8,
  m: [3, 4, 6],
  L: [3, 4],
  s: 2,
  seeds: 8,
  trainSeeds: 2,
  seed: 0,
  threshold: DEFAULT_TARGET_FRACTION,
  band: [0.8, 1.3] as [number, number],
  testSamples: 2000,
  searchFactor: 64,
  startFraction: 0.125,
  gridRatio: 2 ** 0.125,
  gridStride: 8,
  maxSamples: 1 << 22,
  maxMemoryBytes: 2 ** 31,
  cellSeconds: null,
  bootstrapResamples: 2000,
  confidence: 0.95,
  includeFailing: false,
  perLevel: false,
  ampleFactor: 16,
});

/** The learners `--per-level` supports: those with one training stage per level and a per-stage budget option. */
export const PER_LEVEL_LEARNERS: readonly string[] = ['layerwise-rf', 'layerwise-cluster'];

/** `--per-level` needs a layerwise learner with per-stage budgets. */
function perLevelViolations(config: SweepConfig): Violation[] {
  if (config.perLevel !== true || PER_LEVEL_LEARNERS.includes(config.learner)) return [];
  return [
    {
      code: 'wrong-value',
      path: '--per-level',
      message: `--per-level measures one training stage per level, which learner ${config.learner} does not have`,
      fix: `use --learner ${PER_LEVEL_LEARNERS.join(' or --learner ')}, or drop --per-level`,
    },
  ];
}

/** The violation of an empty verdict band (the schema cannot say LOW < HIGH). */
function bandViolations(band: readonly [number, number]): Violation[] {
  if (band[0] >= band[1])
    return [
      {
        code: 'wrong-value',
        path: '--band',
        message: `the band [${band[0]}, ${band[1]}] is empty`,
        fix: 'give --band LOW,HIGH with LOW < HIGH',
      },
    ];
  return [];
}

/** A value listed twice in a grid axis would count its cells twice as independent evidence in the fit. */
function duplicateViolations(config: SweepConfig): InvalidInputError['violations'] {
  const axes: [string, readonly number[]][] = [
    ['--m', config.m],
    ['--L', config.L],
    ['--classes', config.classes],
  ];
  return axes.flatMap(([flag, values]) => {
    const dup = values.filter((v, i) => values.indexOf(v) !== i);
    return dup.length === 0
      ? []
      : [
          {
            code: 'duplicate-value',
            path: flag,
            message: `${flag} lists ${[...new Set(dup)].join(', ')} more than once; a repeated value would enter the fit twice as if it were independent evidence`,
            fix: `list each value once, e.g. ${flag} ${[...new Set(values)].join(',')}`,
          },
        ];
  });
}

/**
 * Resolve a partial option bag into a frozen, complete sweep configuration
 * (every default applied); that object is what the result records.
 * @throws InvalidInputError naming every invalid field.
 */
export function resolveSweepConfig(partial: Partial<SweepConfig> = {}): SweepConfig {
  const defined = Object.fromEntries(
    Object.entries(partial as Record<string, unknown>).filter(([, v]) => v !== undefined),
  ) as Partial<SweepConfig>;
  const config: SweepConfig = { ...DEFAULT_SWEEP, ...defined };
  const violations = [
    ...schemaViolations(SweepConfigSchema, config),
    ...bandViolations(config.band),
    ...duplicateViolations(config),
    ...perLevelViolations(config),
  ];
  if (violations.length > 0) throw new InvalidInputError('sweep configuration', violations);
  return Object.freeze({
    ...config,
    classes: [...config.classes],
    m: [...config.m],
    L: [...config.L],
    band: [config.band[0], config.band[1]] as [number, number],
  });
}
