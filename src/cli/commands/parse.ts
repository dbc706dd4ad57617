import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../../errors';
import { describeParse, makeParser, type ParseResult } from '../../grammar/parse';
import { readGrammar } from '../../grammar/read';
import { grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm parse GRAMMAR [--input FILE] [--json] [--latent]

Parse inputs bottom-up back to their latent tree and label. Inputs are read from
FILE (or standard input), one JSON array of level-L tokens per line (or an object
with a "tokens" array, as 'rhm sample' writes); blank lines are skipped. Output (per line): 'line 3: label 2', or why the input is not in the
language ('no parent for the patch [..] at level l, position k').

An ambiguous grammar is parsed as far as it is unambiguous; an input that meets a
patch with several parents is refused with status 'ambiguous' naming the patch and
its parents (the parser never guesses). 'rhm check' lists all ambiguous patches.

Options:
  --input FILE  read inputs from FILE instead of standard input
  --json        JSON Lines: {"line", "status", "label"?, "latent"?, "level"?, "position"?, "patch"?, "parents"?, "reason"?}
  --latent      with --json, include the latent tree of parsed inputs
  -h, --help    show this help

Exit codes: 0 every input parsed, 1 some input is not in the language or ambiguous,
2 invalid grammar or a line that is not a JSON array of integers.`;

/** `rhm parse`: bottom-up parsing of inputs. */
export const parseCommand: Command = {
  name: 'parse',
  summary: 'parse inputs back to their latent tree and label',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'parse',
      argv,
      {
        input: { type: 'string' },
        json: { type: 'boolean' },
        latent: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const path = grammarArg('parse', args);
    const { grammar } = readGrammar(path);
    const inputPath = typeof args.values.input === 'string' ? args.values.input : undefined;
    let text: string;
    try {
      text = inputPath ? readFileSync(inputPath, 'utf8') : io.readStdin();
    } catch {
      throw new InvalidInputError('rhm parse', [
        {
          code: 'unreadable',
          path: '--input',
          message: `cannot read ${inputPath ?? 'standard input'}`,
          fix: 'check the path',
        },
      ]);
    }
    const lines = text.split('\n');
    const inputs: { line: number; tokens: number[] }[] = [];
    const bad: InvalidInputError['violations'][number][] = [];
    lines.forEach((raw, i) => {
      if (raw.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(raw);
      } catch {
        v = undefined;
      }
      // Accept the objects 'rhm sample' writes too, so 'rhm sample … | rhm parse …' works.
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) v = (v as { tokens?: unknown }).tokens;
      if (!Array.isArray(v) || !v.every((t) => Number.isInteger(t))) {
        bad.push({
          code: 'malformed-input',
          path: `line ${i + 1}`,
          message: 'is neither a JSON array of integers nor an object with a "tokens" array',
          fix: 'write one JSON array of token ids per line, e.g. [0, 3, 1, 2]',
        });
      } else inputs.push({ line: i + 1, tokens: v as number[] });
    });
    if (bad.length > 0) throw new InvalidInputError(`inputs for rhm parse`, bad.slice(0, 50));
    const parse = makeParser(grammar);
    let allParsed = true;
    let out = '';
    for (const { line, tokens } of inputs) {
      const r: ParseResult = parse(tokens);
      if (r.status !== 'parsed') allParsed = false;
      if (args.values.json) {
        const obj =
          r.status === 'parsed' && !args.values.latent ? { line, status: r.status, label: r.label } : { line, ...r };
        out += `${JSON.stringify(obj)}\n`;
      } else out += `line ${line}: ${describeParse(r)}\n`;
    }
    io.out(out);
    return allParsed ? EXIT.ok : EXIT.negative;
  },
};
