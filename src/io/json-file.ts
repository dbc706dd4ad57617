import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from '../../spec/limits';
import { invalid } from '../errors';
import { fsFailure } from './fs-errors';
import { readStdinText, STDIN_PATH } from './stdin';
import { scanJson } from './json-scan';

/**
 * Deepest bracket nesting of a JSON text, ignoring brackets inside strings.
 * A linear scan, so a million-deep document is refused before JSON.parse.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parse JSON text after {@link scanJson} (nesting, size and duplicate-key checks that
 * allocate nothing) with a message that says where the syntax error is.
 * @throws InvalidInputError when the text is not JSON, nests too deep, is too large
 *   for memory or repeats a key.
 */
export function parseJsonText(text: string, subject: string): unknown {
  scanJson(text, subject);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return invalid(
      subject,
      '/',
      `not valid JSON (${msg})`,
      'fix the JSON syntax at the reported position',
      'malformed-json',
    );
  }
}

/**
 * Read and parse a JSON file, refusing files larger than `maxBytes` before reading them;
 * the path `-` reads standard input (refused as soon as it passes `maxBytes`).
 * @throws InvalidInputError when the file is missing, too large, or not JSON.
 */
export function readJsonFile(path: string, subject: string, maxBytes: number = LIMITS.maxGrammarFileBytes): unknown {
  if (path === STDIN_PATH) return parseJsonText(readStdinText(subject, maxBytes), subject);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) invalid(subject, path, 'is not a regular file', 'give the path of a JSON file', 'not-a-file');
    size = st.size;
  } catch (e) {
    throw fsFailure(e, subject, path);
  }
  if (size > maxBytes) {
    invalid(
      subject,
      path,
      `is ${size} bytes, more than the limit of ${maxBytes}`,
      'check that this is the right file; grammars this large are refused to protect memory',
      'too-large',
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fsFailure(e, subject, path);
  }
  return parseJsonText(text, subject);
}

export { AtomicWriter, writeFileAtomic } from './atomic';
