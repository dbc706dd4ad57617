import { readGrammar } from '../../grammar/read';
import { AtomicWriter } from '../../io/json-file';
import { binaryHeader, encodeHeader, encodeRecords } from '../../sampling/binary';
import { assertSampleSize, sampleAt, sampleIid } from '../../sampling/iid';
import { Rng } from '../../util/rng';
import { FlagReader, grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm sample GRAMMAR --n N [--seed K] [--latent] [--format jsonl|int32] [-o FILE]

Draw N i.i.d. samples from a grammar: the label from the prior D_0, then every
node's production from its rule weights (uniform when absent), top-down.

Output is JSON Lines, one object per sample:
  {"label": 3, "tokens": [5, 0, 7, 1]}
with --latent also "latent": [[3], [2, 6], [5, 0, 7, 1]] (level 0 first, level L = tokens).

With --format int32 (needs -o FILE, or -o - for standard output, e.g. a pipe): one JSON
header line (format rhm-samples/1, n, d, levels, recordInt32s, seed), then one record of
little-endian int32 per sample:
[label, tokens…], or with --latent every level top-down [level 0, level 1, …, level L].
From Python: hdr = json.loads(f.readline());
             np.fromfile(f, '<i4').reshape(hdr['n'], hdr['recordInt32s']).
Both formats hold the same samples for the same seed.

Options:
  --n N          number of samples
  --seed K       root seed (default 0); samples use its "sample" stream
  --latent       include the latent tree (the symbol at every node of every level)
  --format F     jsonl (default) or int32 (compact binary, see above)
  -o, --output F write to F (atomically: F appears only when complete); '-' is
                 standard output (streamed chunk by chunk, both formats)
  -h, --help     show this help

Samples are produced in chunks, so N is limited by disk, not memory.
Exit codes: 0 success, 2 invalid grammar or flags, or -o not a regular file,
141 output closed early (| head).`;

const CHUNK = 1 << 14;

/** `rhm sample`: i.i.d. samples as JSON Lines. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'draw i.i.d. samples from a grammar (JSON Lines or compact int32)',
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'sample',
      argv,
      {
        n: { type: 'string' },
        seed: { type: 'string' },
        latent: { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const path = grammarArg('sample', args);
    const f = new FlagReader(args);
    const n = f.int('n', { min: 0 });
    const seed = f.int('seed', { fallback: 0 });
    const latent = f.flag('latent');
    const output = f.string('output');
    const format = f.choice('format', ['jsonl', 'int32'] as const, 'jsonl');
    if (format === 'int32' && output === undefined) {
      f.violations.push({
        code: 'usage',
        path: '--format',
        message: 'binary output is written to a file, not the terminal',
        fix: 'add -o FILE, or -o - to stream it to standard output (a pipe)',
      });
    }
    const toStdout = output === '-' || output === undefined;
    if (format === 'int32' && output === '-' && !io.outBytes) {
      f.violations.push({
        code: 'usage',
        path: '-o',
        message: 'this standard output takes text only',
        fix: 'write the binary format to a file with -o FILE',
      });
    }
    f.done('sample');
    const { grammar } = readGrammar(path);
    assertSampleSize(grammar, Math.min(n, CHUNK), latent);
    const rng = Rng.fromSeed(seed).stream('sample');
    const writer = toStdout ? null : new AtomicWriter(output);
    // Standard output: text through io.out, bytes through io.outBytes, waiting for the pipe to drain after each chunk.
    const emit = async (chunk: string | Uint8Array): Promise<void> => {
      if (writer) writer.write(chunk);
      else {
        if (typeof chunk === 'string') io.out(chunk);
        else io.outBytes?.(chunk);
        await io.drain();
      }
    };
    try {
      if (format === 'int32') await emit(encodeHeader(binaryHeader(n, grammar.s, grammar.L, latent, seed)));
      for (let start = 0; start < n; start += CHUNK) {
        const batch = sampleIid(grammar, Math.min(CHUNK, n - start), rng, { latent });
        // Yield to the event loop between chunks, so SIGINT/SIGTERM can remove the temporary file.
        if (writer) await new Promise<void>((resolve) => setImmediate(resolve));
        if (format === 'int32') {
          await emit(encodeRecords(batch, latent));
          continue;
        }
        let text = '';
        for (let i = 0; i < batch.n; i++) text += `${JSON.stringify(sampleAt(batch, i))}\n`;
        await emit(text);
      }
      writer?.commit();
    } catch (e) {
      writer?.abort();
      throw e;
    }
    return EXIT.ok;
  },
};
