import { Type, type TSchema } from '@sinclair/typebox';

/** Shared pieces of the sweep's boundary formats (spec/scale-cell.ts, scale-config.ts, scale-result.ts). */

/** Format tag of the sweep result. */
export const SCALE_FORMAT = 'rhm-scale/1';
/** Format tag of a cell job spec. */
export const SCALE_CELL_FORMAT = 'rhm-scale-cell/1';
/** Format tag of a ledger line. */
export const SCALE_LEDGER_FORMAT = 'rhm-scale-ledger/1';

/** A count ≥ 1 (training-set sizes). */
export const Count = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** A seed ≥ 0. */
export const Seed = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A number in (0, 1). */
export const Fraction = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 });
/** A copy of a schema without its `$id`, for embedding: ajv refuses an `$id` registered twice. */
export function embedded<T extends TSchema>(schema: T): T {
  const { $id: _id, ...rest } = schema;
  return rest as T;
}
/** `t` or null, with a description. */
export const Nullable = <T extends TSchema>(t: T, description: string) => Type.Union([t, Type.Null()], { description });

/**
 * The assumptions of [R] a sweep checks exactly on every grammar it draws before trusting its P*:
 * a grammar failing one of them is outside Theorem 7, and its replicates are excluded from the fit
 * by default (`--include-failing` keeps them). Ids as in `rhm check` (spec/check.ts).
 */
export const PRECHECK_ASSUMPTIONS = ['rule-structure', 'non-degeneracy', 'weak-identifiability'] as const;
/** One of {@link PRECHECK_ASSUMPTIONS}. */
export const PrecheckAssumption = Type.Union(
  PRECHECK_ASSUMPTIONS.map((id) => Type.Literal(id)),
  { description: 'assumption id, as in rhm check' },
);
