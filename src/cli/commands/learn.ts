import { join } from 'node:path';
import type { ClusterLevel, ExternalLevel, LearnResult, RfLevel } from '../../../spec/learn';
import { readGrammar } from '../../grammar/read';
import { reportHelp, REPORT_OPTIONS, reportRun } from '../report-run';
import { writeFileAtomic } from '../../io/json-file';
import { BACKEND_NAMES } from '../../learners/backend';
import { allLearners, getLearner, LEARNER_NAMES } from '../../learners/registry';
import { learnResult } from '../../learners/result';
import type { LearnRequest } from '../../learners/types';
import { MAX_SEED } from '../../util/rng';
import { FlagReader, grammarArg, parseCommandArgs, parseOptionFlags } from '../args';
import { EXIT, type Command } from '../command';
import { assertLearnMemory } from '../../learners/memory';
import { memoryLimit } from '../../util/memory';
import { progressBar } from '../progress';
import { HELP_COLUMNS, wrapText } from '../text';
import {
  applyLearnerCommand,
  LEARNER_COMMAND_HELP,
  LEARNER_COMMAND_OPTIONS,
  representationRows,
} from './learner-command';

const DEFAULT_TEST_SAMPLES = 4096;

/** One block per learner: every option key with its default and description (from the learner's schema). */
function optionsHelp(): string {
  return allLearners()
    .map((l) => {
      const props = (l.options.schema as { properties?: Record<string, { description?: string }> }).properties ?? {};
      const defaults = l.options.defaults as Readonly<Record<string, unknown>>;
      if (Object.keys(props).length === 0) return `  ${l.name}: no options`;
      const rows = Object.entries(props).map(([k, p]) =>
        wrapText(
          `    ${k} (${k in defaults ? JSON.stringify(defaults[k]) : 'unset'}): ${p.description ?? ''}`,
          HELP_COLUMNS,
          6,
        ),
      );
      return `  ${l.name}:\n${rows.join('\n')}`;
    })
    .join('\n');
}

const HELP = `Usage: rhm learn GRAMMAR (--learner NAME | --learner-command CMD) --samples N [--seed K]
                 [--test-samples N] [--backend auto|tensorflow|wasm|cpu] [--oracle]
                 [--option KEY=VALUE …] [--json] [-o FILE]

Train a learner on samples of GRAMMAR under a budget of N training samples and
measure, on held-out data, how well each layer recovers the latent symbols of
its level (per-level recovery rate) and the test error.

Learners:
${allLearners()
  .map((l) => wrapText(`  ${l.name.padEnd(18)} ${l.description}`, HELP_COLUMNS, 21))
  .join('\n')}

Options:
  --learner NAME      one of ${LEARNER_NAMES.join(', ')}
${LEARNER_COMMAND_HELP}
  --samples N         training budget: total samples drawn, all stages together
  --seed K            root seed (default 0): streams sample, test, features, init, shuffle …
  --test-samples N    held-out samples (default ${DEFAULT_TEST_SAMPLES})
  --backend B         TensorFlow.js backend (default auto: tfjs-node, else wasm, else cpu)
  --oracle            allow exact grammar quantities to choose hyper-parameters
                      (layerwise-rf: --option sigma=oracle uses the exact gap ρ̂)
  --option KEY=VALUE  a learner option (repeatable), listed below with its default
  --json              print the rhm-learn/1 result on standard output
  -o, --output FILE   also write the rhm-learn/1 result there (atomically); it is
                      always inside the run report (report.json, results.value)
${reportHelp(22)}
  -h, --help          show this help

Learner options (--option KEY=VALUE, defaults in parentheses):
${optionsHelp()}

Recovery: for layerwise-rf a level is 'recovered' in the paper's sense when every
output is within half the exact gap of its parent's q-vector (max‖h − q_µ‖ <
ρ̂^(l)/2, Lemma 11), over the whole support when P_max ≤ 10^5, else over the
held-out samples; the nearest-q rate is reported beside it and
is a weaker notion. A run can be 'learned' with levels not recovered.

Exit codes: 0 learned (test error ≤ 10% of chance), 1 not learned or budget
exhausted (the reason names the level that failed), 2 invalid input or a budget
that would not fit in memory. The exit code follows the test error only.`;

function fmt(x: unknown, digits = 4): string {
  return typeof x === 'number'
    ? Number.isInteger(x)
      ? String(x)
      : x.toFixed(digits)
    : x === null || x === undefined
      ? '—'
      : typeof x === 'string'
        ? x
        : JSON.stringify(x);
}

function rfRows(levels: readonly RfLevel[]): string[] {
  const rows = ['level  recovered  max‖h−q‖  ρ̂/2      nearest-q  ε̃_S      ρ̃        ε_*'];
  for (const m of levels)
    rows.push(
      `${String(m.level).padStart(5)}  ${(m.recovered ? 'yes' : 'no').padEnd(9)}  ${fmt(m.maxDistanceToQ).padEnd(8)}  ${fmt(m.halfGap).padEnd(8)}  ${fmt(m.recoveryRate).padEnd(9)}  ${fmt(m.intraDiameter).padEnd(7)}  ${fmt(m.interDistance).padEnd(7)}  ${fmt(m.epsilonStar, 5)}`,
    );
  const scope = levels[0]?.maxDistanceScope === 'support' ? 'every input of the grammar' : 'every held-out patch';
  rows.push(
    `recovered: max‖h − q_µ^(l)‖ over ${scope} < ρ̂^(l)/2; nearest-q: share of outputs nearest their parent's q`,
  );
  return rows;
}

function clusterRows(levels: readonly ClusterLevel[]): string[] {
  const rows = ['level  recovery  spread    gap       exact ρ̂   exact gap (all positions)'];
  for (const m of levels)
    rows.push(
      `${String(m.level).padStart(5)}  ${fmt(m.recoveryRate).padEnd(8)}  ${fmt(m.intraClusterSpread).padEnd(8)}  ${fmt(m.interClusterGap).padEnd(8)}  ${fmt(m.exactGap).padEnd(8)}  ${fmt(m.exactGapAllPositions)}`,
    );
  return rows;
}

/** The status line: a learned run of a learner with continuous outputs always says which levels are recovered. */
function statusLine(r: LearnResult, rf: readonly RfLevel[]): string {
  const backend = r.backend ? ` (backend ${r.backend.name}, ${r.backend.threads ?? '?'} thread(s))` : '';
  if (rf.length === 0) return `learner ${r.learner}: ${r.status}${backend}`;
  const per = rf.map((m) => `${m.level} ${m.recovered ? 'yes' : 'no'}`).join(', ');
  return `learner ${r.learner}: ${r.status}${backend}; levels recovered (max‖h − q‖ < ρ̂/2): ${per}`;
}

/** Human-readable summary of a result (what `rhm learn` prints without --json). */
export function formatLearnResult(r: LearnResult, outputPath: string): string {
  const rf = r.levels.filter((m): m is RfLevel => m.kind === 'layerwise-rf');
  const cluster = r.levels.filter((m): m is ClusterLevel => m.kind === 'layerwise-cluster');
  const reps = r.levels.filter((m): m is ExternalLevel => m.kind === 'representation');
  const lines = [
    statusLine(r, rf),
    `samples drawn ${r.samples} (budget ${r.budget}), held-out ${r.testSamples}, seed ${r.seed}, ${r.seconds.toFixed(2)} s`,
    `test error ${fmt(r.testError)} (target ≤ ${fmt(r.targetError)}; the exit code follows the test error)`,
    ...(rf.length > 0 ? rfRows(rf) : []),
    ...(cluster.length > 0 ? clusterRows(cluster) : []),
    ...(reps.length > 0 ? representationRows(reps) : []),
  ];
  const sens = r.levels.flatMap((m) =>
    m.kind === 'network' && m.synonymicSensitivity !== null ? [{ level: m.level, s: m.synonymicSensitivity }] : [],
  );
  if (sens.length > 0) {
    lines.push('synonymic sensitivity S_{k,l} (rows: exchanged level l; columns: hidden layer k = 1, 2, …)');
    for (const m of sens) lines.push(`${String(m.level).padStart(5)}  ${m.s.map((x) => fmt(x, 3)).join('  ')}`);
  }
  if (r.reason) lines.push(`reason: ${r.reason}`);
  lines.push(`result written to ${outputPath}`);
  return `${lines.join('\n')}\n`;
}

/** `rhm learn`: train a learner and measure per-level latent recovery. */
export const learnCommand: Command = {
  name: 'learn',
  summary: 'train a learner under a sample budget; per-level latent recovery and test error',
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'learn',
      argv,
      {
        learner: { type: 'string' },
        ...LEARNER_COMMAND_OPTIONS,
        samples: { type: 'string' },
        seed: { type: 'string' },
        'test-samples': { type: 'string' },
        backend: { type: 'string' },
        oracle: { type: 'boolean' },
        option: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        ...REPORT_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const path = grammarArg('learn', args);
    const f = new FlagReader(args);
    const given = f.string('learner-command') === undefined ? f.choice('learner', LEARNER_NAMES) : f.string('learner');
    const samples = f.int('samples', { min: 1 });
    const seed = f.int('seed', { fallback: 0, max: MAX_SEED });
    const testSamples = f.int('test-samples', { min: 1, fallback: DEFAULT_TEST_SAMPLES });
    const backend = f.choice('backend', ['auto', ...BACKEND_NAMES], 'auto');
    const oracle = f.flag('oracle');
    const json = f.flag('json');
    const output = f.string('output');
    const chosen = applyLearnerCommand(f, given, parseOptionFlags('learn', args));
    f.done('learn');
    const options = chosen.options;
    const learner = getLearner(chosen.learner ?? given ?? '');
    const { grammar } = readGrammar(path);
    const bar = progressBar(io, 30, 'rhm learn');
    const request: LearnRequest = {
      grammar,
      samples,
      seed,
      testSamples,
      options,
      backend: backend,
      oracle,
      onProgress: (fraction, label) => {
        bar.update(fraction, label);
      },
    };
    assertLearnMemory(learner.name, request, memoryLimit());
    let outcome;
    try {
      outcome = await learner.run(request);
    } finally {
      bar.clear();
    }
    const result = learnResult(outcome, request, { grammarPath: path, command: argv });
    if (output !== undefined) writeFileAtomic(output, `${JSON.stringify(result, null, 2)}\n`);
    const runDir = reportRun(io, args.values, {
      command: 'learn',
      argv,
      config: {
        grammar: path,
        learner: result.learner,
        samples,
        testSamples,
        seed,
        backend,
        oracle,
        options: result.resolvedOptions,
      },
      seeds: { root: seed },
      results: { schema: 'rhm-learn/1', value: result },
      backend: result.backend,
      inputs: [path],
    });
    const where =
      output ??
      (runDir !== null ? `${join(runDir, 'report.json')} (results.value)` : 'nowhere (give -o FILE or --json)');
    if (json) io.out(`${JSON.stringify(result)}\n`);
    else io.out(formatLearnResult(result, where));
    await io.drain();
    return result.status === 'learned' ? EXIT.ok : EXIT.negative;
  },
};
