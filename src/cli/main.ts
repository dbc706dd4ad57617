import { formatViolation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { VERSION } from '../version';
import { EXIT, type Command } from './command';
import { checkCommand } from './commands/check';
import { generateCommand } from './commands/generate';
import { learnCommand } from './commands/learn';
import { parseCommand } from './commands/parse';
import { reportCommand } from './commands/report';
import { sampleCommand } from './commands/sample';
import { scaleCommand } from './commands/scale';
import { validateCommand } from './commands/validate';
import { verifyCommand } from './commands/verify';
import { type CliIo, processIo } from './io';

/** Every subcommand, in the order `rhm --help` lists them. */
export const COMMANDS: readonly Command[] = [generateCommand, validateCommand, sampleCommand, parseCommand, checkCommand, learnCommand, verifyCommand, reportCommand, scaleCommand];

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
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.err(`rhm: unknown command '${first}'. Fix: use one of ${COMMANDS.map((c) => c.name).join(', ')} (see 'rhm --help')\n`);
    return EXIT.invalid;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InvalidInputError) {
      io.err(`rhm ${command.name}: error: ${e.subject} is invalid:\n${e.violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}\n`);
      return EXIT.invalid;
    }
    if (e instanceof RangeError && /Invalid (array|typed array) length|Array buffer allocation failed/.test(e.message)) {
      io.err(`rhm ${command.name}: error: the request needs more memory than is available (${e.message}). Fix: use smaller sizes.\n`);
      return EXIT.invalid;
    }
    const detail = process.env.RHM_DEBUG ? `\n${e instanceof Error ? e.stack : String(e)}` : ' (set RHM_DEBUG=1 for details)';
    io.err(`rhm ${command.name}: internal error: ${e instanceof Error ? e.message : String(e)}${detail}\nThis is a bug in rhm-harness; please report it with the command you ran.\n`);
    return EXIT.internal;
  }
}
