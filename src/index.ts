/**
 * rhm-harness: the public API. Everything not listed here is internal.
 * @packageDocumentation
 */

// --- spec: boundary formats -------------------------------------------------
export { GRAMMAR_FORMAT, GrammarFileSchema, type GrammarFile, type GrammarProvenance } from '../spec/grammar';
export { GeneratorParamsSchema, SAMPLER_NAMES, type GeneratorParams, type SamplerName } from '../spec/generator';
export { ViolationSchema, formatViolation, type Violation } from '../spec/violation';
export { InvariantInfoSchema, type InvariantInfo } from '../spec/invariant';
export { LIMITS } from '../spec/limits';
export { schemaViolations, isValid } from '../spec/validate';

// --- errors, randomness -----------------------------------------------------
export { InvalidInputError, InternalError } from './errors';
export { Rng, sampleDistinct, type StreamName, type RngState } from './util/rng';
export { VERSION } from './version';

// --- grammar ----------------------------------------------------------------
export { compileGrammar, toGrammarFile, classCount, inputLength, productionCount, productionsOf, type Grammar, type RuleLevel } from './grammar/grammar';
export { generateGrammar, generatorViolations } from './grammar/generate';
export { grammarViolations, isGrammarFile, assertGrammarFile } from './grammar/validate';
export { readGrammar } from './grammar/read';
export { buildPatchTable, buildPatchTables, type PatchTable } from './grammar/patches';
export { makeParser, describeParse, type ParseResult } from './grammar/parse';

// --- sampling ---------------------------------------------------------------
export { sampleIid, sampleAt, assertSampleSize, type SampleBatch, type SampleOptions } from './sampling/iid';
export { pMax, decodeIndex, drawDistinctIndices, batchFromIndices, trainTestSplit } from './sampling/enumerate';

// --- exact quantities -------------------------------------------------------
export { type Matrix, matmul, l2Distance } from './exact/matrix';
export { positionalTransition, allTransitions } from './exact/transitions';
export { firstPath, jointAlongPath, patchPosteriors, posteriorsFromJoint, type NodePath, type PatchPosteriors } from './exact/posteriors';

// --- registry ---------------------------------------------------------------
export { FOUNDATION_INVARIANTS } from './registry/invariants';

// --- learners ---------------------------------------------------------------
export type { Learner, LearnRequest, LearnOutcome, LevelMeasurement, BackendInfo } from './learners/types';
