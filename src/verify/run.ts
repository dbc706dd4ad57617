import type { CheckResult } from '../../spec/check';
import type { LearnResult, RfLevel } from '../../spec/learn';
import type { ScaleResult, SweepConfig } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import {
  VERIFY_FORMAT,
  VerifyResultSchema,
  type VerifyExpectation,
  type VerifyFinding,
  type VerifyGrammar,
  type VerifyResult,
} from '../../spec/verify';
import { runCheck } from '../assumptions/check';
import { InternalError } from '../errors';
import { generateGrammar } from '../grammar/generate';
import { classCount, compileGrammar, type Grammar } from '../grammar/grammar';
import { makeParser } from '../grammar/parse';
import { grammarViolations } from '../grammar/validate';
import { getLearner } from '../learners/registry';
import { learnResult } from '../learners/result';
import type { BackendInfo, LearnRequest } from '../learners/types';
import { sampleIid } from '../sampling/iid';
import type { CellExecutor } from '../scaling/pool';
import { DEFAULT_SWEEP, resolveSweepConfig, runSweep } from '../scaling/sweep';
import { Rng } from '../util/rng';
import { CONTROL_DEFAULTS, runControl, type ControlConfig } from './control';
import { DEFAULT_GRAMMARS, type DefaultGrammar } from './defaults';
import { RF_VERIFY_SWEEP, rfSweepExpectation } from './rf-sweep';

/** A learner run of the verification job: its budget is `budgetFactor`·n_c·m^L. */
export interface VerifyLearner {
  readonly name: string;
  /** C in the budget C·n_c·m^L (the value the learner's property suite establishes). */
  readonly budgetFactor: number;
  /** Multiply the budget by κ̂ of Assumption 6(a) (the theorem's budget grows with κ). */
  readonly scaleWithKappa?: boolean;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Configuration of {@link runVerify}, resolved and recorded in the report. */
export interface VerifyConfig {
  /** Root seed of the samples and learners (the grammars have their own fixed seeds). */
  readonly seed: number;
  /** Samples drawn and parsed back per grammar. */
  readonly roundTripSamples: number;
  /** Samples of the clean-signal empirical test per grammar. */
  readonly checkSamples: number;
  /** Held-out samples of every learner run. */
  readonly testSamples: number;
  /** Learners run on every grammar at their budgets. */
  readonly learners: readonly VerifyLearner[];
  /** The scaling sweep (a partial `rhm scale` configuration), null to skip it. */
  readonly sweep: Partial<SweepConfig> | null;
  /** The small layerwise-rf sweep ({@link RF_VERIFY_SWEEP}), null or absent to skip it. */
  readonly rfSweep?: Partial<SweepConfig> | null;
  /** [C]'s correlation-free control for the cnn (src/verify/control.ts); absent or null to skip it. */
  readonly control?: ControlConfig | null;
}

/**
 * Defaults of `rhm verify`. Budget factors: layerwise-cluster recovers every
 * level from C = 4–8 on these sizes (properties/learners/layerwise-cluster.test.ts);
 * layerwise-rf, which follows the theorem's protocol (first patch, fresh samples per
 * stage), needs about C = 64 at m = 4, L = 3 (measured with bench/learners.ts), times
 * κ̂ as in the theorem's budget; the sweep is `rhm scale`'s default grid
 * (`DEFAULT_SWEEP`: layerwise-cluster, [C]-style rules, v = n_c = 8, m ∈ {3,4,6}, L ∈ {3,4},
 * 8 grammar seeds × 2 training seeds, every grammar pre-checked, no cell near P_max).
 */
export const VERIFY_DEFAULTS: VerifyConfig = Object.freeze({
  seed: 0,
  roundTripSamples: 1000,
  checkSamples: 20000,
  testSamples: 2000,
  learners: [
    { name: 'layerwise-cluster', budgetFactor: 8 },
    { name: 'layerwise-rf', budgetFactor: 64, scaleWithKappa: true },
  ],
  sweep: { ...DEFAULT_SWEEP, learner: 'layerwise-cluster', seed: 0 },
  rfSweep: RF_VERIFY_SWEEP,
  control: CONTROL_DEFAULTS,
});

/** Hooks of {@link runVerify}: progress, where sweep cells run, where the sweep's ledger goes. */
export interface VerifyHooks {
  /** Progress: fraction of the steps done and the current step. */
  readonly onProgress?: (fraction: number, label: string) => void;
  /** Executor of the sweep's cells. */
  readonly executor: CellExecutor;
  /** Ledger file of the sweep (a fresh path per run). */
  readonly ledgerPath: string;
}

function roundTrip(g: Grammar, n: number, seed: number): { samples: number; parsed: number } {
  const batch = sampleIid(g, n, Rng.fromSeed(seed).stream('sample'), { latent: true });
  const parse = makeParser(g);
  let parsed = 0;
  for (let i = 0; i < batch.n; i++) {
    const r = parse(batch.tokens.subarray(i * batch.d, (i + 1) * batch.d));
    if (r.status === 'parsed' && r.label === batch.labels[i]) parsed++;
  }
  return { samples: batch.n, parsed };
}

function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? 'n/a' : Number(x.toPrecision(digits)).toString();
}

function checkExpectation(d: DefaultGrammar, check: CheckResult): VerifyExpectation {
  const failing = check.assumptions.filter((a) => !a.holds).map((a) => a.id);
  const observed = failing.length === 0 ? 'every assumption holds' : `fails: ${failing.join(', ')}`;
  const met = d.expectedCheck === 'pass' ? check.verdict === 'pass' : failing.includes('weak-identifiability');
  const expected =
    d.expectedCheck === 'pass' ? 'every assumption of [R] holds' : 'weak identifiability (Assumption 6(b)) fails';
  return { step: 'check', grammar: d.name, expected, observed, met };
}

function rfLevels(r: LearnResult): RfLevel[] {
  return r.levels.filter((l): l is RfLevel => l.kind === 'layerwise-rf');
}

function recoveryText(r: LearnResult): string {
  const rf = rfLevels(r);
  if (rf.length > 0)
    return rf
      .map(
        (l) =>
          `l${l.level}: ${l.recovered ? 'recovered' : 'not recovered'} (max‖h−q‖ ${fmt(l.maxDistanceToQ)} vs ρ̂/2 ${fmt(l.halfGap)}, nearest-q ${fmt(l.recoveryRate)})`,
      )
      .join('; ');
  return `recovery ${r.levels.map((l) => `l${l.level}=${fmt(l.recoveryRate)}`).join(' ')}`;
}

/** Expectations of a learner run on a grammar where every assumption holds. */
function passingExpectation(d: DefaultGrammar, r: LearnResult, observed: string): VerifyExpectation {
  // layerwise-cluster is the reference for how few samples the information needs: it must recover every
  // level exactly. layerwise-rf is the theorem's learner: Theorem 7 promises every level within half the
  // gap of its q-vector (recovered in the paper's sense) and zero classification error, so that is required.
  const cluster = r.learner === 'layerwise-cluster';
  const rf = rfLevels(r);
  const recovered = cluster
    ? r.levels.every((l) => l.recoveryRate === 1)
    : rf.length > 0 && rf.every((l) => l.recovered);
  const what = cluster
    ? 'recovers every level exactly'
    : 'recovers every level in the paper’s sense (max‖h − q‖ < ρ̂/2 over the support, or the held-out patches when it exceeds 10^5 inputs)';
  return {
    step: `learn:${r.learner}`,
    grammar: d.name,
    expected: `${what} and reaches test error ≤ ${fmt(r.targetError)} at ${r.budget} samples`,
    observed,
    met: r.status === 'learned' && recovered,
  };
}

function learnExpectation(d: DefaultGrammar, r: LearnResult, zeroGapLevels: number[]): VerifyExpectation | null {
  const observed = `${r.status}, test error ${fmt(r.testError)}; ${recoveryText(r)}`;
  if (d.expectedCheck === 'pass') return passingExpectation(d, r, observed);
  // The theorem's learner trains on the first patch only: a zero first-patch gap at level l means two
  // parents share their regression target, so level l cannot be recovered in the paper's sense.
  if (r.learner !== 'layerwise-rf') return null;
  const bad = rfLevels(r).filter((l) => zeroGapLevels.includes(l.level));
  return {
    step: `learn:${r.learner}`,
    grammar: d.name,
    expected: `is not recovered at level ${zeroGapLevels.join(', ')} (zero first-patch gap: max‖h − q‖ < ρ̂/2 = 0 is impossible)`,
    observed,
    met: bad.length > 0 && bad.every((l) => !l.recovered),
  };
}

/** What a grammar outside the theorem (a zero first-patch gap) showed: which learners still learned it. */
function zeroGapFinding(d: DefaultGrammar, check: CheckResult, learners: readonly LearnResult[]): VerifyFinding | null {
  const zero = check.levels.filter((l) => l.minGap === 0);
  if (d.expectedCheck === 'pass' || zero.length === 0) return null;
  const gaps = zero
    .map(
      (l) =>
        `level ${l.level}: ρ̂ = 0 at the first patch, ${l.minGapAllPositions === null ? 'all-positions gap not computed' : `min over all positions ${fmt(l.minGapAllPositions)}`}`,
    )
    .join('; ');
  const runs = learners
    .map((r) => `${r.learner} ${r.status} (test error ${fmt(r.testError)} vs target ${fmt(r.targetError)})`)
    .join(', ');
  return {
    grammar: d.name,
    finding: `violates Assumption 6(b) (${gaps}); the theorem does not cover it, and its first-patch learner cannot recover that level, yet: ${runs}. A zero first-patch gap does not make the label unlearnable: the label may not depend on the merged pair, and learners reading every position see other positions' statistics.`,
  };
}

/** The sweep of the verification job and its expectation (the fitted b inside the band). */
async function sweepStep(
  sweep: Partial<SweepConfig>,
  hooks: VerifyHooks,
  onCells: (done: number, total: number) => void,
): Promise<{ scale: ScaleResult | null; expectation: VerifyExpectation }> {
  const outcome = await runSweep(resolveSweepConfig(sweep), {
    executor: hooks.executor,
    ledgerPath: hooks.ledgerPath,
    resume: false,
    onCell: (done, total) => onCells(done, total),
  });
  if (outcome.status !== 'completed') {
    return {
      scale: null,
      expectation: {
        step: 'scale',
        grammar: null,
        expected: 'the sweep completes',
        observed: `aborted: ${outcome.reason}`,
        met: false,
      },
    };
  }
  const scale = outcome.result;
  const e = scale.exponent;
  return {
    scale,
    expectation: {
      step: 'scale',
      grammar: null,
      expected: `fitted exponent b of log P* = a + b·L·log m has its ${Math.round(100 * scale.config.confidence)}% interval inside [${scale.config.band.join(', ')}]`,
      observed:
        e.b !== null
          ? `b = ${fmt(e.b)} [${fmt(e.low)}, ${fmt(e.high)}], ${scale.verdict}`
          : `no fit (${scale.verdictReason})`,
      met: scale.verdict === 'consistent',
    },
  };
}

/** Steps of a run, for progress: per grammar (round trip, check, learners), the control, the two sweeps. */
function stepCount(config: VerifyConfig): number {
  const optional = [config.sweep, config.control, config.rfSweep].filter((c) => c !== null && c !== undefined);
  return DEFAULT_GRAMMARS.length * (2 + config.learners.length) + optional.length;
}

/** [C]'s control when configured: appends its expectations and finding; its backend and the steps done. */
async function controlStep(
  c: ControlConfig | null | undefined,
  expectations: VerifyExpectation[],
  findings: VerifyFinding[],
): Promise<{ backend: BackendInfo | null; steps: number }> {
  if (!c) return { backend: null, steps: 0 };
  const r = await runControl(c);
  expectations.push(...r.expectations);
  findings.push(r.finding);
  return { backend: r.backend, steps: 1 };
}

/**
 * The main verification job: on the built-in grammars, check the assumptions
 * exactly, run the learners at their budgets and measure per-level recovery,
 * then run a small scaling sweep and fit the exponent. Every expectation and
 * whether it was met is in the result.
 *
 * @param config - resolved configuration ({@link VERIFY_DEFAULTS})
 * @param hooks - progress callback, sweep executor and ledger path
 * @returns the validated `rhm-verify/1` result and the TensorFlow.js backend used (null if none)
 * @throws InternalError when the result does not match its schema (a bug)
 */
export async function runVerify(
  config: VerifyConfig,
  hooks: VerifyHooks,
): Promise<{ result: VerifyResult; backend: BackendInfo | null }> {
  const t0 = performance.now();
  const steps = stepCount(config);
  let done = 0;
  const progress = (label: string): void => hooks.onProgress?.(done / steps, label);
  const expectations: VerifyExpectation[] = [];
  const findings: VerifyFinding[] = [];
  const grammars: VerifyGrammar[] = [];
  let backend: BackendInfo | null = null;

  for (const d of DEFAULT_GRAMMARS) {
    progress(`${d.name}: generate, validate, round trip`);
    const file = generateGrammar(d.params);
    const invalid = grammarViolations(file);
    const g = compileGrammar(file);
    const trip = roundTrip(g, config.roundTripSamples, config.seed);
    expectations.push({
      step: 'round-trip',
      grammar: d.name,
      expected: 'the file validates and every sample parses back to its own label',
      observed: `${invalid.length} violations, ${trip.parsed}/${trip.samples} parsed back`,
      met: invalid.length === 0 && trip.parsed === trip.samples,
    });
    done++;

    progress(`${d.name}: rhm check`);
    const check = runCheck(g, { samples: config.checkSamples, seed: config.seed, source: d.name });
    expectations.push(checkExpectation(d, check));
    const zeroGapLevels = check.levels.filter((l) => l.minGap === 0).map((l) => l.level);
    done++;

    const learners: LearnResult[] = [];
    const unit = classCount(g) * (g.m ?? 1) ** g.L;
    for (const spec of config.learners) {
      progress(`${d.name}: ${spec.name}`);
      const kappa = spec.scaleWithKappa ? (check.kappa ?? 1) : 1;
      const request: LearnRequest = {
        grammar: g,
        samples: Math.round(spec.budgetFactor * kappa * unit),
        seed: config.seed,
        testSamples: config.testSamples,
        ...(spec.options ? { options: spec.options } : {}),
      };
      const outcome = await getLearner(spec.name).run(request);
      backend = outcome.backend ?? backend;
      const r = learnResult(outcome, request, { grammarPath: null, command: ['verify'] });
      learners.push(r);
      const e = learnExpectation(d, r, zeroGapLevels);
      if (e) expectations.push(e);
      done++;
    }
    const finding = zeroGapFinding(d, check, learners);
    if (finding) findings.push(finding);
    grammars.push({
      name: d.name,
      purpose: d.purpose,
      params: d.params,
      expectedCheck: d.expectedCheck,
      roundTrip: trip,
      check,
      learners,
    });
  }

  progress("[C]'s correlation-free control (cnn)");
  const control = await controlStep(config.control, expectations, findings);
  backend = control.backend ?? backend;
  done += control.steps;

  let scale: ScaleResult | null = null;
  if (config.sweep) {
    progress('scaling sweep');
    // Sub-progress: each finished cell moves the bar within the sweep's step.
    const step = await sweepStep(config.sweep, hooks, (cells, total) =>
      hooks.onProgress?.((done + cells / total) / steps, `scaling sweep: ${cells}/${total} cells`),
    );
    scale = step.scale;
    expectations.push(step.expectation);
    done++;
  }
  if (config.rfSweep) {
    progress('layerwise-rf sweep');
    expectations.push(await rfSweepExpectation(config.rfSweep, hooks.executor, `${hooks.ledgerPath}.rf`));
    done++;
  }
  hooks.onProgress?.(1, 'done');

  const result: VerifyResult = {
    format: VERIFY_FORMAT,
    verdict: expectations.every((e) => e.met) ? 'pass' : 'fail',
    expectations,
    findings,
    grammars,
    scale,
    seconds: (performance.now() - t0) / 1000,
  };
  const violations = schemaViolations(VerifyResultSchema, JSON.parse(JSON.stringify(result)));
  if (violations.length > 0)
    throw new InternalError(
      `the rhm-verify/1 result does not match its schema: ${JSON.stringify(violations.slice(0, 5))}`,
    );
  return { result, backend };
}
