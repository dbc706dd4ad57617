import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { parse } from 'yaml';
import { schemaViolations } from '../../spec/validate';
import { CITATION_BIBTEX } from '../../src/report/citation';
import { VERSION } from '../../src/version';

const ROOT = join(__dirname, '..', '..');

/** The part of the Citation File Format 1.2.0 schema that CITATION.cff uses (required keys and their types). */
const Person = Type.Union([
  Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object(
    { 'family-names': Type.String({ minLength: 1 }), 'given-names': Type.Optional(Type.String({ minLength: 1 })) },
    { additionalProperties: false },
  ),
]);
const Identifier = Type.Object(
  { type: Type.Union([Type.Literal('doi'), Type.Literal('url'), Type.Literal('swh'), Type.Literal('other')]), value: Type.String() },
  { additionalProperties: false },
);
const Reference = Type.Object(
  {
    type: Type.Union([Type.Literal('article'), Type.Literal('conference-paper'), Type.Literal('software')]),
    title: Type.String({ minLength: 1 }),
    authors: Type.Array(Person, { minItems: 1 }),
    year: Type.Integer({ minimum: 1900 }),
    'collection-title': Type.Optional(Type.String()),
    journal: Type.Optional(Type.String()),
    volume: Type.Optional(Type.Integer()),
    start: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    end: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    doi: Type.Optional(Type.String({ pattern: '^10\\.\\d{4,9}/\\S+$' })),
    identifiers: Type.Optional(Type.Array(Identifier)),
  },
  { additionalProperties: false },
);
const Cff = Type.Object(
  {
    'cff-version': Type.Literal('1.2.0'),
    message: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    type: Type.Literal('software'),
    version: Type.String(),
    license: Type.String({ pattern: '^[A-Za-z0-9.+-]+$' }),
    authors: Type.Array(Person, { minItems: 1 }),
    keywords: Type.Optional(Type.Array(Type.String())),
    references: Type.Array(Reference, { minItems: 2 }),
  },
  { additionalProperties: false },
);

describe('citation metadata', () => {
  const cff = parse(readFileSync(join(ROOT, 'CITATION.cff'), 'utf8')) as Record<string, unknown>;
  test('[report-provenance] CITATION.cff validates against the CFF 1.2.0 subset it uses and carries the harness version', () => {
    expect(schemaViolations(Cff, cff)).toEqual([]);
    expect(cff.version).toBe(VERSION);
  });

  test('[report-provenance] docs/citing.md gives BibTeX for the harness and both papers, with the same identifiers as CITATION.cff', () => {
    const bib = readFileSync(join(ROOT, 'docs', 'citing.md'), 'utf8');
    for (const key of ['@software{rhm_harness', '@inproceedings{ren2026provable', '@article{cagnetta2024deep'])
      expect(bib).toContain(key);
    const text = JSON.stringify(cff);
    for (const id of ['2601.19756', '2307.02129', '10.1103/PhysRevX.14.031001']) {
      expect(text).toContain(id);
      expect(bib).toContain(id);
    }
    expect(bib).toContain(`version = {${VERSION}}`);
    const block = /```bibtex\n([\s\S]*?)```/.exec(bib)?.[1];
    expect(block).toBe(CITATION_BIBTEX);
  });
});
