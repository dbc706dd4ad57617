import { readFileSync } from 'node:fs';
import { SCORE_FORMAT, ScoreResultSchema, type ScoreResult } from '../../../spec/external-score';
import { schemaViolations } from '../../../spec/validate';
import { InternalError, InvalidInputError } from '../../errors';
import { readGrammar } from '../../grammar/read';
import { fsFailure } from '../../io/fs-errors';
import { writeFileAtomic } from '../../io/json-file';
import { readResult } from '../../learners/external';
import { DEFAULT_RECOVERY_THRESHOLD, predictionError, scoreRepresentations } from '../../learners/score';
import { inputsWithLatents } from '../../learners/score/inputs';
import { MAX_SEED, Rng } from '../../util/rng';
import { FlagReader, grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import { representationRows } from './learner-command';

const HELP = `Usage: rhm score GRAMMAR --inputs FILE --representations DIR [--threshold T]
                 [--seed K] [--json] [-o FILE]

Score per-level representations written by any program against the latent
trees of the inputs: for every level l, the vectors given for the level-l
patches of every input are compared with the true level-(l−1) parents. The same
code scores learners run through 'rhm learn --learner-command'.

  --inputs FILE          the held-out inputs, an rhm-samples/1 file ('rhm sample
                         --format int32'; with --latent the latent trees are read
                         from it, otherwise every input is parsed)
  --representations DIR  a directory with result.json (rhm-external-result/1) whose
                         outputs['held-out'] names the representation files and,
                         optionally, the predictions (then the test error is given)
  --threshold T          nearest-centroid accuracy a level must reach to count as
                         recovered (default ${DEFAULT_RECOVERY_THRESHOLD})
  --seed K               seed of the k-means streams (default 0)
  --json                 print the rhm-score/1 result
  -o, --output FILE      also write it there (atomically)
  -h, --help             show this help

Per level: nearest-centroid accuracy on held-out halves (centroids from the
patches of the even inputs classify the odd ones and back), the same across
synonym halves (centroids from half of each parent's productions classify the
other half), k-means into |V_{l−1}| clusters with the best matching, the
centroid spread and gap, and Assumption 9's ε̃_S (largest distance between two
vectors of one parent) against ρ̃ (smallest between two parents). A level is
recovered when both nearest-centroid accuracies reach T. File layouts:
docs/external-learners.md.

Exit codes: 0 every given level recovered, 1 some level not recovered (or none
given), 2 invalid input (the message names the file or field).`;

function readBytes(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw fsFailure(e, `${flag} ${path}`, path);
  }
}

/** `rhm score`: per-level recovery of the latent parents from representations on disk. */
export const scoreCommand: Command = {
  name: 'score',
  summary: 'score per-level representations written by any program against the latent trees',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'score',
      argv,
      {
        inputs: { type: 'string' },
        representations: { type: 'string' },
        threshold: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const path = grammarArg('score', args);
    const f = new FlagReader(args);
    const inputs = f.string('inputs');
    const dir = f.string('representations');
    for (const [flag, v] of [
      ['--inputs', inputs],
      ['--representations', dir],
    ] as const)
      if (v === undefined)
        f.violations.push({
          code: 'missing-flag',
          path: flag,
          message: `${flag} is required`,
          fix: `add ${flag} PATH`,
        });
    const threshold = f.number('threshold', { min: 1e-9, max: 1, fallback: DEFAULT_RECOVERY_THRESHOLD });
    const seed = f.int('seed', { fallback: 0, max: MAX_SEED });
    const output = f.string('output');
    f.done('score');
    const { grammar } = readGrammar(path);
    const held = inputsWithLatents(grammar, readBytes(inputs as string, '--inputs'), `--inputs ${inputs as string}`);
    const read = readResult(dir as string, grammar, [{ name: 'held-out', n: held.n, predict: false }], true);
    if (!read.ok) throw new InvalidInputError(`--representations ${dir as string}`, read.violations);
    const set = read.result.sets.get('held-out');
    const levels = scoreRepresentations({
      grammar,
      n: held.n,
      latent: held.latent,
      representations: set?.representations ?? new Map(),
      threshold,
      rng: Rng.fromSeed(seed).stream('score'),
    });
    const predictions = set?.predictions ?? null;
    const result: ScoreResult = {
      format: SCORE_FORMAT,
      grammar: path,
      inputs: inputs as string,
      representations: dir as string,
      n: held.n,
      latentFrom: held.fromFile ? 'file' : 'parse',
      testError: predictions ? predictionError(predictions, held.latent[0] as Int32Array) : null,
      threshold,
      seed,
      levels,
    };
    const bad = schemaViolations(ScoreResultSchema, result);
    if (bad.length > 0) throw new InternalError(`rhm-score/1 does not validate: ${bad.map((v) => v.path).join(', ')}`);
    if (output !== undefined) writeFileAtomic(output, `${JSON.stringify(result, null, 2)}\n`);
    if (args.values.json) io.out(`${JSON.stringify(result)}\n`);
    else
      io.out(
        `${[
          `rhm score: ${held.n} inputs (latent trees from the ${result.latentFrom}), test error ${result.testError === null ? '— (no predictions)' : result.testError.toFixed(4)}`,
          ...representationRows(levels),
        ].join('\n')}\n`,
      );
    const given = levels.filter((m) => m.represented);
    return given.length > 0 && given.every((m) => m.recovered) ? EXIT.ok : EXIT.negative;
  },
};
