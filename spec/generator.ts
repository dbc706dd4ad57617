import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from './limits';

/** The registered rule samplers ('correlation-free': [C]'s control, src/grammar/samplers/correlation-free.ts). */
export const SAMPLER_NAMES = ['cagnetta', 'uniform-first-token', 'correlation-free'] as const;
/** Name of a rule sampler. */
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** Parameters of a random grammar: everything `rhm generate` needs. */
export const GeneratorParamsSchema = Type.Object(
  {
    sampler: Type.Union(
      SAMPLER_NAMES.map((n) => Type.Literal(n)),
      { description: 'rule sampler' },
    ),
    classes: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'n_c = |V_0|' }),
    vocab: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'v = |V_l| for l ≥ 1' }),
    m: Type.Integer({ minimum: 1, description: 'productions per symbol' }),
    s: Type.Integer({ minimum: 2, maximum: LIMITS.maxBranching, description: 'branching factor' }),
    L: Type.Integer({ minimum: 1, maximum: LIMITS.maxDepth, description: 'depth' }),
    seed: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'root seed; the rules use its "grammar" stream',
    }),
  },
  { $id: 'rhm-generator-params', additionalProperties: false },
);

/** Parameters of a random grammar. */
export type GeneratorParams = Static<typeof GeneratorParamsSchema>;
