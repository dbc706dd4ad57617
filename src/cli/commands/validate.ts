import { formatViolation } from '../../../spec/violation';
import { InvalidInputError } from '../../errors';
import { compileGrammar } from '../../grammar/grammar';
import { grammarViolations } from '../../grammar/validate';
import { readJsonFile } from '../../io/json-file';
import { pMax } from '../../sampling/enumerate';
import { grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm validate GRAMMAR [--json]

Check a grammar file against the rhm-grammar/1 schema and the semantic rules:
sizes agree with depth, every production has s symbols in range, no production
is repeated within a symbol, weights and prior are finite, non-negative, with a
positive sum. Every error is listed with its JSON pointer and a fix.

Ambiguous grammars and unequal production counts are valid files: 'rhm check'
reports them as assumption failures.

Options:
  --json       print {"valid": bool, "violations": [...], "summary": {...}} on stdout
  -h, --help   show this help

Exit codes: 0 valid, 2 invalid or unreadable.`;

/** `rhm validate`: schema and semantic validation of a grammar file. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'validate a grammar file (schema and semantics), listing every error',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'validate',
      argv,
      { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const path = grammarArg('validate', args);
    const subject = `grammar file ${path}`;
    let doc: unknown;
    try {
      doc = readJsonFile(path, subject);
    } catch (e) {
      if (e instanceof InvalidInputError && args.values.json) {
        io.out(`${JSON.stringify({ valid: false, violations: e.violations })}\n`);
        return EXIT.invalid;
      }
      throw e;
    }
    const violations = grammarViolations(doc);
    if (violations.length > 0) {
      if (args.values.json) io.out(`${JSON.stringify({ valid: false, violations })}\n`);
      else
        io.err(
          `${subject} is invalid (${violations.length} error${violations.length > 1 ? 's' : ''}):\n${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}\n`,
        );
      return EXIT.invalid;
    }
    const g = compileGrammar(doc as Parameters<typeof compileGrammar>[0]);
    const summary = {
      classes: g.vocabulary[0],
      vocabulary: g.vocabulary,
      s: g.s,
      L: g.L,
      m: g.m,
      inputLength: g.s ** g.L,
      pMax: pMax(g).toString(),
    };
    if (args.values.json) io.out(`${JSON.stringify({ valid: true, violations: [], summary })}\n`);
    else
      io.out(
        `${path}: valid rhm-grammar/1 (n_c = ${summary.classes}, vocabulary ${g.vocabulary.join('/')}, s = ${g.s}, L = ${g.L}, m = ${g.m ?? 'not uniform'}, d = ${summary.inputLength}, derivations = ${summary.pMax})\n`,
      );
    return EXIT.ok;
  },
};
