import type { GeneratorParams } from '../../../spec/generator';
import { LIMITS } from '../../../spec/limits';
import type { Violation } from '../../../spec/violation';

/** Size of a grammar `rhm generate` would write, estimated from its parameters before anything is allocated. */
export interface GeneratedSize {
  /** n_c·m + (L−1)·v·m. */
  readonly productions: number;
  /** Arrays in the JSON file (one per production, per symbol, per level, and a few more). */
  readonly containers: number;
  /** Bytes of the JSON file, an upper bound. */
  readonly bytes: number;
}

/** The size of the grammar these parameters describe. */
export function generatedSize(p: Pick<GeneratorParams, 'classes' | 'vocab' | 'm' | 's' | 'L'>): GeneratedSize {
  const symbols = p.classes + (p.L - 1) * p.vocab;
  const productions = symbols * p.m;
  const digits = String(Math.max(p.vocab, p.classes) - 1).length;
  return {
    productions,
    containers: productions + symbols + p.L + 8,
    bytes: productions * (2 + p.s * (digits + 1)) + symbols * 3 + 1024,
  };
}

/**
 * The violation when a generated grammar would be larger than `rhm validate` and the
 * other commands read back (or than memory holds while it is generated), else null.
 */
export function generatedSizeViolation(
  p: Pick<GeneratorParams, 'classes' | 'vocab' | 'm' | 's' | 'L'>,
): Violation | null {
  const size = generatedSize(p);
  const over =
    size.productions > LIMITS.maxProductionsTotal
      ? `${size.productions} productions (n_c·m + (L−1)·v·m), more than the limit ${LIMITS.maxProductionsTotal}`
      : size.containers > LIMITS.maxJsonContainers
        ? `${size.containers} JSON arrays, more than the limit ${LIMITS.maxJsonContainers} of a grammar file`
        : size.bytes > LIMITS.maxGrammarFileBytes
          ? `about ${size.bytes} bytes, more than the limit ${LIMITS.maxGrammarFileBytes} of a grammar file`
          : null;
  if (over === null) return null;
  return {
    code: 'too-large',
    path: '--m',
    message: `the grammar would have ${over} (about ${Math.ceil((size.productions * 200) / 2 ** 20)} MiB of memory to generate)`,
    fix: 'use smaller --classes, --vocab, --m or --L',
  };
}
