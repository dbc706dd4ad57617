import { SAMPLER_NAMES, type GeneratorParams } from '../../../spec/generator';
import { LIMITS } from '../../../spec/limits';
import { generateGrammar } from '../../grammar/generate';
import { writeFileAtomic } from '../../io/json-file';
import { FlagReader, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import { generatedSizeViolation } from './generate-size';

const HELP = `Usage: rhm generate --sampler cagnetta|uniform-first-token --classes N --vocab V
                    --m M --s S --L L --seed K [-o FILE]

Generate a random non-ambiguous (V,m)-uniform RHM grammar (format rhm-grammar/1).

Options:
  --sampler NAME   cagnetta: n_c·m distinct root patches and v·m per lower level, drawn
                   uniformly without replacement, m consecutive per parent ([C]).
                   uniform-first-token: [R] Appendix B; the first-token marginal is
                   uniform at every level (κ = 1). Needs n_c·m to be a multiple of v.
  --classes N      number of classes n_c = |V_0| (≥ 2)
  --vocab V        vocabulary size v = |V_l| for l ≥ 1 (≥ 2)
  --m M            productions per symbol (1 ≤ m ≤ v^(s−1), n_c·m ≤ v^s)
  --s S            branching factor (≥ 2)
  --L L            depth (≥ 1); inputs have d = s^L tokens
  --seed K         root seed (default 0); the rules use its "grammar" stream
  -o, --output F   write the grammar to F (atomically) instead of standard output
  -h, --help       show this help

Exit codes: 0 success, 2 impossible parameters (the message names the failing bound).`;

/** `rhm generate`: write a random grammar. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate a random RHM grammar (cagnetta or uniform-first-token rules)',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'generate',
      argv,
      {
        sampler: { type: 'string' },
        classes: { type: 'string' },
        vocab: { type: 'string' },
        m: { type: 'string' },
        s: { type: 'string' },
        L: { type: 'string' },
        seed: { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      0,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const f = new FlagReader(args);
    const params: GeneratorParams = {
      sampler: f.choice('sampler', SAMPLER_NAMES),
      classes: f.int('classes', { min: 2, max: LIMITS.maxVocabulary }),
      vocab: f.int('vocab', { min: 2, max: LIMITS.maxVocabulary }),
      m: f.int('m', { min: 1 }),
      s: f.int('s', { min: 2, max: LIMITS.maxBranching }),
      L: f.int('L', { min: 1, max: LIMITS.maxDepth }),
      seed: f.int('seed', { fallback: 0 }),
    };
    const output = f.string('output');
    if (f.violations.length === 0) {
      const tooLarge = generatedSizeViolation(params);
      if (tooLarge) f.violations.push(tooLarge);
    }
    f.done('generate');
    const text = `${JSON.stringify(generateGrammar(params))}\n`;
    if (output) writeFileAtomic(output, text);
    else io.out(text);
    return EXIT.ok;
  },
};
