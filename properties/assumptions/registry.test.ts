import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvariantInfoSchema } from '../../spec/invariant';
import { isValid } from '../../spec/validate';
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
});
