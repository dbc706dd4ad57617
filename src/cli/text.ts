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
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const pad = lines.length === 0 ? 0 : indent;
    if (line !== '' && pad + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${' '.repeat(indent)}${l}`)).join('\n');
}
