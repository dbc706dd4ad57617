/**
 * The grammar arbitraries of the property suites. They live in the library
 * (src/testing/arbitraries.ts, shipped as `rhm-harness/testing`) so users' suites
 * draw the same grammars; this file keeps the suites' imports unchanged.
 */
export {
  generatorParams,
  anyGeneratorParams,
  grammarFiles,
  DEFAULT_BOUNDS,
  FC_SEED,
  type ParamBounds,
} from '../../src/testing/arbitraries';
