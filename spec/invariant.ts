import { Type, type Static } from '@sinclair/typebox';

/**
 * A registered assumption or invariant: the single source from which checks,
 * property tests and the generated catalogue (docs/invariants.md) are tied
 * together. Property tests name the id in brackets at the start of the test
 * title, e.g. `test('[sample-parses-back] every sample parses …', …)`.
 */
export const InvariantInfoSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'stable kebab-case id' }),
    kind: Type.Union([Type.Literal('assumption'), Type.Literal('invariant')], {
      description:
        "'assumption': a hypothesis of [R] that a grammar may fail; 'invariant': a property the harness guarantees",
    }),
    title: Type.String(),
    statement: Type.String({ description: "the statement in the paper's notation" }),
    reference: Type.String({ description: 'paper reference, e.g. "[R] Assumption 6(a)"' }),
    properties: Type.Array(Type.String(), {
      description: 'property files (relative to the repository root) whose tests carry the id',
    }),
    notes: Type.Optional(
      Type.String({ description: 'measured facts worth documenting, e.g. the region where an assumption fails' }),
    ),
  },
  { $id: 'rhm-invariant', additionalProperties: false },
);

/** A registered assumption or invariant. */
export type InvariantInfo = Static<typeof InvariantInfoSchema>;
