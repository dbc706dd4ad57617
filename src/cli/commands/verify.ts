import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERIFY_FORMAT } from '../../../spec/verify';
import { getLearner } from '../../learners/registry';
import { reportHelp, REPORT_OPTIONS, reportRun } from '../report-run';
import { InProcessExecutor, ThreadPoolExecutor, defaultWorkerCount, type CellExecutor } from '../../scaling/pool';
import { MAX_SEED } from '../../util/rng';
import { DEFAULT_GRAMMARS } from '../../verify/defaults';
import { runVerify, VERIFY_DEFAULTS, type VerifyConfig } from '../../verify/run';
import { FlagReader, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import { progressBar } from '../progress';
import { HELP_COLUMNS, wrapText } from '../text';

const HELP = `Usage: rhm verify [--seed K] [--workers W] [--no-sweep] [--json] [--report-dir DIR | --no-report]

The main verification job (npm start). The built-in grammars:
${DEFAULT_GRAMMARS.map((d) => wrapText(`  ${d.name.padEnd(32)} ${d.purpose}`, HELP_COLUMNS, 35)).join('\n')}
On each of them the job, step by step,
  1. generates each grammar, validates it, samples ${VERIFY_DEFAULTS.roundTripSamples} inputs and parses every one back;
  2. checks the assumptions of [R] exactly (rhm check), expecting the last grammar to fail
     weak identifiability and the others to pass;
  3. runs ${VERIFY_DEFAULTS.learners.map((l) => `${l.name} at ${l.budgetFactor}${l.scaleWithKappa === true ? '·κ̂' : ''}·n_c·m^L samples`).join(' and ')}
     and measures per-level recovery of the latent symbols on held-out data
     (layerwise-cluster must recover every level exactly; layerwise-rf must reach the
     [C] target of 10% of chance error and recover every level in the paper's sense,
     max‖h − q‖ < ρ̂/2; on the zero-gap grammar layerwise-rf must not recover the
     zero-gap level, and which learners still learn that grammar is reported);
  4. runs rhm scale's default sweep (layerwise-cluster, [C]-style rules, v = n_c = 8,
     m ∈ {3,4,6}, L ∈ {3,4}, 8 grammar seeds × 2 training seeds, grammars pre-checked)
     and fits the exponent b of log P* = a + b·L·log m, expecting its 95% bootstrap
     interval inside [0.8, 1.3]; then a small layerwise-rf sweep (uniform-first-token,
     v = n_c = 8, m ∈ {3,4}, L = 3, 3 grammar seeds) with the same expectation.
  5. runs [C]'s control: cnn at 8·n_c·m^L samples on a correlation-free grammar (every
     label–patch correlation removed, rhm generate --sampler correlation-free) and on the
     matched RHM (v = n_c = m = 3, L = 3): the RHM must be learned, the control must stay
     at ≥ half of chance error.
Every expectation is listed with what was measured; one report is written.

Options:
  --seed K       root seed of samples and learners (default ${VERIFY_DEFAULTS.seed}; the grammars have fixed seeds)
  --workers W    worker threads for the sweep (default: number of cores; 0 = in-process)
  --no-sweep     skip the scaling sweeps
  --json         print the rhm-verify/1 result on stdout
${reportHelp(17)}
  -h, --help     show this help

Exit codes: 0 every expectation met, 1 some expectation not met, 2 invalid flags.`;

/** `rhm verify`: the full verification run on the built-in grammars. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run the main verification job on the built-in grammars (npm start)',
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'verify',
      argv,
      {
        seed: { type: 'string' },
        workers: { type: 'string' },
        'no-sweep': { type: 'boolean' },
        json: { type: 'boolean' },
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
    const seed = f.int('seed', { fallback: VERIFY_DEFAULTS.seed, max: MAX_SEED });
    const workers = f.int('workers', { fallback: defaultWorkerCount(), max: 64 });
    const noSweep = f.flag('no-sweep');
    f.done('verify');
    const config: VerifyConfig = {
      ...VERIFY_DEFAULTS,
      seed,
      sweep: noSweep ? null : VERIFY_DEFAULTS.sweep,
      rfSweep: noSweep ? null : (VERIFY_DEFAULTS.rfSweep ?? null),
    };
    const executor: CellExecutor = workers === 0 ? new InProcessExecutor(getLearner) : new ThreadPoolExecutor(workers);
    const bar = progressBar(io, 30, 'rhm verify');
    // The sweep's ledger is scratch here (the report keeps the results): removed after the run.
    const scratch = mkdtempSync(join(tmpdir(), 'rhm-verify-'));
    let outcome: Awaited<ReturnType<typeof runVerify>>;
    try {
      outcome = await runVerify(config, {
        executor,
        ledgerPath: join(scratch, 'ledger.jsonl'),
        onProgress: (fraction, label) => bar.update(fraction, label),
      });
    } finally {
      bar.clear();
      rmSync(scratch, { recursive: true, force: true });
    }
    const { result, backend } = outcome;
    if (args.values.json) io.out(`${JSON.stringify(result)}\n`);
    else {
      for (const e of result.expectations) {
        io.out(`${e.met ? 'ok  ' : 'FAIL'} ${e.step.padEnd(24)} ${(e.grammar ?? '').padEnd(32)} ${e.observed}\n`);
        if (!e.met) io.out(`     expected: ${e.expected}\n`);
      }
      for (const f of result.findings) io.out(`note ${(f.grammar ?? '').padEnd(24)} ${f.finding}\n`);
      const met = result.expectations.filter((e) => e.met).length;
      io.out(
        `verify: ${met}/${result.expectations.length} expectations met in ${result.seconds.toFixed(1)} s (backend ${backend ? backend.name : 'none'})\n`,
      );
    }
    const resolved = { ...config, workers, grammars: DEFAULT_GRAMMARS.map((d) => ({ name: d.name, ...d.params })) };
    reportRun(io, args.values, {
      command: 'verify',
      argv,
      config: resolved,
      seeds: { root: seed },
      results: { schema: VERIFY_FORMAT, value: result },
      backend,
    });
    return result.verdict === 'pass' ? EXIT.ok : EXIT.negative;
  },
};
