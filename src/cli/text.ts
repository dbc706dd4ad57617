/** Help texts are kept within this many columns (a test checks every command's help). */
export const HELP_COLUMNS = 100;

/**
 * Wrap `text` at word boundaries into lines of at most `width` columns; every
 * line after the first starts with `indent` spaces.
 * @example
 * wrapText('a b c', 3, 0); // 'a b\nc'
 */
export function wrapText(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width - (lines.length === 0 ? 0 : indent)) {
    const room = width - (lines.length === 0 ? 0 : indent);
    const lead = rest.length - rest.trimStart().length;
    const at = rest.lastIndexOf(' ', room);
    if (at <= lead) break;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at + 1).trimStart();
  }
  lines.push(rest);
  return lines.map((l, i) => (i === 0 ? l : `${' '.repeat(indent)}${l}`)).join('\n');
}
