import { rmSync } from 'node:fs';
import type { ExternalLevel } from '../../../spec/external-level';
import type { Violation } from '../../../spec/violation';
import { InvalidInputError } from '../../errors';
import { statusFor } from '../../exact/target';
import { classCount, type Grammar } from '../../grammar/grammar';
import { sampleIid, type SampleBatch } from '../../sampling/iid';
import { Rng } from '../../util/rng';
import { assertRequestFits, resolveOptions, secondsSince } from '../common';
import { synonymExchange } from '../nn/sensitivity';
import { predictionError, scoreRepresentations, type SensitivityInput } from '../score';
import type { Learner, LearnOutcome, LearnRequest } from '../types';
import { EXTERNAL_DEFAULTS, ExternalOptionsSchema, type ExternalOptions } from './options';
import { lastLines, runProgram, type ProgramRun } from './process';
import { readResult, type CheckedResult } from './read';
import { writeTask, type InputSetData } from './task';

/**
 * The `external` learner: any program, in any language, that speaks the protocol
 * of docs/external-learners.md. The harness draws the training, held-out and
 * probe sets, writes a task directory, runs the command, reads back predictions
 * and per-level representations, and scores them with src/learners/score.
 */

export { EXTERNAL_DEFAULTS, ExternalOptionsSchema, type ExternalOptions } from './options';
export { readResult, type CheckedResult, type ExpectedSet, type SetFiles } from './read';
export { runProgram, type ProgramRun } from './process';

/** Registry name. */
export const EXTERNAL_LEARNER = 'external';

/** The held-out set, the probe set and one exchanged probe set per level. */
function inputSets(g: Grammar, test: SampleBatch, probe: SampleBatch | null, root: Rng): InputSetData[] {
  const sets: InputSetData[] = [{ name: 'held-out', tokens: test.tokens, n: test.n, predict: true }];
  if (probe === null) return sets;
  sets.push({ name: 'probe', tokens: probe.tokens, n: probe.n, predict: false });
  const ex = root.stream('sensitivity/exchange');
  for (let l = 1; l <= g.L; l++)
    sets.push({
      name: `probe-exchanged-${l}`,
      tokens: synonymExchange(g, probe, l, ex.stream(`level-${l}`)),
      n: probe.n,
      predict: false,
      exchangedLevel: l,
    });
  return sets;
}

/** The error of a program that failed or wrote bad output: its violations, then its stderr tail. */
function programError(
  command: string,
  run: ProgramRun,
  violations: Violation[],
  taskDir: string,
  kept: boolean,
): InvalidInputError {
  const where = kept
    ? `the task directory ${taskDir} is kept`
    : 'rerun with --option keepTask=true to keep the task directory';
  return new InvalidInputError(`the external learner '${command}'`, [
    ...violations,
    {
      code: 'program-stderr',
      path: 'stderr (last lines)',
      message: `\n${lastLines(run.stderrTail)}`,
      fix: `read the program's own message above; ${where}`,
    },
  ]);
}

/** The violation describing how the program ended, or null when it exited 0. */
function exitViolation(run: ProgramRun, timeout: number | null): Violation | null {
  if (run.timedOut)
    return {
      code: 'timeout',
      path: '--learner-timeout',
      message: `the program ran longer than ${timeout} s and its process group was killed`,
      fix: 'give a larger --learner-timeout, or a smaller --samples',
    };
  if (run.code === 0) return null;
  return {
    code: 'program-failed',
    path: '--learner-command',
    message:
      run.code !== null
        ? `the program exited with code ${run.code}`
        : `the program was killed by ${run.signal ?? 'a signal'}`,
    fix: 'fix the program (its stderr is below)',
  };
}

function sensitivityInput(result: CheckedResult, probe: SampleBatch | null, L: number): SensitivityInput | undefined {
  const base = result.sets.get('probe');
  if (probe === null || !base || base.representations.size === 0) return undefined;
  const exchanged = new Map<number, ReadonlyMap<number, import('../score').Representation>>();
  for (let l = 1; l <= L; l++) {
    const r = result.sets.get(`probe-exchanged-${l}`);
    if (r && r.representations.size > 0) exchanged.set(l, r.representations);
  }
  return { n: probe.n, base: base.representations, exchanged };
}

/** The tagged outcome: the status follows the test error; the reason names levels the representations do not recover. */
function outcomeOf(
  request: LearnRequest,
  opts: Readonly<ExternalOptions>,
  testError: number,
  levels: ExternalLevel[],
  result: CheckedResult,
  seconds: number,
): LearnOutcome<ExternalLevel> {
  const status = statusFor(testError, classCount(request.grammar), request.targetFraction);
  const notRecovered = levels.filter((m) => m.represented && !m.recovered).map((m) => m.level);
  return {
    status,
    learner: EXTERNAL_LEARNER,
    samples: request.samples,
    testError,
    levels,
    backend: null,
    resolvedOptions: opts,
    seconds,
    ...(result.training ? { training: result.training } : {}),
    ...(status === 'not-learned'
      ? { reason: `test error ${testError.toFixed(4)} above the target` }
      : notRecovered.length > 0
        ? { reason: `learned, but level(s) ${notRecovered.join(', ')} not recovered by the representations` }
        : {}),
  };
}

async function runExternal(request: LearnRequest): Promise<LearnOutcome<ExternalLevel>> {
  const t0 = process.hrtime.bigint();
  if (typeof request.options?.command !== 'string' || request.options.command.trim() === '')
    throw new InvalidInputError('learner external', [
      {
        code: 'missing-flag',
        path: '--learner-command',
        message: 'the external learner needs a command',
        fix: 'give --learner-command "python3 my_learner.py"',
      },
    ]);
  const opts: Readonly<ExternalOptions> = resolveOptions(
    EXTERNAL_LEARNER,
    ExternalOptionsSchema,
    EXTERNAL_DEFAULTS,
    request.options,
  );
  const g = request.grammar;
  assertRequestFits(request, 0);
  const root = Rng.fromSeed(request.seed);
  const progress = request.onProgress ?? (() => undefined);
  const train = sampleIid(g, request.samples, root.stream('sample'));
  const test = sampleIid(g, request.testSamples, root.stream('test'), { latent: true });
  const ns = Math.min(opts.sensitivitySamples, request.testSamples);
  const probe = ns >= 2 ? sampleIid(g, ns, root.stream('sensitivity/inputs'), { latent: true }) : null;
  const sets = inputSets(g, test, probe, root);
  const { task, taskFile } = writeTask(g, request.seed, train, sets, opts.timeoutSeconds);
  progress(0.05, 'external program');
  try {
    const run = await runProgram(opts.command, taskFile, opts.timeoutSeconds);
    const ended = exitViolation(run, opts.timeoutSeconds);
    if (ended) throw programError(opts.command, run, [ended], task.taskDir, opts.keepTask);
    const read = readResult(task.taskDir, g, sets);
    if (!read.ok) throw programError(opts.command, run, read.violations, task.taskDir, opts.keepTask);
    progress(0.9, 'scoring');
    const held = read.result.sets.get('held-out');
    const predictions = held?.predictions ?? new Int32Array(test.n).fill(-1);
    const testError = predictionError(predictions, test.labels);
    const sensitivity = sensitivityInput(read.result, probe, g.L);
    const levels = scoreRepresentations({
      grammar: g,
      n: test.n,
      latent: test.latent ?? [],
      representations: held?.representations ?? new Map(),
      ...(sensitivity ? { sensitivity } : {}),
      threshold: opts.recoveryThreshold,
      rng: root.stream('score'),
    });
    progress(1, 'done');
    return outcomeOf(request, opts, testError, levels, read.result, secondsSince(t0));
  } finally {
    if (opts.keepTask) process.stderr.write(`rhm: external learner task directory kept: ${task.taskDir}\n`);
    else rmSync(task.taskDir, { recursive: true, force: true });
  }
}

/** Any program that speaks the external-learner protocol (docs/external-learners.md). */
export const externalLearner: Learner<ExternalOptions, ExternalLevel> = {
  name: EXTERNAL_LEARNER,
  description: 'a program in any language run through --learner-command (docs/external-learners.md)',
  usesTensorflow: false,
  shallow: false,
  options: { schema: ExternalOptionsSchema, defaults: EXTERNAL_DEFAULTS },
  run: runExternal,
};
