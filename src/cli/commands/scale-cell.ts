import { existsSync, unlinkSync } from 'node:fs';
import { SCALE_LEDGER_FORMAT, type CellSpec, type LedgerLine } from '../../../spec/scale';
import { InvalidInputError } from '../../errors';
import { readJsonFile } from '../../io/json-file';
import { getLearner } from '../../learners/registry';
import { cellKey, cellSpecViolations, runCell } from '../../scaling/job';
import { errorPathFor, readCellOutput, writeJson } from '../../scaling/slurm/layout';
import { parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm scale-cell SPEC.json -o RESULT.json

Run one cell of a sweep from its spec (rhm-scale-cell/1, as rhm scale writes them to
DIR/slurm/cells/) and write the result atomically to RESULT.json as an
rhm-scale-ledger/1 line (key, spec, result, wallSeconds, finishedAt). This is what a
Slurm array task runs.

  -o, --out RESULT    where the result goes
  -h, --help          show this help

When RESULT already holds a valid result for this spec, exits 0 at once (a requeued
task does nothing). Invalid input exits 2 and writes the error beside the result
(RESULT with .json replaced by .error.json), where the driver reads it.`;

/** Largest spec file read (inline grammars can be large). */
const MAX_SPEC_BYTES = 256 * 2 ** 20;

function refuse(resultPath: string, e: InvalidInputError): never {
  writeJson(errorPathFor(resultPath), { subject: e.subject, violations: e.violations });
  throw e;
}

/** `rhm scale-cell`: one sweep cell as a job. */
export const scaleCellCommand: Command = {
  name: 'scale-cell',
  summary: 'run one sweep cell from its spec and write the result (a Slurm array task)',
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'scale-cell',
      argv,
      { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const specPath = args.positionals[0];
    const out = args.values.out;
    if (specPath === undefined || typeof out !== 'string')
      throw new InvalidInputError('rhm scale-cell', [
        {
          code: 'usage',
          path: specPath === undefined ? 'SPEC' : '--out',
          message: 'needs a spec file and -o RESULT.json',
          fix: 'run rhm scale-cell SPEC.json -o RESULT.json',
        },
      ]);
    let spec: CellSpec;
    try {
      const value = readJsonFile(specPath, `cell spec ${specPath}`, MAX_SPEC_BYTES);
      const bad = cellSpecViolations(value);
      if (bad.length > 0) throw new InvalidInputError(`cell spec ${specPath}`, bad);
      spec = value as CellSpec;
    } catch (e) {
      if (e instanceof InvalidInputError) refuse(out, e);
      throw e;
    }
    const key = cellKey(spec);
    if (readCellOutput(out, spec)) {
      io.err(`rhm scale-cell: ${key} already has a result in ${out}; nothing to do\n`);
      return EXIT.ok;
    }
    const t0 = performance.now();
    let result: LedgerLine['result'];
    try {
      result = await runCell(spec, getLearner);
    } catch (e) {
      if (e instanceof InvalidInputError) refuse(out, e);
      throw e;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const line: LedgerLine = {
      format: SCALE_LEDGER_FORMAT,
      key,
      spec,
      result,
      wallSeconds,
      finishedAt: new Date().toISOString(),
    };
    writeJson(out, line);
    if (existsSync(errorPathFor(out))) unlinkSync(errorPathFor(out));
    io.err(`rhm scale-cell: ${key} computed in ${wallSeconds.toFixed(2)} s\n`);
    return EXIT.ok;
  },
};
