import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { SCHEMA_CATALOGUE, schemaDocument } from '../../spec/catalogue';

const DIR = join(__dirname, '..', '..', 'spec', 'schemas');

describe('emitted JSON Schemas', () => {
  test.each(SCHEMA_CATALOGUE.map((c) => [c.file, c.schema] as const))(
    '%s matches its TypeBox definition (run `npm run schemas` after changing a spec)',
    (file, schema) => {
      expect(readFileSync(join(DIR, file), 'utf8')).toBe(schemaDocument(schema));
    },
  );

  test('every committed schema file is in the catalogue and compiles in ajv strict mode', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(SCHEMA_CATALOGUE.map((c) => c.file).sort());
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown>;
      delete doc.$schema;
      expect(() => ajv.compile(doc)).not.toThrow();
    }
  });
});
