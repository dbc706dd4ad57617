import { readSync } from 'node:fs';
import { invalid } from '../errors';

/** The path that means standard input wherever a file is read (`rhm validate -`, `--input -`). */
export const STDIN_PATH = '-';

/**
 * Read all of standard input as UTF-8 text, refusing more than `maxBytes`
 * bytes as soon as they have been read (never buffering past the limit).
 * @param subject - what is being read, for the error, e.g. `grammar file -`.
 * @throws InvalidInputError when standard input is longer than `maxBytes` or cannot be read.
 */
export function readStdinText(subject: string, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      invalid(
        subject,
        STDIN_PATH,
        `standard input cannot be read (${code ?? String(e)})`,
        'pipe or redirect a file into rhm',
      );
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes)
      invalid(
        subject,
        STDIN_PATH,
        `standard input holds more than the limit of ${maxBytes} bytes`,
        'check that this is the right input; inputs this large are refused to protect memory',
        'too-large',
      );
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
