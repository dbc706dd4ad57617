import { LIMITS } from '../../../spec/limits';
import { assertGrammarFile } from '../../grammar/validate';
import { writeFileAtomic } from '../../io/json-file';
import { grammarFromRuleTensors, readRuleTensors } from '../../io/npy-rules';
import { FlagReader, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm import-rules RULES.npz [--vocab V] [-o FILE]
       rhm import-rules LEVEL0.npy LEVEL1.npy … [--vocab V] [-o FILE]

Turn rule tensors saved by NumPy into a grammar file (rhm-grammar/1). Level l's
tensor has shape (|V_l|, m, s): entry [ν, j] is the j-th production of symbol ν,
exactly rules[l] of the reference implementation's sample_rules. Give either one
.npz (entries are ordered by the number their names end with: arr_0, arr_1, … as
np.savez(f, *[rules[l] for l in range(L)]) writes, or 0, 1, … from **{str(l): …}),
or one .npy per level, level 0 first.

  vocabulary[0] = n_c and vocabulary[l] (l < L) are the tensors' first axes;
  vocabulary[L] (the input tokens) is --vocab, else |V_(L-1)| when L ≥ 2 (one v
  at every level, as in the reference), else the largest token + 1.

Integer dtypes (i1…i8, u1…u8, either byte order) in C order are read; floats,
booleans, structured or object dtypes (pickles are never loaded), Fortran order,
and other zip compression than stored or deflate are refused naming the field.
The grammar is validated before it is written (symbols in range, no repeated
production within a symbol).

Options:
  --vocab V       size of the input vocabulary |V_L|
  -o, --output F  write the grammar to F (atomically) instead of standard output
  -h, --help      show this help

Exit codes: 0 success, 2 a file that cannot be read as integer rule tensors (the
message names the file and the header field, e.g. rules.npz/arr_1.npy/descr), or
tensors that do not form a valid grammar (the message names the JSON pointer).`;

/** `rhm import-rules`: NumPy rule tensors → rhm-grammar/1. */
export const importRulesCommand: Command = {
  name: 'import-rules',
  summary: 'turn rule tensors saved by NumPy (.npy per level, or .npz) into a grammar file',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'import-rules',
      argv,
      {
        vocab: { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      LIMITS.maxDepth,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const f = new FlagReader(args);
    const vocab = args.values.vocab === undefined ? undefined : f.int('vocab', { min: 2, max: LIMITS.maxVocabulary });
    const output = f.string('output');
    f.done('import-rules');
    const file = grammarFromRuleTensors(readRuleTensors(args.positionals), vocab);
    assertGrammarFile(file, 'imported grammar');
    const text = `${JSON.stringify(file)}\n`;
    if (output !== undefined && output !== '-') writeFileAtomic(output, text);
    else io.out(text);
    return EXIT.ok;
  },
};
