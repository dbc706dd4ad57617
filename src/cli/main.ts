import { formatViolation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { VERSION } from '../version';
import { defaultMemoryLimit, formatBytes, parseBytes } from '../util/memory';
import { EXIT, EXIT_CODES, type Command } from './command';
import { flagViolation } from './flags';
import { didYouMean } from './suggest';
import { HELP_COLUMNS, wrapText } from './text';
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
    name: 'import-rules',
    summary: 'turn rule tensors saved by NumPy (.npy per level, or .npz) into a grammar file',
    load: () => (require('./commands/import-rules') as typeof import('./commands/import-rules')).importRulesCommand,
  },
  {
    name: 'check',
    summary: "verify the paper's assumptions on a grammar, exactly (κ̂, ρ̂^(l), K̂_ρ, P_max, budgets)",
    load: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand,
  },
  {
    name: 'atlas',
    summary: "where the paper's assumptions hold over a grid of grammar sizes (shares, intervals)",
    load: () => (require('./commands/atlas') as typeof import('./commands/atlas')).atlasCommand,
  },
  {
    name: 'learn',
    summary: 'train a learner under a sample budget; per-level latent recovery and test error',
    load: () => (require('./commands/learn') as typeof import('./commands/learn')).learnCommand,
  },
  {
    name: 'score',
    summary: 'score per-level representations written by any program against the latent trees',
    load: () => (require('./commands/score') as typeof import('./commands/score')).scoreCommand,
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

/** The exit-code table of {@link EXIT_CODES}, one line per code, for `rhm --help`. */
function exitCodeLines(): string {
  return EXIT_CODES.map((e) => wrapText(`  ${String(e.code).padStart(3)}  ${e.meaning}`, HELP_COLUMNS, 7)).join('\n');
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: rhm <command> [options]

rhm-harness ${VERSION}: verification harness for Random Hierarchy Models and the
assumptions, learner and sample-complexity law of Ren et al. (COLT 2026).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'rhm help <command>' or 'rhm <command> --help' for a command's options.
Global options (any command): --help, --version, --quiet (no progress on stderr),\n--memory-limit SIZE (e.g. 8G; also RHM_MEMORY_LIMIT).
Wherever a file is read, '-' means standard input.
Memory: 'rhm learn' estimates what a run will allocate and refuses (exit 2) above the
limit, by default ${formatBytes(defaultMemoryLimit())} (2 GiB, or a quarter of this machine's memory if less);
'rhm scale' skips cells whose estimate exceeds --max-memory-mb; generate, sample and
parse bound their own sizes.

Exit codes:
${exitCodeLines()}`;
}

/** Arguments before a lone `--` (after it everything is an operand). */
function flagsPart(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

/** The global flags, removed from a command's arguments: `--quiet` (recorded on the io) and `--memory-limit SIZE`. */
interface GlobalFlags {
  readonly args: readonly string[];
  readonly io: CliIo;
  /** The `--memory-limit` value, when given. */
  readonly memoryLimit: string | undefined;
}

function globalFlags(args: readonly string[], io: CliIo): GlobalFlags {
  const flags = flagsPart(args);
  const kept: string[] = [];
  let quiet = false;
  let memoryLimit: string | undefined;
  for (let i = 0; i < flags.length; i++) {
    const a = flags[i] as string;
    if (a === '--quiet') quiet = true;
    else if (a.startsWith('--memory-limit=')) memoryLimit = a.slice('--memory-limit='.length);
    else if (a === '--memory-limit') memoryLimit = flags[++i] ?? '';
    else kept.push(a);
  }
  return { args: [...kept, ...args.slice(flags.length)], io: quiet ? { ...io, quiet } : io, memoryLimit };
}

/** Apply `--memory-limit` (it sets RHM_MEMORY_LIMIT for this process and its workers); an error text when invalid. */
function applyMemoryLimit(given: string | undefined): string | null {
  if (given !== undefined) {
    if (parseBytes(given) === null)
      return `--memory-limit: '${given}' is not a size. Fix: give bytes or a size such as 512M or 8G`;
    process.env.RHM_MEMORY_LIMIT = given;
  }
  const env = process.env.RHM_MEMORY_LIMIT;
  if (env !== undefined && env !== '' && parseBytes(env) === null)
    return `RHM_MEMORY_LIMIT: '${env}' is not a size. Fix: set it to bytes or a size such as 512M or 8G, or unset it`;
  return null;
}

function unknownCommand(name: string, io: CliIo): number {
  const hint = didYouMean(name, COMMANDS.map((c) => c.name).concat('help'));
  io.err(
    `rhm: unknown command '${name}'.${hint} Fix: use one of ${COMMANDS.map((c) => c.name).join(', ')} (see 'rhm --help')\n`,
  );
  return EXIT.invalid;
}

/** `rhm`, `rhm --help`, `rhm help [CMD]`, `rhm --version`; null when argv names a command to run. */
function globalAnswer(argv: readonly string[], io: CliIo): number | null {
  const [first, second] = argv;
  if (first === undefined) {
    io.err(`${usage()}\n`);
    return EXIT.invalid;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && second === undefined)) {
    io.out(`${usage()}\n`);
    return EXIT.ok;
  }
  if (first === 'help' && second !== undefined) {
    const entry = COMMANDS.find((c) => c.name === second);
    if (!entry) return unknownCommand(second, io);
    io.out(`${entry.load().help}\n`);
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  return null;
}

/**
 * Run the CLI with the given arguments; resolves to the exit code. Never
 * throws: invalid input is reported on stderr with the field and the fix.
 */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const answered = globalAnswer(argv, io);
  if (answered !== null) return answered;
  const [first = '', ...given] = argv;
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) return unknownCommand(first, io);
  const command = entry.load();
  const flags = flagsPart(given);
  if (flags.includes('--version') || flags.includes('-V')) {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  const stripped = globalFlags(given, io);
  const badLimit = applyMemoryLimit(stripped.memoryLimit);
  if (badLimit !== null) {
    io.err(`rhm ${command.name}: error: ${badLimit}\n`);
    return EXIT.invalid;
  }
  try {
    return await command.run(stripped.args, stripped.io);
  } catch (e) {
    return reportError(command.name, e, io);
  }
}

/** Print a thrown error the way the CLI reports it and return its exit code. */
function reportError(name: string, e: unknown, io: CliIo): number {
  if (e instanceof InvalidInputError) {
    io.err(
      `rhm ${name}: error: ${e.subject} is invalid:\n${e.violations.map((v) => `  - ${formatViolation(flagViolation(v))}`).join('\n')}\n`,
    );
    return EXIT.invalid;
  }
  if (e instanceof RangeError && /Invalid (array|typed array) length|Array buffer allocation failed/.test(e.message)) {
    io.err(
      `rhm ${name}: error: the request needs more memory than is available (${e.message}). Fix: use smaller sizes.\n`,
    );
    return EXIT.invalid;
  }
  const detail = process.env.RHM_DEBUG
    ? `\n${e instanceof Error ? e.stack : String(e)}`
    : ' (set RHM_DEBUG=1 for details)';
  io.err(
    `rhm ${name}: internal error: ${e instanceof Error ? e.message : String(e)}${detail}\nThis is a bug in rhm-harness; please report it with the command you ran.\n`,
  );
  return EXIT.internal;
}
