import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_CATALOGUE, schemaDocument } from './catalogue';

/** Write through a temporary file and a rename, so a schema file is never half-written (spec/ imports nothing from src/). */
function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** `npm run schemas`: write every boundary schema to spec/schemas/ (the drift test compares them). */
function main(): void {
  const dir = join(__dirname, '..', '..', 'spec', 'schemas');
  mkdirSync(dir, { recursive: true });
  for (const { file, schema } of SCHEMA_CATALOGUE) {
    writeFileAtomic(join(dir, file), schemaDocument(schema));
    process.stdout.write(`${join('spec', 'schemas', file)}\n`);
  }
}

main();
