/**
 * rhm-harness: the public API, one module per concept of the theory. Everything
 * not exported here is internal and may change without notice.
 *
 * - `grammar`: the grammar format, generators, validation, the parser;
 * - `sampling`: i.i.d. samples, enumeration and splits;
 * - `theory`: every exact quantity of [R] from one entry, `grammarTheory`;
 * - `check`: the assumptions of [R] (`runCheck`);
 * - `learners`: the learner contract, the registry and the built-in learners;
 * - `scaling`: P* search, sweeps, the exponent fit;
 * - `reports`: run reports and `runVerify`.
 * @packageDocumentation
 */
export * from './api/grammar';
export * from './api/sampling';
export * from './api/theory';
export * from './api/check';
export * from './api/learners';
export * from './api/scaling';
export * from './api/reports';
