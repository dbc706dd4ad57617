import {
  ATLAS_ASSUMPTIONS,
  AtlasCellSpecSchema,
  type AtlasCell,
  type AtlasCellSpec,
  type Prop19Cell,
  type Quantiles,
  type ShareInterval,
} from '../../../spec/atlas';
import { schemaViolations } from '../../../spec/validate';
import { InvalidInputError } from '../../errors';
import { inProp19Regime } from '../../exact/proposition19';
import { generateGrammar, generatorViolations } from '../../grammar/generate';
import { compileGrammar } from '../../grammar/grammar';
import { wilsonInterval } from '../../util/proportion';
import { quantileSorted } from '../stats';
import { grammarVerdicts, type GrammarVerdicts } from './grammar-verdicts';

/** Quantiles of the defined values of a per-grammar quantity. */
export function quantiles(values: readonly (number | null)[]): Quantiles {
  const defined = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const q = (p: number): number | null => (defined.length === 0 ? null : quantileSorted(defined, p));
  return {
    defined: defined.length,
    undefined: values.length - defined.length,
    min: defined[0] ?? null,
    q10: q(0.1),
    q25: q(0.25),
    median: q(0.5),
    q75: q(0.75),
    q90: q(0.9),
    max: defined[defined.length - 1] ?? null,
  };
}

function interval(count: number, of: number, confidence: number): ShareInterval {
  return { count, of, ...wilsonInterval(count, of, confidence) };
}

function prop19Cell(spec: AtlasCellSpec, verdicts: readonly GrammarVerdicts[]): Prop19Cell | null {
  if (spec.sampler !== 'uniform-first-token') return null;
  const decided = verdicts.filter((v) => v.prop19.status !== 'undefined');
  const holds = decided.filter((v) => v.prop19.status === 'holds').length;
  let zero = 0;
  let below = 0;
  for (const v of decided) {
    if (v.prop19.status !== 'fails') continue;
    if (v.prop19.zeroGapLevels.length > 0) zero++;
    else below++;
  }
  const inRegime = inProp19Regime(spec.vocab, spec.m);
  const failures = zero + below;
  const note =
    failures === 0
      ? `the bound held on all ${decided.length} grammars`
      : `${failures} of ${decided.length} grammars fail the bound: ${zero} with an exact zero gap (two parents with identical label posteriors), ${below} with every gap positive but one below (20m)^(−(l−1)/2)` +
        (inRegime
          ? ''
          : '; outside the regime where Proposition 19 speaks (m, V = Θ(log d) large), so these are small-size failures, not violations of the proposition');
  return {
    share: decided.length === 0 ? 0 : holds / decided.length,
    interval: interval(holds, decided.length, spec.confidence),
    zeroGapFailures: zero,
    belowBoundFailures: below,
    inRegime,
    note,
  };
}

/** Shares and intervals of every counted assumption (the all-positions one only when every grammar has it). */
function sharesOf(verdicts: readonly GrammarVerdicts[], confidence: number): Pick<AtlasCell, 'holds' | 'intervals'> {
  const n = verdicts.length;
  const holds: Record<string, number> = {};
  const intervals: Record<string, ShareInterval> = {};
  for (const id of ATLAS_ASSUMPTIONS) {
    const known = verdicts.map((v) => v.holds[id]);
    if (known.some((x) => x === null)) continue;
    const count = known.filter((x) => x === true).length;
    holds[id] = n === 0 ? 0 : count / n;
    intervals[id] = interval(count, n, confidence);
  }
  const all = verdicts.filter((v) => v.all).length;
  holds.all = n === 0 ? 0 : all / n;
  intervals.all = interval(all, n, confidence);
  return { holds, intervals } as Pick<AtlasCell, 'holds' | 'intervals'>;
}

/**
 * One cell of the atlas: generate the grammars of seeds seed..seed+K−1 with the
 * cell's parameters, check each exactly (the code of `rhm check`), and count.
 * A parameter set no non-ambiguous (V,m)-uniform grammar can have is returned as
 * 'impossible' with the generator's reason, not thrown. A pure function of `spec`
 * (apart from `seconds`).
 *
 * @throws InvalidInputError when the spec does not match its schema.
 */
export function runAtlasCell(spec: AtlasCellSpec): AtlasCell {
  const bad = schemaViolations(AtlasCellSpecSchema, spec);
  if (bad.length > 0) throw new InvalidInputError('atlas cell', bad);
  const t0 = performance.now();
  const { sampler, vocab, classes, m, s, L } = spec;
  const head = { sampler, vocab, classes, m, s, L };
  const impossible = generatorViolations({ sampler, vocab, classes, m, s, L, seed: spec.seed });
  if (impossible.length > 0)
    return {
      ...head,
      seeds: 0,
      status: 'impossible',
      reason: impossible.map((v) => v.message).join('; '),
      seconds: (performance.now() - t0) / 1000,
    };
  const verdicts: GrammarVerdicts[] = [];
  for (let k = 0; k < spec.seeds; k++) {
    const g = compileGrammar(generateGrammar({ ...head, seed: spec.seed + k }));
    verdicts.push(grammarVerdicts(g));
  }
  return {
    ...head,
    seeds: verdicts.length,
    status: 'measured',
    ...sharesOf(verdicts, spec.confidence),
    kappa: quantiles(verdicts.map((v) => v.kappa)),
    kRho: quantiles(verdicts.map((v) => v.kRho)),
    prop19: prop19Cell(spec, verdicts),
    seconds: (performance.now() - t0) / 1000,
  };
}
