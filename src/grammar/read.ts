import type { GrammarFile } from '../../spec/grammar';
import { readJsonFile } from '../io/json-file';
import { assertGrammarFile } from './validate';
import { compileGrammar, type Grammar } from './grammar';

/**
 * Read, validate (schema and semantics) and compile a grammar file.
 * @param path - path of an `rhm-grammar/1` JSON file.
 * @throws InvalidInputError naming every offending field.
 */
export function readGrammar(path: string): { file: GrammarFile; grammar: Grammar } {
  const subject = `grammar file ${path}`;
  const doc = readJsonFile(path, subject);
  assertGrammarFile(doc, subject);
  return { file: doc, grammar: compileGrammar(doc) };
}
