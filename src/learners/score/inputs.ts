import { invalid } from '../../errors';
import { inputLength, type Grammar } from '../../grammar/grammar';
import { describeParse, makeParser } from '../../grammar/parse';
import { decodeSamples } from '../../sampling/binary';

/**
 * The held-out inputs of `rhm score`: an rhm-samples/1 file, and the latent tree
 * of every input, read from the file when it holds the latents (`--latent`) and
 * otherwise recovered by the bottom-up parse (non-ambiguous grammars).
 */

/** Inputs with their latent trees: latent[l] holds n·s^l level-l symbols. */
export interface ScoredInputs {
  readonly n: number;
  readonly latent: readonly Int32Array[];
  /** Whether the latent trees came from the file (true) or from the parse. */
  readonly fromFile: boolean;
}

/**
 * Decode an rhm-samples/1 file written for `g` and give every input's latent tree.
 * @param subject - how to name the file in errors (e.g. `--inputs test.bin`).
 * @throws InvalidInputError when the file does not match the grammar, or an input does not parse.
 */
export function inputsWithLatents(g: Grammar, bytes: Uint8Array, subject: string): ScoredInputs {
  const { header, records } = decodeSamples(bytes);
  const d = inputLength(g);
  if (header.d !== d)
    invalid(
      subject,
      '/d',
      `inputs have d = ${header.d} tokens, the grammar's have s^L = ${d}`,
      'sample the inputs from the same grammar',
    );
  const n = header.n;
  const R = header.recordInt32s;
  const widths = Array.from({ length: g.L + 1 }, (_, l) => g.s ** l);
  const latent = widths.map((w) => new Int32Array(n * w));
  if (header.latent) {
    if (header.levels.length !== g.L + 1)
      invalid(
        subject,
        '/levels',
        `records hold ${header.levels.length} levels, the grammar has L + 1 = ${g.L + 1}`,
        'sample the inputs from the same grammar',
      );
    for (let i = 0; i < n; i++) {
      let off = i * R;
      widths.forEach((w, l) => {
        (latent[l] as Int32Array).set(records.subarray(off, off + w), i * w);
        off += w;
      });
    }
    return { n, latent, fromFile: true };
  }
  const parse = makeParser(g);
  for (let i = 0; i < n; i++) {
    const tokens = records.subarray(i * R + 1, (i + 1) * R);
    const r = parse(tokens);
    if (r.status !== 'parsed')
      invalid(
        subject,
        `/records/${i}`,
        `input ${i} does not parse: ${describeParse(r)}`,
        'give inputs of the grammar, or write them with --latent so the latent trees come with them',
      );
    r.latent.forEach((row, l) => {
      (latent[l] as Int32Array).set(row, i * (widths[l] as number));
    });
  }
  return { n, latent, fromFile: false };
}
