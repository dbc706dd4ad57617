import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Violation } from '../../../spec/violation';
import { InvalidInputError, invalid } from '../../errors';
import { describeParse, makeParser, type ParseResult } from '../../grammar/parse';
import type { Grammar } from '../../grammar/grammar';
import { readGrammar } from '../../grammar/read';
import { fsFailure } from '../../io/fs-errors';
import { assertOneStdin, grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm parse GRAMMAR [--input FILE] [--json] [--latent]

Parse inputs bottom-up back to their latent tree and label. Inputs are read from
FILE (or standard input), one per line: a JSON array of level-L tokens, or an
object with a "tokens" array and optionally a "label" (as 'rhm sample' writes);
blank lines are skipped. Output (per line): 'line 3: label 2', or why the input is
not in the language ('no parent for the patch [..] at level l, position k').

A label given with the input is checked: when the parse gives another label the
line reads 'line 3: label 2, but the input gives label 1 (label mismatch)', with
--json status "label-mismatch" and "givenLabel"; a count goes to standard error.

Inputs are read and answered record by record, in bounded memory: any amount of
input, and a line longer than an input of this grammar can be (about 8·d·(digits+2)
characters) is refused at once.

An ambiguous grammar is parsed as far as it is unambiguous; an input that meets a
patch with several parents is refused with status 'ambiguous' naming the patch and
its parents (the parser never guesses). 'rhm check' lists all ambiguous patches.

Options:
  --input FILE  read inputs from FILE instead of standard input ('-': standard input)
  --json        JSON Lines: {"format": "rhm-parse/1", "line", "status", "label"?, "givenLabel"?,
                "latent"?, "level"?, "position"?, "patch"?, "parents"?, "reason"?}
  --latent      with --json, include the latent tree of parsed inputs
  -h, --help    show this help

Exit codes: 0 every input parsed (to its given label, where one is given),
1 some input is not in the language, ambiguous, or parses to a label other than
the one given with it, 2 invalid grammar or a line that is not a JSON array of
integers or an object with integer "tokens" (and an integer "label", if any);
the other lines are still answered, the bad ones are listed at the end.`;

/** Most malformed lines listed (the rest are counted). */
const MAX_LISTED = 50;
/** Longest line accepted whatever the grammar, in characters. */
const MAX_LINE_CHARS = 1 << 26;

/** Longest line an input of this grammar can take: the latent tree of 'rhm sample --latent' (< 2d symbols) with generous spacing. */
export function maxLineChars(g: Grammar): number {
  const digits = String(Math.max(...g.vocabulary) - 1).length;
  const d = g.s ** g.L;
  return Math.min(MAX_LINE_CHARS, 4096 + 8 * d * (digits + 2));
}

/** The lines of a stream of chunks, one at a time; refuses a line longer than `maxChars` without buffering it. */
async function* readLines(
  chunks: Iterable<string> | AsyncIterable<Buffer | string>,
  maxChars: number,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNo = 0;
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      lineNo++;
      yield pending.slice(start, nl);
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxChars)
      invalid(
        'inputs for rhm parse',
        `line ${lineNo + 1}`,
        `is longer than ${maxChars} characters, more than any input of this grammar`,
        'give one JSON array of token ids per line (is --input the right file?)',
        'line-too-long',
      );
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

/** One input line: its tokens, and the label given with it (objects with a "label" field). */
interface InputRecord {
  readonly tokens: number[];
  readonly label?: number;
}

function recordOf(raw: string): InputRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  const isInts = (a: unknown): a is number[] => Array.isArray(a) && a.every((t) => Number.isInteger(t));
  if (isInts(v)) return { tokens: v };
  // Accept the objects 'rhm sample' writes too, so 'rhm sample … | rhm parse …' works (and checks their labels).
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const { tokens, label } = v as { tokens?: unknown; label?: unknown };
  if (!isInts(tokens)) return null;
  if (label === undefined) return { tokens };
  return Number.isInteger(label) && (label as number) >= 0 ? { tokens, label: label as number } : null;
}

/** The `format` of every record of `rhm parse --json`. */
export const PARSE_FORMAT = 'rhm-parse/1';

/** Whether the input parsed to a label other than the one given with it. */
function isMismatch(r: ParseResult, given: number | undefined): boolean {
  return r.status === 'parsed' && given !== undefined && given !== r.label;
}

function answer(line: number, r: ParseResult, given: number | undefined, json: boolean, latent: boolean): string {
  const mismatch = isMismatch(r, given);
  if (!json) {
    const text = describeParse(r);
    return `line ${line}: ${mismatch ? `${text}, but the input gives label ${String(given)} (label mismatch)` : text}\n`;
  }
  const base =
    r.status === 'parsed' && !latent
      ? { format: PARSE_FORMAT, line, status: r.status, label: r.label }
      : { format: PARSE_FORMAT, line, ...r };
  const obj =
    given === undefined ? base : { ...base, ...(mismatch ? { status: 'label-mismatch' } : {}), givenLabel: given };
  return `${JSON.stringify(obj)}\n`;
}

function inputChunks(
  inputPath: string | undefined,
  io: Parameters<Command['run']>[1],
): Iterable<string> | AsyncIterable<Buffer | string> {
  if (inputPath !== undefined && inputPath !== '-') return createReadStream(inputPath, { highWaterMark: 1 << 16 });
  return io.stdinChunks?.() ?? [io.readStdin()];
}

function malformedLine(line: number): Violation {
  return {
    code: 'malformed-input',
    path: `line ${line}`,
    message:
      'is neither a JSON array of integers nor an object with an integer "tokens" array (and a non-negative integer "label", if any)',
    fix: 'write one JSON array of token ids per line, e.g. [0, 3, 1, 2], or {"label": 1, "tokens": [0, 3, 1, 2]}',
  };
}

/** `rhm parse`: bottom-up parsing of inputs. */
export const parseCommand: Command = {
  name: 'parse',
  summary: 'parse inputs back to their latent tree and label',
  help: HELP,
  async run(argv, io) {
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
    const inputPath = typeof args.values.input === 'string' ? args.values.input : undefined;
    assertOneStdin('parse', [
      ['GRAMMAR', path],
      ['--input', inputPath ?? '-'],
    ]);
    const { grammar } = readGrammar(path);
    const parse = makeParser(grammar);
    const json = args.values.json === true;
    const latent = args.values.latent === true;
    let allParsed = true;
    const bad: Violation[] = [];
    let badCount = 0;
    let mismatches = 0;
    let line = 0;
    try {
      for await (const raw of readLines(inputChunks(inputPath, io), maxLineChars(grammar))) {
        line++;
        if (raw.trim() === '') continue;
        const record = recordOf(raw);
        if (record === null) {
          if (++badCount <= MAX_LISTED) bad.push(malformedLine(line));
          continue;
        }
        const r = parse(record.tokens);
        if (r.status !== 'parsed') allParsed = false;
        if (isMismatch(r, record.label)) mismatches++;
        io.out(answer(line, r, record.label, json, latent));
        if (line % 1024 === 0) await io.drain();
      }
    } catch (e) {
      throw fsFailure(e, `--input ${inputPath ?? 'standard input'}`, '--input');
    }
    return finish(io, { bad, badCount, mismatches, allParsed });
  },
};

/** The end of a parse run: malformed lines refused (exit 2), mismatches counted on stderr, the exit code. */
function finish(
  io: Parameters<Command['run']>[1],
  t: { bad: Violation[]; badCount: number; mismatches: number; allParsed: boolean },
): number {
  if (t.badCount > MAX_LISTED)
    t.bad.push({
      code: 'more-violations',
      path: '/',
      message: `${t.badCount - MAX_LISTED} further malformed lines`,
      fix: 'fix the listed ones first',
    });
  if (t.mismatches > 0)
    io.err(`rhm parse: ${t.mismatches} input(s) parse to a label other than the one given with them\n`);
  if (t.bad.length > 0) throw new InvalidInputError('inputs for rhm parse', t.bad);
  return t.allParsed && t.mismatches === 0 ? EXIT.ok : EXIT.negative;
}
