import { join } from 'node:path';
import { SAMPLER_NAMES, type SamplerName } from '../../../spec/generator';
import { ScaleResultSchema, type ScaleResult, type SweepConfig } from '../../../spec/scale';
import { schemaViolations } from '../../../spec/validate';
import { InvalidInputError } from '../../errors';
import { readJsonFile, writeFileAtomic } from '../../io/json-file';
import { getLearner, LEARNER_NAMES } from '../../learners/registry';
import { reportHelp, REPORT_OPTIONS, reportRun } from '../report-run';
import { compareLearners } from '../../scaling/compare';
import { defaultWorkerCount, InProcessExecutor, ThreadPoolExecutor, type CellExecutor } from '../../scaling/pool';
import { DEFAULT_SWEEP, resolveSweepConfig, runSweep } from '../../scaling/sweep';
import { FlagReader, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import { timingText } from '../progress';
import type { CliIo } from '../io';
import { readSlurmFlags, runSlurmCheck, slurmExecutor, SLURM_HELP, SLURM_OPTIONS } from '../slurm-flags';
import { DETACHED_REASON } from '../../scaling/slurm/executor';

import { fmt, formatScaleSummary } from './scale-format';
import { LEARNER_COMMAND_HELP, LEARNER_COMMAND_OPTIONS, learnerFlags } from './learner-command';

export { formatScaleSummary } from './scale-format';

const D = DEFAULT_SWEEP;
/** Default of --ample-factor (the field is optional in the schema only for older results). */
const AMPLE_FACTOR = D.ampleFactor ?? 16;

/** Exit code after Ctrl-C (128 + SIGINT, the shell convention): finished cells are in the ledger. */
const EXIT_INTERRUPTED = 130;

const HELP = `Usage: rhm scale [--learner NAME | --learner-command CMD] [--sampler S] [--classes N[,N…]]
                 [--vocab V] [--m 2,3,4,6] [--L 2,3,4] [--s 2] [--seeds K] [--out DIR] [--resume]
                 [--workers W] [--json] [--band LOW,HIGH] [--threshold T] [options]

Measure the sample complexity P* of a learner over a grid of (n_c, m, L) and fit
log P* = a + b·L·log m (+ c·log n_c), and beside it the same with a separate
d·log m term (Theorem 7's poly(m) prefactor, 'exponentWithLogM'), with bootstrap
intervals for b ([C]: P* ≈ n_c·m^L; [R]: m^((1+o(1))L)).

P* is the smallest training-set size with test error ≤ threshold·(1 − 1/n_c),
found by a geometric search then bisection on a log grid, per (grammar seed,
training seed). Before training, every grammar is checked exactly (rhm check, first
patch): replicates whose grammar fails rule-structure, non-degeneracy (κ̂ = ∞
included) or weak-identifiability are excluded from the fit and listed per cell
('excluded'). A replicate that does not reach the target within its budget is
right-censored (P* > pStarLowerBound) and counted per cell ('censored'); the fits
are censored maximum likelihood in log P* (Tobit) over the replicates, so censored
replicates push the line up instead of vanishing, and b is 'undetermined' when
censoring leaves it unidentifiable. A cell where a replicate's P* (or bound)
reaches P_max/2 is 'saturated' and left out of the fit. Intervals are percentile
bootstraps over grammar seeds; with fewer than 3 seeds in a fitted cell the
interval is declared meaningless and the verdict undetermined. A cell reports the
median P* over its included replicates (null when that median is censored).
Every cell is a job run on a pool of worker threads; finished cells are appended
to DIR/ledger.jsonl, so an interrupted sweep continues with --resume. The result
(rhm-scale/1) is written to DIR/scale.json.

Grid (defaults: the default sweep, under 10 minutes on 2 cores; L = 2 is left out because
there P_max/(n_c·m^L) = m, too close for P* to tell n_c·m^L from P_max):
  --learner NAME      one of ${LEARNER_NAMES.join(', ')}
                      (default ${D.learner})
${LEARNER_COMMAND_HELP}
                      (the command travels in every cell's job spec, as the
                      options command and timeoutSeconds, to every worker)
  --sampler S         ${SAMPLER_NAMES.join(' | ')} (default ${D.sampler})
  --classes N[,N…]    n_c values (default ${D.classes.join(',')}); with one value c is not identifiable
  --vocab V           v (default ${D.vocab})
  --m LIST            m values (default ${D.m.join(',')})
  --L LIST            depths (default ${D.L.join(',')})
  --s S               branching factor (default ${D.s})
  --seeds K           grammar seeds per cell (default ${D.seeds})
  --train-seeds T     training seeds per grammar (default ${D.trainSeeds})
  --seed N            root seed of the sweep (default ${D.seed})
Measurement:
  --threshold T       target test error as a fraction of chance error (default ${D.threshold})
  --band LOW,HIGH     verdict 'consistent' when b's interval lies inside (default ${D.band.join(',')})
  --test-samples N    held-out samples per evaluation (default ${D.testSamples})
  --search-factor F   budget per cell = F·n_c·m^L (default ${D.searchFactor})
  --include-failing   keep replicates whose grammar fails a pre-checked assumption in the fit
  --per-level         also search, per level l, the smallest stage-l budget N^(l) at which
                      level l is recovered with the stages below it on ample data, on a grid
                      start..search-factor × n_c·m^l, and fit log N^(l) = a + b_l·l·log m
                      ('levelExponents'; Lemma 11 of [R] predicts b_l = 1); layerwise-rf and
                      layerwise-cluster only; runs in this thread after the sweep, not resumable
  --ample-factor F    with --per-level: stage j below l trains on F·n_c·m^j samples
                      (layerwise-cluster: F·n_c·m^L; default ${AMPLE_FACTOR})
  --option K=V        learner option (repeatable; V a number such as .5 or 1e3, true/false,
                      JSON, else a string; the same rule as rhm learn)
Limits (cells beyond them are skipped with the reason):
  --max-samples N     largest budget (default ${D.maxSamples})
  --max-memory-mb N   largest estimated memory per cell (default ${D.maxMemoryBytes / 2 ** 20})
  --cell-seconds S    per-cell time limit (default none); a cell that hits it is 'timed-out'
Execution:
  --out DIR           where ledger.jsonl and scale.json go (default reports/scale/<UTC time>)
  --resume            continue the sweep in DIR (needs --out)
  --workers W         worker threads (default: the number of cores, ${defaultWorkerCount()} here;
                      0 runs in this thread)
  --json              print the rhm-scale/1 object instead of the summary
  --compare FILE      another sweep's scale.json (e.g. fcn against layerwise-cluster on
                      the same grid): P* ratios per common cell and their growth
                      against P_max/(n_c·m^L), the shallow-to-deep gap of [C]
${SLURM_HELP}
${reportHelp(22)}
  -h, --help          show this help

Exit codes: 0 consistent, 1 inconsistent or undetermined, 2 invalid input, 130 interrupted
(Ctrl-C: finished cells stay in the ledger; continue with --resume --out DIR).`;

function numberPair(
  f: FlagReader,
  raw: string | undefined,
  name: string,
  fallback: readonly [number, number],
): [number, number] {
  if (raw === undefined) return [fallback[0], fallback[1]];
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p))) {
    f.violations.push({
      code: 'wrong-value',
      path: `--${name}`,
      message: `--${name} must be two numbers LOW,HIGH, got '${raw}'`,
      fix: `e.g. --${name} 0.8,1.3`,
    });
    return [fallback[0], fallback[1]];
  }
  return [parts[0] as number, parts[1] as number];
}

function progress(
  io: CliIo,
): (
  done: number,
  total: number,
  c: { m: number; L: number; classes: number; wallSeconds: number; pStar: number | null },
) => void {
  const start = Date.now();
  return (done, total, c) => {
    if (io.quiet === true) return;
    const cell = `n_c=${c.classes} m=${c.m} L=${c.L}, P*=${fmt(c.pStar)}, ${c.wallSeconds.toFixed(1)} s`;
    const timing = timingText((Date.now() - start) / 1000, done / total);
    if (io.isTty) io.err(`\rscale: ${done}/${total} cells (last: ${cell}; ${timing})   ${done === total ? '\n' : ''}`);
    else io.err(`rhm scale: ${done}/${total} cells done (${cell}; ${timing})\n`);
  };
}

/** `rhm scale`: the sample-complexity sweep. */
export const scaleCommand: Command = {
  name: 'scale',
  summary: 'measure P* over an (m, L) grid and fit the sample-complexity exponent',
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'scale',
      argv,
      {
        learner: { type: 'string' },
        ...LEARNER_COMMAND_OPTIONS,
        sampler: { type: 'string' },
        classes: { type: 'string' },
        vocab: { type: 'string' },
        m: { type: 'string' },
        L: { type: 'string' },
        s: { type: 'string' },
        seeds: { type: 'string' },
        'train-seeds': { type: 'string' },
        seed: { type: 'string' },
        threshold: { type: 'string' },
        band: { type: 'string' },
        'test-samples': { type: 'string' },
        'search-factor': { type: 'string' },
        'include-failing': { type: 'boolean' },
        'per-level': { type: 'boolean' },
        'ample-factor': { type: 'string' },
        option: { type: 'string', multiple: true },
        'max-samples': { type: 'string' },
        'max-memory-mb': { type: 'string' },
        'cell-seconds': { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        workers: { type: 'string' },
        json: { type: 'boolean' },
        compare: { type: 'string' },
        ...SLURM_OPTIONS,
        ...REPORT_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      0,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const f = new FlagReader(args);
    const cellSeconds = f.string('cell-seconds') === undefined ? null : f.number('cell-seconds', { min: 1e-3 });
    const chosen = learnerFlags(f, LEARNER_NAMES, D.learner);
    const partial: Partial<SweepConfig> = {
      learner: chosen.learner,
      sampler: f.choice<SamplerName>('sampler', SAMPLER_NAMES, D.sampler),
      classes: f.intList('classes', { min: 2, fallback: [...D.classes] }),
      vocab: f.int('vocab', { min: 2, fallback: D.vocab }),
      m: f.intList('m', { min: 1, fallback: [...D.m] }),
      L: f.intList('L', { min: 1, max: 40, fallback: [...D.L] }),
      s: f.int('s', { min: 2, max: 64, fallback: D.s }),
      seeds: f.int('seeds', { min: 1, max: 1000, fallback: D.seeds }),
      trainSeeds: f.int('train-seeds', { min: 1, max: 1000, fallback: D.trainSeeds }),
      seed: f.int('seed', { fallback: D.seed }),
      threshold: f.number('threshold', { min: 1e-9, max: 1 - 1e-9, fallback: D.threshold }),
      band: numberPair(f, f.string('band'), 'band', D.band),
      testSamples: f.int('test-samples', { min: 1, max: 1 << 24, fallback: D.testSamples }),
      searchFactor: f.number('search-factor', { min: 1e-3, fallback: D.searchFactor }),
      maxSamples: f.int('max-samples', { min: 1, fallback: D.maxSamples }),
      maxMemoryBytes: f.number('max-memory-mb', { min: 1, fallback: D.maxMemoryBytes / 2 ** 20 }) * 2 ** 20,
      cellSeconds,
      learnerOptions: chosen.options,
      includeFailing: f.flag('include-failing'),
      perLevel: f.flag('per-level'),
      ampleFactor: f.number('ample-factor', { min: 1e-3, fallback: AMPLE_FACTOR }),
    };
    const workers = f.int('workers', { min: 0, max: 1024, fallback: defaultWorkerCount() });
    const slurm = readSlurmFlags(f, args);
    const resume = f.flag('resume');
    const outFlag = f.string('out');
    if (resume && outFlag === undefined) {
      f.violations.push({
        code: 'missing-flag',
        path: '--out',
        message: '--resume needs the directory of the sweep to continue',
        fix: 'add --out DIR (the directory that holds ledger.jsonl)',
      });
    }
    const comparePath = f.string('compare');
    f.done('scale');
    let other: ScaleResult | undefined;
    if (comparePath !== undefined) {
      const value = readJsonFile(comparePath, `--compare ${comparePath}`);
      const bad = schemaViolations(ScaleResultSchema, value);
      if (bad.length > 0)
        throw new InvalidInputError(
          `--compare ${comparePath} (expected an rhm-scale/1 result, e.g. DIR/scale.json)`,
          bad,
        );
      other = value as ScaleResult;
    }
    const config = resolveSweepConfig(partial);
    const outDir = outFlag ?? join(io.cwd, 'reports', 'scale', new Date().toISOString().replace(/[:.]/g, '-'));
    if (slurm?.check) return runSlurmCheck(slurm, outDir, io);
    const executor: CellExecutor = slurm
      ? slurmExecutor(slurm, outDir, config, argv, io)
      : workers === 0
        ? new InProcessExecutor(getLearner)
        : new ThreadPoolExecutor(workers);
    // Ctrl-C stops dispatching, drops unfinished cells and leaves the ledger ready for --resume.
    const ctl = new AbortController();
    const onSigint = (): void => ctl.abort('interrupted (SIGINT)');
    process.once('SIGINT', onSigint);
    let outcome: Awaited<ReturnType<typeof runSweep>>;
    try {
      outcome = await runSweep(config, {
        executor,
        ledgerPath: join(outDir, 'ledger.jsonl'),
        resume,
        onCell: progress(io),
        signal: ctl.signal,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (outcome.status === 'aborted') {
      if (outcome.reason === DETACHED_REASON) return EXIT.ok;
      io.err(
        `rhm scale: stopped after ${outcome.cellsDone}/${outcome.cellsTotal} cells (${outcome.reason}); continue with --resume --out ${outDir}\n`,
      );
      return EXIT_INTERRUPTED;
    }
    const result: ScaleResult = other
      ? { ...outcome.result, comparison: compareLearners(outcome.result, other) }
      : outcome.result;
    writeFileAtomic(join(outDir, 'scale.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (args.values.json) io.out(`${JSON.stringify(result)}\n`);
    else
      io.out(`${formatScaleSummary(result)}wrote ${join(outDir, 'scale.json')} and ${join(outDir, 'ledger.jsonl')}\n`);
    reportRun(io, args.values, {
      command: 'scale',
      argv,
      config: { ...result.config, out: outDir, workers },
      seeds: { sweep: result.config.seed },
      results: { schema: 'rhm-scale/1', value: result },
    });
    await io.drain();
    return result.verdict === 'consistent' ? EXIT.ok : EXIT.negative;
  },
};
