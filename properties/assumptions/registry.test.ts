import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckResultSchema } from '../../spec/check';
import { InvariantInfoSchema } from '../../spec/invariant';
import { isValid, schemaViolations } from '../../spec/validate';
import { runCheck } from '../../src/assumptions/check';
import { ASSUMPTIONS } from '../../src/assumptions/registry';
import { ASSUMPTION_IDS } from '../../src/assumptions/types';
import { compileGrammar } from '../../src/grammar/grammar';
import { FOUNDATION_INVARIANTS } from '../../src/registry/invariants';
import { allInvariants } from '../../src/registry/all';
import { cleanGrammar } from './support/planted';

const ROOT = join(__dirname, '..', '..');

describe('assumption registry', () => {
  test('every assumption is registered once, validates against rhm-invariant, and allInvariants joins the foundation', () => {
    expect(ASSUMPTIONS.map((a) => a.info.id)).toEqual([...ASSUMPTION_IDS]);
    const all = allInvariants();
    expect(all.length).toBe(FOUNDATION_INVARIANTS.length + ASSUMPTIONS.length);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    for (const i of all) expect(isValid(InvariantInfoSchema, i)).toBe(true);
    expect(all.find((i) => i.id === 'weak-identifiability')?.notes).toMatch(/n_c < v/);
  });

  test('every property file of an assumption exists and has a test titled with the id in brackets', () => {
    for (const a of ASSUMPTIONS) {
      for (const f of a.info.properties) {
        const path = join(ROOT, f);
        expect(existsSync(path)).toBe(true);
        expect(readFileSync(path, 'utf8')).toContain(`[${a.info.id}]`);
      }
    }
  });

  test('each registered check returns a verdict with its own id', () => {
    const g = compileGrammar(cleanGrammar());
    for (const a of ASSUMPTIONS) expect(a.check(g).id).toBe(a.info.id);
  });

  test('rhm-check/1 types each verdict by its id: details or a witness of another assumption, or an extra field, fail validation', () => {
    const result = runCheck(compileGrammar(cleanGrammar()), { samples: 0, positions: 'first' });
    expect(schemaViolations(CheckResultSchema, result)).toEqual([]);
    const [rule, nonDegeneracy, weak, clean] = result.assumptions;
    const swapped = { ...result, assumptions: [{ ...rule, details: weak?.details }, nonDegeneracy, weak, clean] };
    expect(schemaViolations(CheckResultSchema, swapped)).not.toEqual([]);
    const witness = { ...result, assumptions: [rule, nonDegeneracy, { ...weak, witness: clean?.details }, clean] };
    expect(schemaViolations(CheckResultSchema, witness)).not.toEqual([]);
    const extra = {
      ...result,
      assumptions: [rule, nonDegeneracy, weak, { ...clean, details: { ...clean?.details, x: 1 } }],
    };
    expect(schemaViolations(CheckResultSchema, extra)).not.toEqual([]);
  });
});
