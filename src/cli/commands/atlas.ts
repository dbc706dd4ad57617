import { SAMPLER_NAMES, type SamplerName } from '../../../spec/generator';
import type { Violation } from '../../../spec/violation';
import { writeFileAtomic } from '../../io/json-file';
import { formatAtlasTable } from '../../report/views/atlas';
import { ATLAS_DEFAULTS, runAtlas, type AtlasConfig } from '../../scaling/atlas/run';
import { defaultWorkerCount } from '../../scaling/pool';
import { FlagReader, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import { reportHelp, REPORT_OPTIONS, reportRun } from '../report-run';

const D = ATLAS_DEFAULTS;

const HELP = `Usage: rhm atlas [--sampler S[,S…]] [--vocab V[,V…]] [--ratio R[,R…]] [--m LIST]
                 [--s LIST] [--L LIST] [--seeds K] [--seed N] [--confidence C]
                 [--workers W] [--json] [-o FILE]

Where do the assumptions of Ren et al. (COLT 2026) hold? Over a grid of
(sampler, v, n_c = ratio·v, m, s, L), generate the grammars of K seeds per cell
and check each exactly with the code of 'rhm check' (no clean-signal samples;
every patch position when it fits the check's work limit). Per cell: the share
of grammars on which each assumption holds, with a Wilson interval,

  rule-structure                      CFG-induced, (V,m)-uniform, non-ambiguous
  non-degeneracy                      Assumption 6(a): κ̂ < ∞
  weak-identifiability                Assumption 6(b): ρ̂^(l) > 0 at the first patch
  weak-identifiability-all-positions  the gap is > 0 at every patch position too
  all                                 the first three together (Theorem 7's hypotheses)

the quantiles of κ̂ and K̂_ρ over the seeds, and for uniform-first-token cells
Proposition 19: the share of grammars with ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every
level, failures split into exact zero gaps and positive gaps below the bound.
A parameter set no non-ambiguous grammar can have is listed as 'impossible'.
Cells run on a pool of worker threads; the result does not depend on their number.

Grid (defaults: ${D.samplers.length * D.vocab.length * D.m.length} cells at s = 2, L = 3, ${D.seeds} seeds):
  --sampler LIST      from ${SAMPLER_NAMES.join(', ')}
                      (default ${D.samplers.join(',')})
  --vocab LIST        v values (default ${D.vocab.join(',')})
  --ratio LIST        n_c/v values; n_c = ratio·v must be a whole number ≥ 2 (default ${D.ratio.join(',')})
  --m LIST            m values (default ${D.m.join(',')})
  --s LIST            branching factors (default ${D.s.join(',')})
  --L LIST            depths (default ${D.L.join(',')})
  --seeds K           grammar seeds per cell: N, N+1, …, N+K−1 (default ${D.seeds})
  --seed N            first grammar seed (default ${D.seed})
  --confidence C      coverage of every Wilson interval (default ${D.confidence})
Execution and output:
  --workers W         worker threads (default: the number of cores, ${defaultWorkerCount()} here;
                      0 runs in this thread)
  --json              print the rhm-atlas/1 object instead of the table
  -o, --output FILE   also write the rhm-atlas/1 object to FILE (atomically)
${reportHelp(22)}
  -h, --help          show this help

Exit codes: 0 success, 2 invalid input.`;

/** A comma-separated list without repeated values (a value listed twice would count its cell twice). */
function distinct<T>(f: FlagReader, name: string, values: readonly T[]): readonly T[] {
  if (new Set(values).size !== values.length)
    f.violations.push({
      code: 'repeated-value',
      path: `--${name}`,
      message: `--${name} lists a value twice (${values.join(',')})`,
      fix: `list every value once, e.g. --${name} ${[...new Set(values)].join(',')}`,
    });
  return values;
}

function samplersOf(f: FlagReader): SamplerName[] {
  const raw = f.string('sampler');
  if (raw === undefined) return [...D.samplers];
  const names = raw.split(',').map((x) => x.trim());
  const bad = names.filter((n) => !(SAMPLER_NAMES as readonly string[]).includes(n));
  if (bad.length > 0)
    f.violations.push({
      code: 'wrong-value',
      path: '--sampler',
      message: `unknown sampler(s) ${bad.map((b) => `'${b}'`).join(', ')}`,
      fix: `use a comma-separated list of ${SAMPLER_NAMES.join(', ')}`,
    });
  return distinct(f, 'sampler', names) as SamplerName[];
}

function ratiosOf(f: FlagReader): number[] {
  const raw = f.string('ratio');
  if (raw === undefined) return [...D.ratio];
  const parts = raw.split(',').map((x) => x.trim());
  const values = parts.map(Number);
  if (parts.some((p) => !/^(\d+(\.\d*)?|\.\d+)$/.test(p)) || values.some((v) => !(v > 0))) {
    const v: Violation = {
      code: 'wrong-value',
      path: '--ratio',
      message: `--ratio must be a comma-separated list of positive decimal numbers, got '${raw}'`,
      fix: 'e.g. --ratio 1 or --ratio 0.5,1',
    };
    f.violations.push(v);
  }
  return distinct(f, 'ratio', values) as number[];
}

/** `rhm atlas`: the share of random grammars on which each assumption of [R] holds, over a grid. */
export const atlasCommand: Command = {
  name: 'atlas',
  summary: "where the paper's assumptions hold over a grid of grammar sizes (shares, intervals)",
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'atlas',
      argv,
      {
        sampler: { type: 'string' },
        vocab: { type: 'string' },
        ratio: { type: 'string' },
        m: { type: 'string' },
        s: { type: 'string' },
        L: { type: 'string' },
        seeds: { type: 'string' },
        seed: { type: 'string' },
        confidence: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
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
    const config: AtlasConfig = Object.freeze({
      samplers: samplersOf(f),
      vocab: distinct(f, 'vocab', f.intList('vocab', { min: 2, max: 4096, fallback: [...D.vocab] })),
      ratio: ratiosOf(f),
      m: distinct(f, 'm', f.intList('m', { min: 1, max: 4096, fallback: [...D.m] })),
      s: distinct(f, 's', f.intList('s', { min: 2, max: 64, fallback: [...D.s] })),
      L: distinct(f, 'L', f.intList('L', { min: 1, max: 40, fallback: [...D.L] })),
      seeds: f.int('seeds', { min: 1, max: 100000, fallback: D.seeds }),
      seed: f.int('seed', { fallback: D.seed }),
      confidence: f.number('confidence', { min: 0.5, max: 0.999999, fallback: D.confidence }),
      workers: f.int('workers', { min: 0, max: 1024, fallback: defaultWorkerCount() }),
    });
    const output = f.string('output');
    f.done('atlas');
    const ctl = new AbortController();
    const onSigint = (): void => ctl.abort('interrupted (SIGINT)');
    process.once('SIGINT', onSigint);
    let outcome: Awaited<ReturnType<typeof runAtlas>>;
    try {
      outcome = await runAtlas(
        config,
        (done, total) => {
          if (io.isTty) io.err(`\ratlas: ${done}/${total} cells   ${done === total ? '\n' : ''}`);
        },
        ctl.signal,
      );
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (outcome.status === 'aborted') {
      io.err(`rhm atlas: stopped after ${outcome.cellsDone}/${outcome.cellsTotal} cells (${outcome.reason})\n`);
      return 130;
    }
    const result = outcome.result;
    if (output !== undefined) writeFileAtomic(output, `${JSON.stringify(result, null, 2)}\n`);
    io.out(args.values.json ? `${JSON.stringify(result)}\n` : formatAtlasTable(result));
    reportRun(io, args.values, {
      command: 'atlas',
      argv,
      config: { ...result.config },
      seeds: { grammar: config.seed },
      results: { schema: 'rhm-atlas/1', value: result },
    });
    await io.drain();
    return EXIT.ok;
  },
};
