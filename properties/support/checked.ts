/**
 * Checked access for tests, instead of non-null assertions (`x!`): a missing
 * value fails the test with a message rather than surfacing later as a
 * confusing `undefined`.
 */

/** `xs[i]`, or a thrown Error when i is out of range (or the entry is undefined). */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no entry at index ${i} (length ${xs.length})`);
  return x;
}

/** `x`, or a thrown Error when it is null or undefined. */
export function defined<T>(x: T | null | undefined, what = 'value'): T {
  if (x === null || x === undefined) throw new Error(`expected a ${what}, got ${String(x)}`);
  return x;
}
