import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema, Static } from '@sinclair/typebox';
import type { Violation } from './violation';

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Most violations listed for one document; the rest are counted. */
export const MAX_LISTED_VIOLATIONS = 50;

function validatorFor(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Schema violations of `value` against `schema` (empty when valid). Never throws on bad data. */
export function schemaViolations(schema: TSchema, value: unknown): Violation[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const errors = dedupe(validate.errors ?? []);
  return errors.slice(0, MAX_LISTED_VIOLATIONS).map(toViolation);
}

/** True when `value` satisfies `schema` (a type guard). */
export function isValid<S extends TSchema>(schema: S, value: unknown): value is Static<S> {
  return validatorFor(schema)(value);
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    // Unions report one error per branch plus an `anyOf` summary: keep the summary only.
    if (
      errors.some(
        (o) => o.keyword === 'anyOf' && e !== o && e.schemaPath.startsWith(o.schemaPath.replace(/\/anyOf$/, '/anyOf/')),
      )
    )
      continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${value} (a number literal beyond the largest finite number, e.g. 1e309)`;
    return Number.isInteger(value) ? `the number ${value}` : `the fraction ${value}`;
  }
  return `a ${typeof value}`;
}

/** Violations about an object's fields (missing, unknown): their pointer names the field itself. */
function fieldViolation(e: ErrorObject): Violation | null {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        code: 'missing-field',
        path: `${e.instancePath}/${String(p.missingProperty)}`,
        message: `missing required field '${String(p.missingProperty)}'`,
        fix: `add '${String(p.missingProperty)}'`,
      };
    case 'additionalProperties':
      return {
        code: 'unknown-field',
        path: `${e.instancePath}/${String(p.additionalProperty)}`,
        message: `unknown field '${String(p.additionalProperty)}'`,
        fix: `remove it or check its spelling`,
      };
    default:
      return null;
  }
}

function toViolation(e: ErrorObject): Violation {
  const byField = fieldViolation(e);
  if (byField !== null) return byField;
  const path = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  const last = e.instancePath.split('/').pop() ?? '';
  // Name object fields; array items are already located by the pointer printed before the message.
  const field = last === '' ? 'the document' : /^\d+$/.test(last) ? 'this item' : `'${last}'`;
  switch (e.keyword) {
    case 'type':
      return {
        code: 'wrong-type',
        path,
        message: `${field} must be ${article(String(p.type))}, got ${describe(e.data)}`,
        fix: `write ${article(String(p.type))} here`,
      };
    case 'const':
      return {
        code: 'wrong-value',
        path,
        message: `${field} must be ${JSON.stringify(p.allowedValue)}, got ${JSON.stringify(e.data)}`,
        fix: `set it to ${JSON.stringify(p.allowedValue)}`,
      };
    case 'enum':
      return {
        code: 'wrong-value',
        path,
        message: `${field} must be one of ${JSON.stringify(p.allowedValues)}`,
        fix: 'use one of the listed values',
      };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        code: 'out-of-range',
        path,
        message: `${field} must be ${String(p.comparison)} ${String(p.limit)}, got ${JSON.stringify(e.data)}`,
        fix: `use a value ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'minItems':
      return {
        code: 'too-few-items',
        path,
        message: `${field} must have at least ${String(p.limit)} item(s)`,
        fix: `add items until there are ${String(p.limit)}`,
      };
    case 'maxItems':
      return {
        code: 'too-many-items',
        path,
        message: `${field} must have at most ${String(p.limit)} item(s)`,
        fix: `remove items (the harness refuses larger inputs to protect memory)`,
      };
    case 'anyOf':
      return {
        code: 'wrong-type',
        path,
        message: `${field} does not match any allowed form`,
        fix: 'see the schema in spec/schemas',
      };
    default:
      return {
        code: `schema-${e.keyword}`,
        path,
        message: `${field} ${e.message ?? 'is invalid'}`,
        fix: 'see the schema in spec/schemas',
      };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
