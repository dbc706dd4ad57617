import { GRAMMAR_FORMAT, type GrammarFile } from '../../spec/grammar';
import { GeneratorParamsSchema, type GeneratorParams, type SamplerName } from '../../spec/generator';
import { LIMITS } from '../../spec/limits';
import { schemaViolations } from '../../spec/validate';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { Rng } from '../util/rng';
import { VERSION } from '../version';
import { cagnettaLevel } from './samplers/cagnetta';
import { correlationFreeLevel } from './samplers/correlation-free';
import { uniformFirstTokenLevel } from './samplers/uniform-first-token';

/** The rules of level `level` (0 = the root) from its own stream. */
type LevelSampler = (rng: Rng, parents: number, children: number, m: number, s: number, level: number) => number[][][];

const LEVEL_SAMPLERS: Record<SamplerName, LevelSampler> = {
  cagnetta: cagnettaLevel,
  'uniform-first-token': uniformFirstTokenLevel,
  'correlation-free': correlationFreeLevel,
};

/**
 * Every reason a parameter set cannot produce a non-ambiguous (V,m)-uniform
 * grammar, as violations naming the parameter (the CLI shows it as its flag). Empty when the parameters are possible.
 */
export function generatorViolations(params: unknown): Violation[] {
  const shape = schemaViolations(GeneratorParamsSchema, params);
  if (shape.length > 0) return shape.map((v) => ({ ...v, path: v.path.replace(/^\//, '') }));
  const { sampler, classes: nc, vocab: v, m, s, L } = params as GeneratorParams;
  const out: Violation[] = [];
  const vs = v ** s;
  if (L >= 2 && m > v ** (s - 1)) {
    out.push({
      code: 'bound-m',
      path: 'm',
      message: `m = ${m} exceeds v^(s−1) = ${v ** (s - 1)}: a level-l symbol cannot have m distinct productions without ambiguity (m·v ≤ v^s)`,
      fix: `use m ≤ ${v ** (s - 1)} or a larger vocab`,
    });
  }
  if (nc * m > vs) {
    out.push({
      code: 'bound-root',
      path: 'm',
      message: `n_c·m = ${nc * m} exceeds v^s = ${vs}: the root needs n_c·m distinct patches`,
      fix: `use n_c·m ≤ ${vs} (fewer classes, a smaller m, or a larger vocab)`,
    });
  }
  if (sampler === 'uniform-first-token' && (nc * m) % v !== 0) {
    out.push({
      code: 'bound-first-token',
      path: 'classes',
      message: `uniform-first-token needs n_c·m = ${nc * m} to be a multiple of v = ${v} (every first token starts the same number of root patches)`,
      fix: "use classes equal to vocab (the paper's setting) or adjust m",
    });
  }
  if (sampler === 'correlation-free' && (nc > m || m > v)) {
    out.push({
      code: 'bound-correlation-free',
      path: nc > m ? '--classes' : '--m',
      message: `correlation-free roots need n_c ≤ m ≤ v (every class uses each of m level-1 symbols once per position, with distinct shifts), got n_c = ${nc}, m = ${m}, v = ${v}`,
      fix: nc > m ? `use --classes ≤ ${m} or --m ≥ ${nc}` : `use --m ≤ ${v}`,
    });
  }
  const perLevel = Math.max(nc, v) * m;
  if (perLevel > LIMITS.maxProductionsPerLevel) {
    out.push({
      code: 'too-large',
      path: 'vocab',
      message: `a level would hold ${perLevel} productions, beyond the limit ${LIMITS.maxProductionsPerLevel} per level`,
      fix: 'use a smaller vocab, classes or m',
    });
  } else if (perLevel * s * L > 4 * LIMITS.maxProductionsPerLevel) {
    out.push({
      code: 'too-large',
      path: 'L',
      message: `the grammar file would hold about ${perLevel * s * L} symbols, beyond the limit ${4 * LIMITS.maxProductionsPerLevel}`,
      fix: 'use a smaller L, vocab, classes or m',
    });
  }
  return out;
}

/**
 * Generate a random RHM grammar.
 *
 * Rules come from the `grammar` stream of the seed, one child stream per level,
 * so the same parameters and seed always give the same file.
 *
 * @example
 * const g = generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 });
 * @throws InvalidInputError when the parameters are impossible (the message names the failing bound).
 */
export function generateGrammar(params: GeneratorParams): GrammarFile {
  const violations = generatorViolations(params);
  if (violations.length > 0) throw new InvalidInputError('grammar parameters', violations);
  const { sampler, classes, vocab, m, s, L, seed } = params;
  const rng = Rng.fromSeed(seed).stream('grammar');
  const sizes = [classes, ...new Array<number>(L).fill(vocab)];
  const levelSampler = LEVEL_SAMPLERS[sampler];
  const rules = Array.from({ length: L }, (_, l) =>
    levelSampler(rng.stream(`level-${l}`), sizes[l] as number, vocab, m, s, l),
  );
  return {
    format: GRAMMAR_FORMAT,
    branching: s,
    depth: L,
    vocabulary: sizes,
    rules,
    provenance: { generator: sampler, parameters: { classes, vocab, m, s, L }, seed, harnessVersion: VERSION },
  };
}
