import { LIMITS } from '../../../spec/limits';
import { formatViolation } from '../../../spec/violation';
import { InvalidInputError } from '../../errors';
import { compileGrammar, type Grammar, type RuleLevel } from '../../grammar/grammar';
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

The number of derivations P_max is printed in full up to ${LIMITS.maxPrintedDigits} digits,
beyond that as n_c·m^e (uniform grammars) or ≈ 10^x, with its number of digits.

Ambiguous grammars and unequal production counts are valid files: 'rhm check'
reports them as assumption failures.

Options:
  --json       print {"format": "rhm-validate/1", "valid": bool, "violations": [...],
               "summary": {...}} on stdout
  -h, --help   show this help

Exit codes: 0 valid, 2 invalid or unreadable.`;

/** The `format` of `rhm validate --json`. */
export const VALIDATE_FORMAT = 'rhm-validate/1';

/** log2 of the number of derivations, in floating point (never materialised): log-sum-exp of the bottom-up counts. */
export function log2PMax(g: Grammar): number {
  if (g.m !== null) return Math.log2(g.vocabulary[0] as number) + ((g.s ** g.L - 1) / (g.s - 1)) * Math.log2(g.m);
  let below = new Float64Array(g.vocabulary[g.L] as number); // log2 1 = 0
  for (let l = g.L - 1; l >= 0; l--) {
    const r = g.levels[l] as RuleLevel;
    const here = new Float64Array(r.parentCount);
    for (let nu = 0; nu < r.parentCount; nu++) {
      let max = -Infinity;
      const terms: number[] = [];
      for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
        let t = 0;
        for (let c = 0; c < g.s; c++) t += below[r.children[p * g.s + c] as number] as number;
        terms.push(t);
        if (t > max) max = t;
      }
      here[nu] = max + Math.log2(terms.reduce((a, t) => a + 2 ** (t - max), 0));
    }
    below = here;
  }
  const max = below.reduce((a, t) => Math.max(a, t), -Infinity);
  return max + Math.log2(below.reduce((a, t) => a + 2 ** (t - max), 0));
}

/**
 * P_max as text in bounded time and memory: exact when it has at most
 * LIMITS.maxPrintedDigits digits, otherwise `n_c·m^e` (exact exponent) for a
 * (V,m)-uniform grammar, or `≈ 10^x`, with the number of digits.
 */
export function pMaxText(g: Grammar): string {
  const bits = log2PMax(g);
  const log10 = bits * Math.log10(2);
  if (log10 < LIMITS.maxPrintedDigits - 1) return pMax(g).toString();
  const digits = `${Math.floor(log10) + 1} digits`;
  if (g.m === null) return `≈ 10^${log10.toFixed(3)} (${digits})`;
  const exponent = (BigInt(g.s) ** BigInt(g.L) - 1n) / BigInt(g.s - 1);
  return `${g.vocabulary[0]}·${g.m}^${exponent} (≈ 10^${log10.toPrecision(6)}, ${digits})`;
}

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
        io.out(`${JSON.stringify({ format: VALIDATE_FORMAT, valid: false, violations: e.violations })}\n`);
        return EXIT.invalid;
      }
      throw e;
    }
    const violations = grammarViolations(doc);
    if (violations.length > 0) {
      if (args.values.json) io.out(`${JSON.stringify({ format: VALIDATE_FORMAT, valid: false, violations })}\n`);
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
      pMax: pMaxText(g),
    };
    if (args.values.json)
      io.out(`${JSON.stringify({ format: VALIDATE_FORMAT, valid: true, violations: [], summary })}\n`);
    else
      io.out(
        `${path}: valid rhm-grammar/1 (n_c = ${summary.classes}, vocabulary ${g.vocabulary.join('/')}, s = ${g.s}, L = ${g.L}, m = ${g.m ?? 'not uniform'}, d = ${summary.inputLength}, derivations = ${summary.pMax})\n`,
      );
    return EXIT.ok;
  },
};
