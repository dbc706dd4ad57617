/**
 * The notation of report labels: exponents and level indices as Unicode
 * superscripts (m⁻⁽ˡ⁻¹⁾ᐟ², ρ̂⁽ˡ⁾), so plots and tables read as mathematics
 * rather than caret math. Written once for the plots and the views.
 * @internal
 */

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '(': '⁽',
  ')': '⁾',
  '/': 'ᐟ',
  l: 'ˡ',
  L: 'ᴸ',
  m: 'ᵐ',
  n: 'ⁿ',
  k: 'ᵏ',
};

/**
 * Text as Unicode superscripts, e.g. `sup('−(l−1)/2')` = "⁻⁽ˡ⁻¹⁾ᐟ²", so a label
 * reads m⁻⁽ˡ⁻¹⁾ᐟ² rather than caret math. Characters without a superscript
 * form are kept as they are.
 */
export function sup(text: string): string {
  return Array.from(text, (c) => SUPERSCRIPT[c] ?? c).join('');
}

/** The notation of the plots' labels, written once. */
export const MATH = {
  gap: `ρ̂${sup('(l)')}`,
  halfGap: `ρ̂${sup('(l)')}/2`,
  epsilonStar: `ε*${sup('(l)')}`,
  maxDistance: '‖h − q‖',
  mRef: `m${sup('−(l−1)/2')}`,
  prop19Ref: `(20m)${sup('−(l−1)/2')}`,
  ncMToL: `n_c·m${sup('L')}`,
  pStar: 'P*',
} as const;
