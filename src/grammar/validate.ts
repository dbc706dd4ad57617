import { GrammarFileSchema, type GrammarFile } from '../../spec/grammar';
import { LIMITS } from '../../spec/limits';
import { MAX_LISTED_VIOLATIONS, schemaViolations } from '../../spec/validate';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';

/**
 * Every violation of a grammar document: first the `rhm-grammar/1` schema
 * (shapes), then, if the shapes are right, the semantic rules: sizes agree
 * with `depth`, every tuple has length s, every symbol is in range, no
 * production is repeated within a symbol, weights and prior are usable.
 *
 * Ambiguous grammars and grammars with unequal numbers of productions are
 * valid: the assumption checker flags them. Never throws.
 */
export function grammarViolations(doc: unknown): Violation[] {
  const shape = schemaViolations(GrammarFileSchema, doc);
  if (shape.length > 0) return shape;
  return semanticViolations(doc as GrammarFile);
}

function semanticViolations(g: GrammarFile): Violation[] {
  const out: Violation[] = [];
  let dropped = 0;
  const add = (code: string, path: string, message: string, fix: string): void => {
    if (out.length < MAX_LISTED_VIOLATIONS) out.push({ code, path, message, fix });
    else dropped++;
  };
  const L = g.depth;
  const s = g.branching;
  if (g.vocabulary.length !== L + 1) {
    add(
      'size-mismatch',
      '/vocabulary',
      `has ${g.vocabulary.length} sizes but depth is ${L}`,
      `give exactly depth+1 = ${L + 1} sizes (n_c first, then |V_1| … |V_L|)`,
    );
  }
  if (g.rules.length !== L) {
    add(
      'size-mismatch',
      '/rules',
      `has ${g.rules.length} levels but depth is ${L}`,
      `give exactly depth = ${L} levels of rules`,
    );
  }
  if (out.length > 0) return out;
  g.rules.forEach((level, l) => {
    const parents = g.vocabulary[l] as number;
    const children = g.vocabulary[l + 1] as number;
    if (level.length !== parents) {
      add(
        'size-mismatch',
        `/rules/${l}`,
        `lists productions for ${level.length} symbols but vocabulary[${l}] is ${parents}`,
        `give one list of productions per level-${l} symbol (${parents})`,
      );
    }
    let total = 0;
    level.forEach((prods, nu) => {
      total += prods.length;
      const seen = new Map<string, number>();
      prods.forEach((tuple, j) => {
        const path = `/rules/${l}/${nu}/${j}`;
        if (tuple.length !== s) {
          add(
            'wrong-arity',
            path,
            `production has ${tuple.length} symbols but branching is ${s}`,
            `write exactly ${s} symbols per production`,
          );
          return;
        }
        tuple.forEach((a, c) => {
          if (a >= children)
            add(
              'symbol-out-of-range',
              `${path}/${c}`,
              `symbol ${a} is not in level ${l + 1} (vocabulary[${l + 1}] = ${children})`,
              `use a symbol in 0…${children - 1} or enlarge vocabulary[${l + 1}]`,
            );
        });
        const key = tuple.join(',');
        const first = seen.get(key);
        if (first !== undefined)
          add(
            'repeated-production',
            path,
            `production [${key}] repeats production ${first} of the same symbol`,
            'remove the duplicate (to make it likelier, use ruleWeights)',
          );
        else seen.set(key, j);
      });
    });
    if (total > LIMITS.maxProductionsPerLevel) {
      add(
        'too-large',
        `/rules/${l}`,
        `level ${l} has ${total} productions, more than the limit ${LIMITS.maxProductionsPerLevel}`,
        'use a smaller grammar',
      );
    }
  });
  if (g.ruleWeights) {
    if (g.ruleWeights.length !== L)
      add(
        'size-mismatch',
        '/ruleWeights',
        `has ${g.ruleWeights.length} levels but depth is ${L}`,
        `give ${L} levels, or omit ruleWeights for uniform rules`,
      );
    g.ruleWeights.forEach((level, l) => {
      const rl = g.rules[l];
      if (!rl) return;
      if (level.length !== rl.length)
        add(
          'size-mismatch',
          `/ruleWeights/${l}`,
          `has ${level.length} symbols but rules/${l} has ${rl.length}`,
          'give one weight list per symbol',
        );
      level.forEach((ws, nu) => {
        const np = rl[nu]?.length;
        if (np !== undefined && ws.length !== np)
          add(
            'size-mismatch',
            `/ruleWeights/${l}/${nu}`,
            `has ${ws.length} weights but the symbol has ${np} productions`,
            'give one weight per production',
          );
        const sum = ws.reduce((a, b) => a + b, 0);
        if (!(sum > 0) || !Number.isFinite(sum))
          add(
            'invalid-weights',
            `/ruleWeights/${l}/${nu}`,
            `weights sum to ${sum}`,
            'give finite non-negative weights with a positive sum',
          );
      });
    });
  }
  if (g.labelPrior) {
    const n = g.vocabulary[0] as number;
    if (g.labelPrior.length !== n)
      add(
        'size-mismatch',
        '/labelPrior',
        `has ${g.labelPrior.length} entries but vocabulary[0] (n_c) is ${n}`,
        `give ${n} probabilities, or omit labelPrior for a uniform label`,
      );
    const sum = g.labelPrior.reduce((a, b) => a + b, 0);
    if (!(sum > 0) || !Number.isFinite(sum))
      add(
        'invalid-weights',
        '/labelPrior',
        `prior sums to ${sum}`,
        'give finite non-negative values with a positive sum',
      );
  }
  if (dropped > 0) add('more-violations', '/', `${dropped} further violations not listed`, 'fix the listed ones first');
  return out;
}

/** Type guard: the document is a valid `rhm-grammar/1` grammar. */
export function isGrammarFile(doc: unknown): doc is GrammarFile {
  return grammarViolations(doc).length === 0;
}

/**
 * Assert that a document is a valid grammar.
 * @throws InvalidInputError listing every violation.
 */
export function assertGrammarFile(doc: unknown, subject = 'grammar'): asserts doc is GrammarFile {
  const v = grammarViolations(doc);
  if (v.length > 0) throw new InvalidInputError(subject, v);
}
