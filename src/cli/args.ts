import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { MAX_SEED } from '../util/rng';
import { closest } from './suggest';

/** Option specs as node:util parseArgs takes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals of one command. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

/** `--n -1` → `--n=-1`, so a negative number given to a string flag reaches the range check (not "ambiguous"). */
function joinNegativeValues(argv: readonly string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Parse a command's arguments strictly; unknown flags and missing values
 * become an InvalidInputError naming the flag.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: OptionSpecs,
  maxPositionals: number,
): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    // Not `instanceof Error`: errors from node:util can come from another realm (jest's sandbox).
    const text = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
    const msg = text.replace(/\. To specify.*$/s, '');
    const unknown = /Unknown option '(-{1,2})([^']*)'/.exec(msg);
    const hint = unknown ? closest(unknown[2] ?? '', Object.keys(options)) : undefined;
    throw new InvalidInputError(`rhm ${command}`, [
      {
        code: 'usage',
        path: 'arguments',
        message: hint === undefined ? msg : `${msg} (did you mean '--${hint}'?)`,
        fix: `see 'rhm ${command} --help'`,
      },
    ]);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new InvalidInputError(`rhm ${command}`, [
      {
        code: 'usage',
        path: 'arguments',
        message: `unexpected argument '${parsed.positionals[maxPositionals]}'`,
        fix: `see 'rhm ${command} --help'`,
      },
    ]);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** Collects flag violations so a command reports all of them at once. */
export class FlagReader {
  readonly violations: Violation[] = [];
  constructor(private readonly args: ParsedArgs) {}

  /** A whole-number flag in [min, max]; `fallback` when absent (undefined fallback = required). */
  int(name: string, opts: { min?: number; max?: number; fallback?: number } = {}): number {
    const raw = this.args.values[name];
    const min = opts.min ?? 0;
    // Every --seed is a root seed: seeds are hashed to 32 bits, so larger ones are refused (see MAX_SEED).
    const max = opts.max ?? (name === 'seed' ? MAX_SEED : Number.MAX_SAFE_INTEGER);
    if (raw === undefined || raw === true) {
      if (opts.fallback !== undefined) return opts.fallback;
      this.violations.push({
        code: 'missing-flag',
        path: `--${name}`,
        message: `--${name} is required`,
        fix: `add --${name} <integer ≥ ${min}>`,
      });
      return NaN;
    }
    const value = Number(raw);
    if (!/^[+-]?\d+$/.test(String(raw).trim()) || !Number.isSafeInteger(value)) {
      this.violations.push({
        code: 'not-an-integer',
        path: `--${name}`,
        message: `--${name} must be a whole number, got '${String(raw)}'`,
        fix: `give an integer in [${min}, ${max}]`,
      });
      return NaN;
    }
    if (value < min || value > max) {
      this.violations.push({
        code: 'out-of-range',
        path: `--${name}`,
        message: `--${name} must be in [${min}, ${max}], got ${value}`,
        fix:
          name === 'seed' && value > max
            ? `give a seed below 2^32 = ${max + 1} (seeds are hashed to 32 bits, so a larger one would repeat a smaller one)`
            : `give an integer in [${min}, ${max}]`,
      });
    }
    return value;
  }

  /** A finite number flag in [min, max]. */
  number(name: string, opts: { min?: number; max?: number; fallback?: number } = {}): number {
    const raw = this.args.values[name];
    const min = opts.min ?? -Infinity;
    const max = opts.max ?? Infinity;
    if (raw === undefined || raw === true) {
      if (opts.fallback !== undefined) return opts.fallback;
      this.violations.push({
        code: 'missing-flag',
        path: `--${name}`,
        message: `--${name} is required`,
        fix: `add --${name} <number>`,
      });
      return NaN;
    }
    const text = String(raw).trim();
    const value = NUMBER_LITERAL.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value) || value < min || value > max) {
      const why = NUMBER_LITERAL.test(text)
        ? Number.isFinite(value)
          ? `got ${value}`
          : `'${String(raw)}' is beyond the largest finite number`
        : `'${String(raw)}' is not a decimal number (hex, Infinity and NaN are refused)`;
      this.violations.push({
        code: 'out-of-range',
        path: `--${name}`,
        message: `--${name} must be a finite number in [${min}, ${max}]: ${why}`,
        fix: `give a decimal number in [${min}, ${max}], e.g. 0.5 or 1e-3`,
      });
    }
    return value;
  }

  /** One of a fixed set of names. */
  choice<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const raw = this.args.values[name];
    if (raw === undefined || raw === true) {
      if (fallback !== undefined) return fallback;
      this.violations.push({
        code: 'missing-flag',
        path: `--${name}`,
        message: `--${name} is required`,
        fix: `add --${name} ${allowed.join('|')}`,
      });
      return allowed[0] as T;
    }
    if (!(allowed as readonly string[]).includes(String(raw))) {
      this.violations.push({
        code: 'wrong-value',
        path: `--${name}`,
        message: `--${name} must be one of ${allowed.join(', ')}, got '${String(raw)}'`,
        fix: `use one of ${allowed.join(', ')}`,
      });
    }
    return raw as T;
  }

  /** A comma-separated list of whole numbers in [min, max]. */
  intList(name: string, opts: { min?: number; max?: number; fallback: number[] }): number[] {
    const raw = this.args.values[name];
    if (raw === undefined || raw === true) return opts.fallback;
    const parts = String(raw).split(',');
    const min = opts.min ?? 0;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    const out = parts.map((p) => Number(p.trim()));
    if (parts.some((p) => !/^\d+$/.test(p.trim())) || out.some((v) => v < min || v > max)) {
      this.violations.push({
        code: 'wrong-value',
        path: `--${name}`,
        message: `--${name} must be a comma-separated list of integers in [${min}, ${max}], got '${String(raw)}'`,
        fix: `e.g. --${name} ${min},${min + 1}`,
      });
    }
    return out;
  }

  /** An optional string flag. */
  string(name: string): string | undefined {
    const raw = this.args.values[name];
    return typeof raw === 'string' ? raw : undefined;
  }

  /** The bag of repeated `--option KEY=VALUE` flags, by {@link collectOptionFlags}. */
  options(name = 'option'): Record<string, unknown> {
    return collectOptionFlags(optionStrings(this.args, name), this.violations);
  }

  /** A boolean flag. */
  flag(name: string): boolean {
    return this.args.values[name] === true;
  }

  /** Throw every collected violation at once. */
  done(command: string): void {
    if (this.violations.length > 0) throw new InvalidInputError(`rhm ${command}`, this.violations);
  }
}

/** The single positional GRAMMAR argument, or a usage error naming it. */
export function grammarArg(command: string, args: ParsedArgs): string {
  const path = args.positionals[0];
  if (path === undefined) {
    throw new InvalidInputError(`rhm ${command}`, [
      {
        code: 'missing-argument',
        path: 'GRAMMAR',
        message: 'no grammar file given',
        fix: `run 'rhm ${command} GRAMMAR …' with the path of an rhm-grammar/1 file (see 'rhm generate')`,
      },
    ]);
  }
  return path;
}

/** A number as a user types it: `2`, `-2`, `+2`, `.5`, `5.`, `1e3`, `2.5E-3` (a superset of JSON numbers). */
const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The value of one `--option KEY=VALUE`, the same for every command: a number
 * literal (including forms JSON refuses, `.5`, `5.`, `+2`) is that number;
 * otherwise VALUE parsed as JSON when it is valid JSON (`true`, `false`, `null`,
 * `"text"`, `[1,2]`, `{"a":1}`); otherwise the string itself (`oracle`, `pooled`, and `` for `KEY=`).
 * @returns the value, or undefined when VALUE is a number literal too large for a finite number.
 * @example
 * optionValue('.5'); // 0.5
 * optionValue('true'); // true
 * optionValue('pooled'); // 'pooled'
 */
export function optionValue(raw: string): unknown {
  if (NUMBER_LITERAL.test(raw)) {
    const x = Number(raw);
    return Number.isFinite(x) ? x : undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The violation of one malformed `--option` string, or null. */
function optionViolation(kv: string, seen: ReadonlySet<string>): Violation | null {
  const eq = kv.indexOf('=');
  const usage = { code: 'wrong-value', path: '--option' };
  if (eq <= 0)
    return {
      ...usage,
      message: `--option must be KEY=VALUE with a non-empty KEY, got '${kv}'`,
      fix: 'write e.g. --option restarts=8 (one KEY=VALUE per --option)',
    };
  const key = kv.slice(0, eq);
  if (key === '__proto__' || key === 'constructor' || key === 'prototype')
    return {
      ...usage,
      message: `--option ${key} is not an option name`,
      fix: `remove --option ${key}=…; see the command's --help for its options`,
    };
  if (seen.has(key))
    return { ...usage, message: `--option ${key} is given more than once`, fix: `give --option ${key}=… once` };
  if (optionValue(kv.slice(eq + 1)) === undefined)
    return {
      ...usage,
      message: `--option ${key}: '${kv.slice(eq + 1)}' is not a finite number`,
      fix: `give a number within ±${Number.MAX_VALUE.toExponential(3)}`,
    };
  return null;
}

/**
 * The option bag of repeated `--option KEY=VALUE` flags (values by {@link optionValue}),
 * pushing a violation for each string without `=` or with an empty KEY, each KEY given
 * twice and each number literal beyond the finite range.
 * @param raw - the `--option` strings in command-line order
 * @param violations - where violations are collected
 */
export function collectOptionFlags(raw: readonly string[], violations: Violation[]): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  const seen = new Set<string>();
  for (const kv of raw) {
    const bad = optionViolation(kv, seen);
    if (bad) {
      violations.push(bad);
      continue;
    }
    const eq = kv.indexOf('=');
    seen.add(kv.slice(0, eq));
    entries.push([kv.slice(0, eq), optionValue(kv.slice(eq + 1))]);
  }
  // fromEntries defines own properties, so a KEY like __proto__ stays a plain key.
  return Object.fromEntries(entries);
}

/** The `--option` strings of parsed arguments (declared `{ type: 'string', multiple: true }`). */
function optionStrings(args: ParsedArgs, name: string): string[] {
  const raw = (args.values as Record<string, unknown>)[name];
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The option bag of a command's `--option KEY=VALUE` flags, by {@link collectOptionFlags}.
 * @throws InvalidInputError naming `--option` and the fix for every malformed string.
 */
export function parseOptionFlags(command: string, args: ParsedArgs): Record<string, unknown> {
  const violations: Violation[] = [];
  const out = collectOptionFlags(optionStrings(args, 'option'), violations);
  if (violations.length > 0) throw new InvalidInputError(`rhm ${command}`, violations);
  return out;
}

/**
 * Standard input can be read once: refuse `-` given for two inputs of one command.
 * @param command - the command, for the error.
 * @param inputs - each input's flag or argument name and its path (`-` = standard input).
 * @throws InvalidInputError naming the second input that reads standard input.
 */
export function assertOneStdin(command: string, inputs: readonly (readonly [string, string | undefined])[]): void {
  const readers = inputs.filter(([, path]) => path === '-');
  if (readers.length > 1) {
    const [first, second] = readers.map(([name]) => name);
    throw new InvalidInputError(`rhm ${command}`, [
      {
        code: 'usage',
        path: second ?? 'arguments',
        message: `${first ?? ''} and ${second ?? ''} both read standard input ('-')`,
        fix: 'give one of them as a file',
      },
    ]);
  }
}
