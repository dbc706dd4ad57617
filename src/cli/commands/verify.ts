import { generateGrammar } from '../../grammar/generate';
import { compileGrammar } from '../../grammar/grammar';
import { makeParser } from '../../grammar/parse';
import { grammarViolations } from '../../grammar/validate';
import { pMax } from '../../sampling/enumerate';
import { sampleIid } from '../../sampling/iid';
import { Rng } from '../../util/rng';
import { DEFAULT_GRAMMARS } from '../../verify/defaults';
import { parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm verify [--json]

The main job (npm start). On the built-in set of grammars (both rule samplers,
a few sizes, fixed seeds): generate each grammar, validate it against the
rhm-grammar/1 schema and semantic rules, draw 1000 samples and parse every one
back to its own label and latent tree. Prints one line per grammar.

Options:
  --json      print the results as one JSON object
  -h, --help  show this help

Exit codes: 0 every step passed, 1 some step failed.`;

/** `rhm verify`: the full verification run on the built-in grammars. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run the main verification job on the built-in grammars (npm start)',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs('verify', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 0);
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const results = DEFAULT_GRAMMARS.map(({ name, purpose, params }) => {
      const file = generateGrammar(params);
      const violations = grammarViolations(file);
      const grammar = compileGrammar(file);
      const batch = sampleIid(grammar, 1000, Rng.fromSeed(params.seed).stream('sample'), { latent: true });
      const parse = makeParser(grammar);
      let roundTrips = 0;
      for (let i = 0; i < batch.n; i++) {
        const r = parse(batch.tokens.subarray(i * batch.d, (i + 1) * batch.d));
        if (r.status === 'parsed' && r.label === batch.labels[i]) roundTrips++;
      }
      return { name, purpose, params, valid: violations.length === 0, violations, pMax: pMax(grammar).toString(), samples: batch.n, roundTrips };
    });
    const ok = results.every((r) => r.valid && r.roundTrips === r.samples);
    if (args.values.json) io.out(`${JSON.stringify({ ok, grammars: results })}\n`);
    else {
      for (const r of results) {
        io.out(`${r.valid && r.roundTrips === r.samples ? 'ok  ' : 'FAIL'} ${r.name.padEnd(20)} ${r.purpose.padEnd(38)} valid=${r.valid} P_max=${r.pMax} parsed ${r.roundTrips}/${r.samples}\n`);
      }
      io.out(ok ? 'verify: all steps passed\n' : 'verify: some steps failed\n');
    }
    return ok ? EXIT.ok : EXIT.negative;
  },
};
