import { formatViolation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { VERSION } from '../version';
import { EXIT, type Command } from './command';
import { type CliIo, processIo } from './io';

/** A subcommand as listed by `rhm --help`; its module is loaded only when it runs (TensorFlow.js loads only for learners). */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Command;
}

/** Every subcommand, in the order `rhm --help` lists them. */
/* eslint-disable @typescript-eslint/no-require-imports -- each command module loads lazily, so `rhm --help` and small commands do not pay for TensorFlow.js or Vega */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'generate',
    summary: 'generate a random RHM grammar (cagnetta or uniform-first-token rules)',
    load: () => (require('./commands/generate') as typeof import('./commands/generate')).generateCommand,
  },
  {
    name: 'validate',
    summary: 'validate a grammar file (schema and semantics), listing every error',
    load: () => (require('./commands/validate') as typeof import('./commands/validate')).validateCommand,
  },
  {
    name: 'sample',
    summary: 'draw i.i.d. samples from a grammar (JSON Lines or compact int32)',
    load: () => (require('./commands/sample') as typeof import('./commands/sample')).sampleCommand,
  },
  {
    name: 'parse',
    summary: 'parse inputs back to their latent tree and label',
    load: () => (require('./commands/parse') as typeof import('./commands/parse')).parseCommand,
  },
  {
    name: 'check',
    summary: "verify the paper's assumptions on a grammar, exactly (κ̂, ρ̂^(l), K̂_ρ, P_max, budgets)",
    load: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand,
  },
  {
    name: 'learn',
    summary: 'train a learner under a sample budget; per-level latent recovery and test error',
    load: () => (require('./commands/learn') as typeof import('./commands/learn')).learnCommand,
  },
  {
    name: 'scale',
    summary: 'measure P* over an (m, L) grid and fit the sample-complexity exponent',
    load: () => (require('./commands/scale') as typeof import('./commands/scale')).scaleCommand,
  },
  {
    name: 'scale-cell',
    summary: 'run one sweep cell from its spec and write the result (a Slurm array task)',
    load: () => (require('./commands/scale-cell') as typeof import('./commands/scale-cell')).scaleCellCommand,
  },
  {
    name: 'verify',
    summary: 'run the main verification job on the built-in grammars (npm start)',
    load: () => (require('./commands/verify') as typeof import('./commands/verify')).verifyCommand,
  },
  {
    name: 'report',
    summary: 'rebuild report.md and report.html of a run, or export its plots as SVG or PDF',
    load: () => (require('./commands/report') as typeof import('./commands/report')).reportCommand,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: rhm <command> [options]

rhm-harness ${VERSION}: verification harness for Random Hierarchy Models and the
assumptions, learner and sample-complexity law of Ren et al. (COLT 2026).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'rhm <command> --help' for a command's options.
Global options: --help, --version.
Exit codes: 0 success, 1 negative answer (e.g. an assumption fails), 2 usage or invalid input, 3 internal error.`;
}

/**
 * Run the CLI with the given arguments; resolves to the exit code. Never
 * throws: invalid input is reported on stderr with the field and the fix.
 */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(`${usage()}\n`);
    return first === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) {
    io.err(
      `rhm: unknown command '${first}'. Fix: use one of ${COMMANDS.map((c) => c.name).join(', ')} (see 'rhm --help')\n`,
    );
    return EXIT.invalid;
  }
  const command = entry.load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InvalidInputError) {
      io.err(
        `rhm ${command.name}: error: ${e.subject} is invalid:\n${e.violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}\n`,
      );
      return EXIT.invalid;
    }
    if (
      e instanceof RangeError &&
      /Invalid (array|typed array) length|Array buffer allocation failed/.test(e.message)
    ) {
      io.err(
        `rhm ${command.name}: error: the request needs more memory than is available (${e.message}). Fix: use smaller sizes.\n`,
      );
      return EXIT.invalid;
    }
    const detail = process.env.RHM_DEBUG
      ? `\n${e instanceof Error ? e.stack : String(e)}`
      : ' (set RHM_DEBUG=1 for details)';
    io.err(
      `rhm ${command.name}: internal error: ${e instanceof Error ? e.message : String(e)}${detail}\nThis is a bug in rhm-harness; please report it with the command you ran.\n`,
    );
    return EXIT.internal;
  }
}
