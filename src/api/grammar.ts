/**
 * Grammars: the `rhm-grammar/1` file format, compiled grammars, the two rule
 * samplers, validation with field-level violations, and the bottom-up parser.
 * @module grammar
 */
export { GRAMMAR_FORMAT, GrammarFileSchema, type GrammarFile, type GrammarProvenance } from '../../spec/grammar';
export { GeneratorParamsSchema, SAMPLER_NAMES, type GeneratorParams, type SamplerName } from '../../spec/generator';
export { ViolationSchema, formatViolation, type Violation } from '../../spec/violation';
export { LIMITS } from '../../spec/limits';
export { schemaViolations, isValid } from '../../spec/validate';
export { InvalidInputError, InternalError } from '../errors';
export { Rng, sampleDistinct, MAX_SEED, type StreamName, type RngState } from '../util/rng';
export { VERSION } from '../version';
export {
  compileGrammar,
  toGrammarFile,
  classCount,
  inputLength,
  productionCount,
  productionsOf,
  type Grammar,
  type RuleLevel,
} from '../grammar/grammar';
export { uniformPMax } from '../grammar/count';
export { generateGrammar, generatorViolations } from '../grammar/generate';
export { grammarViolations, isGrammarFile, assertGrammarFile } from '../grammar/validate';
export { readGrammar } from '../grammar/read';
export { buildPatchTable, buildPatchTables, type PatchTable } from '../grammar/patches';
export { makeParser, describeParse, type ParseResult } from '../grammar/parse';
