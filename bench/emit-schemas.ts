import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_CATALOGUE, schemaDocument } from '../spec/catalogue';
import { writeFileAtomic } from '../src/io/json-file';

/**
 * `npm run schemas`: write every boundary schema to spec/schemas/ (the drift test compares them).
 * It lives outside spec/ because it writes files through src/io, and spec/ depends on nothing in src/.
 */
function main(): void {
  const dir = join(__dirname, '..', '..', 'spec', 'schemas');
  mkdirSync(dir, { recursive: true });
  for (const { file, schema } of SCHEMA_CATALOGUE) {
    writeFileAtomic(join(dir, file), schemaDocument(schema));
    process.stdout.write(`${join('spec', 'schemas', file)}\n`);
  }
}

main();
