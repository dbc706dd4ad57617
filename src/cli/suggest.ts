/**
 * "Did you mean" for mistyped command and flag names: the closest known name
 * by Damerau–Levenshtein distance (a swap of two adjacent letters counts once),
 * offered only when the distance is small against the word's length.
 */

/** Optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] as number;
}

/**
 * The known name closest to `word`, or undefined when none is close: within
 * distance 1 for words of up to 4 letters, 2 up to 8, 3 beyond; a known name
 * that starts with `word` (an abbreviation) also counts.
 * @example
 * closest('lern', ['learn', 'scale']); // 'learn'
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = word.length >= 3 && k.startsWith(word) ? 1 : editDistance(word, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` Did you mean 'X'?`, or the empty string. */
export function didYouMean(word: string, known: readonly string[], prefix = ''): string {
  const hit = closest(word, known);
  return hit === undefined ? '' : ` Did you mean '${prefix}${hit}'?`;
}
