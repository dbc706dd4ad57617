import { LIMITS } from '../../spec/limits';
import { invalid } from '../errors';

/** Limits {@link scanJson} enforces; the defaults are {@link LIMITS}. */
export interface JsonScanLimits {
  readonly maxDepth: number;
  readonly maxContainers: number;
  readonly maxValues: number;
  readonly maxKeysPerObject: number;
}

/** Default limits: {@link LIMITS}. */
export const DEFAULT_SCAN_LIMITS: JsonScanLimits = Object.freeze({
  maxDepth: LIMITS.maxJsonDepth,
  maxContainers: LIMITS.maxJsonContainers,
  maxValues: LIMITS.maxJsonValues,
  maxKeysPerObject: LIMITS.maxJsonKeysPerObject,
});

interface Frame {
  readonly object: boolean;
  /** Array: index of the current element. Object: unused. */
  index: number;
  /** Object: the key being read next (true) or a value (false). */
  expectKey: boolean;
  key: string;
  keys: Set<string> | undefined;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON pointer of the element being read inside the innermost open container. */
function pointer(stack: readonly Frame[]): string {
  const parts = stack.map((f) => escapePointer(f.object ? f.key : String(f.index)));
  return parts.length === 0 ? '/' : `/${parts.join('/')}`;
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // JSON.parse reports the syntax error later
  }
}

function tooMany(subject: string, stack: readonly Frame[], what: string, limit: number, fix: string): never {
  return invalid(subject, pointer(stack), `has more than ${limit} ${what}`, fix, 'too-large');
}

function addKey(subject: string, stack: readonly Frame[], top: Frame, key: string, limits: JsonScanLimits): void {
  top.keys ??= new Set();
  top.key = key;
  if (top.keys.has(key)) {
    invalid(
      subject,
      pointer(stack),
      `the key "${key}" appears more than once in the same object (JSON readers disagree on which one wins)`,
      `keep one "${key}"`,
      'duplicate-key',
    );
  }
  if (top.keys.size >= limits.maxKeysPerObject)
    tooMany(subject, stack, 'keys in one object', limits.maxKeysPerObject, 'check that this is the right file');
  top.keys.add(key);
}

/**
 * One linear pass over a JSON text, before `JSON.parse` allocates anything: refuses
 * nesting deeper than the limit, more arrays and objects or values than the limits
 * (so a huge document is refused for the memory its parse would take), a negative
 * zero, and a key repeated within one object (JSON.parse would keep the last silently). Syntax
 * errors are left to `JSON.parse`.
 * @throws InvalidInputError naming the JSON pointer of the offending place.
 */
export function scanJson(text: string, subject: string, limits: JsonScanLimits = DEFAULT_SCAN_LIMITS): void {
  const scan = new Scanner(subject, limits);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) i = scan.string(text, i);
    else if (c === 91 /* [ */ || c === 123 /* { */) scan.open(c === 123);
    else if (c === 93 /* ] */ || c === 125 /* } */) scan.stack.pop();
    else if (c === 44 /* , */) scan.comma();
    else if (c === 58 /* : */) scan.colon();
    else if (c === 45 /* - */ || (c >= 48 && c <= 57)) i = scan.number(text, i);
    else if ((c | 32) >= 97 && (c | 32) <= 122) i = scan.word(text, i);
  }
}

class Scanner {
  readonly stack: Frame[] = [];
  private containers = 0;
  private values = 0;
  constructor(
    private readonly subject: string,
    private readonly limits: JsonScanLimits,
  ) {}

  /** Skip the string starting at `start` (its opening quote); record it when it is a key. Returns its closing quote's index. */
  string(text: string, start: number): number {
    let i = start + 1;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 92 /* \ */) i++;
      else if (d === 34) break;
    }
    const top = this.stack[this.stack.length - 1];
    if (top?.object && top.expectKey)
      addKey(this.subject, this.stack, top, decodeKey(text.slice(start + 1, i)), this.limits);
    return i;
  }

  open(object: boolean): void {
    const { limits, stack } = this;
    if (stack.length >= limits.maxDepth)
      invalid(
        this.subject,
        pointer(stack),
        `JSON nests more than ${limits.maxDepth} levels deep`,
        'check that this is the right file',
        'too-deep',
      );
    if (++this.containers > limits.maxContainers)
      tooMany(this.subject, stack, 'arrays and objects in the whole file', limits.maxContainers, BIG_FIX);
    stack.push({ object, index: 0, expectKey: object, key: '', keys: undefined });
  }

  comma(): void {
    if (++this.values > this.limits.maxValues)
      tooMany(this.subject, this.stack, 'values in the whole file', this.limits.maxValues, BIG_FIX);
    const top = this.stack[this.stack.length - 1];
    if (top?.object) top.expectKey = true;
    else if (top) top.index++;
  }

  /** Skip a number token, refusing `-0` (and `-0.0`, `-0e5`): JSON.parse keeps the sign, and a negative zero is never meant. Returns its last index. */
  number(text: string, at: number): number {
    let end = at + 1;
    while (end < text.length && /[0-9.eE+-]/.test(text.charAt(end))) end++;
    if (text.charCodeAt(at) === 45 && Object.is(Number(text.slice(at, end)), -0))
      invalid(
        this.subject,
        pointer(this.stack),
        `the number ${text.slice(at, end)} is a negative zero`,
        'write 0',
        'negative-zero',
      );
    return end - 1;
  }

  /** A bare word must be true, false or null: NaN, Infinity and undefined are refused naming their place. Returns its last index. */
  word(text: string, at: number): number {
    const w = /^[A-Za-z_$][\w$]*/.exec(text.slice(at, at + 64))?.[0] ?? '';
    if (w !== 'true' && w !== 'false' && w !== 'null')
      invalid(
        this.subject,
        pointer(this.stack),
        `'${w}' is not a JSON value (NaN, Infinity and undefined are not JSON)`,
        'write a finite number, true, false or null',
        'malformed-json',
      );
    return at + w.length - 1;
  }

  colon(): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.object) top.expectKey = false;
  }
}

const BIG_FIX = 'use a smaller grammar; files this large are refused before parsing to protect memory';
