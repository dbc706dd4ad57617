import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvariantInfoSchema } from '../../spec/invariant';
import { schemaViolations } from '../../spec/validate';
import { allInvariants } from '../../src/registry/all';
import { collectTitledTests, renderInvariantsDoc, titledTestsIn, withoutLatest } from '../../src/report/invariants-doc';

/**
 * The registry (allInvariants()), the property files (test titles starting
 * with the id in brackets) and the committed catalogue docs/invariants.md must
 * agree. Regenerate the catalogue with `npm run docs`.
 */
const ROOT = join(__dirname, '..', '..');
const registry = allInvariants();
const tests = collectTitledTests(ROOT);

describe('invariant catalogue', () => {
  test('every registry entry is a valid rhm-invariant with a unique id', () => {
    for (const inv of registry) expect(schemaViolations(InvariantInfoSchema, inv)).toEqual([]);
    const ids = registry.map((i) => i.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('every registered id is carried by a test title in each property file its entry lists', () => {
    const missing = registry.flatMap((inv) =>
      inv.properties
        .filter((file) => !existsSync(join(ROOT, file)) || !tests.some((t) => t.id === inv.id && t.file === file))
        .map((file) => `${inv.id} → ${file}`),
    );
    expect(missing).toEqual([]);
  });

  test('every id used in a test title is registered', () => {
    const known = new Set(registry.map((i) => i.id));
    const unknown = tests.filter((t) => !known.has(t.id)).map((t) => `${t.file}: ${t.title}`);
    expect(unknown).toEqual([]);
  });

  test('docs/invariants.md is the catalogue generated from them (apart from the latest results; run `npm run docs`)', () => {
    const committed = readFileSync(join(ROOT, 'docs', 'invariants.md'), 'utf8');
    expect(withoutLatest(committed)).toBe(withoutLatest(renderInvariantsDoc(registry, tests, null)));
  });

  test('titles are found in test, it, describe and test.each calls, and only there', () => {
    const b = '['; // built at run time, so this file's own source carries no such titles
    const src = [
      `test('${b}alpha-one] a', () => {});`,
      `it("${b}beta] b", () => {});`,
      `describe(\`${b}gamma] c\`, () => {});`,
      `test.each([[1, 2]])('${b}delta] %s plus %s', () => {});`,
      `const notATest = { title: '${b}epsilon] not a test' };`,
      `expect(f('${b}zeta] argument')).toBe(1);`,
    ].join('\n');
    expect(titledTestsIn(src, 'x.test.ts').map((t) => t.id)).toEqual(['alpha-one', 'beta', 'gamma', 'delta']);
  });
});
