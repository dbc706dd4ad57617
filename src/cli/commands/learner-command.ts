import type { ExternalLevel } from '../../../spec/external-level';
import type { FlagReader } from '../args';

/**
 * `--learner-command CMD` and `--learner-timeout SECONDS`, shared by `rhm learn`
 * and `rhm scale`: they choose the `external` learner and travel as its options
 * (`command`, `timeoutSeconds`), so a sweep's job specs carry them to every worker.
 */

/** The parseArgs entries of the two flags. */
export const LEARNER_COMMAND_OPTIONS = {
  'learner-command': { type: 'string' },
  'learner-timeout': { type: 'string' },
} as const;

/** Help lines for the two flags. */
export const LEARNER_COMMAND_HELP = `  --learner-command CMD
                      run an external program as the learner (any language; the
                      task file path is appended, also in $RHM_TASK); implies
                      --learner external; see docs/external-learners.md
  --learner-timeout S seconds before the program's process group is killed
                      (default 600)`;

/**
 * The learner name and options the flags imply.
 * @param f - the command's flag reader (violations are collected there).
 * @param learner - the --learner value given, if any.
 * @param options - the --option bag.
 * @returns the learner name to use and the options with `command`/`timeoutSeconds` set.
 */
export function applyLearnerCommand(
  f: FlagReader,
  learner: string | undefined,
  options: Record<string, unknown>,
): { learner: string | undefined; options: Record<string, unknown> } {
  const command = f.string('learner-command');
  const hasTimeout = f.string('learner-timeout') !== undefined;
  const timeout = hasTimeout ? f.number('learner-timeout', { min: 1e-3 }) : undefined;
  if (command === undefined) {
    if (hasTimeout)
      f.violations.push({
        code: 'missing-flag',
        path: '--learner-timeout',
        message: '--learner-timeout applies to an external learner only',
        fix: 'add --learner-command "CMD", or drop --learner-timeout',
      });
    return { learner, options };
  }
  if (learner !== undefined && learner !== 'external')
    f.violations.push({
      code: 'conflicting-flags',
      path: '--learner',
      message: `--learner ${learner} and --learner-command both choose a learner`,
      fix: 'give one of them',
    });
  return {
    learner: 'external',
    options: { ...options, command, ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) },
  };
}

/**
 * `--learner NAME` (one of `names`, `fallback` when absent), or `external` when
 * `--learner-command` is given, with the `--option` bag.
 */
export function learnerFlags(
  f: FlagReader,
  names: readonly string[],
  fallback: string,
): { learner: string; options: Record<string, unknown> } {
  const given = f.string('learner-command') === undefined ? f.choice('learner', names, fallback) : f.string('learner');
  const chosen = applyLearnerCommand(f, given, f.options());
  return { learner: chosen.learner ?? fallback, options: chosen.options };
}

function fmt(x: number | null | boolean, digits = 3): string {
  if (x === null) return '—';
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** The table of scored representations (what `rhm learn` and `rhm score` print). */
export function representationRows(levels: readonly ExternalLevel[]): string[] {
  const rows = ['level  recovered  nearest-c  synonyms  k-means  chance  ε̃_S      ρ̃        A9   S_{l,l}'];
  for (const m of levels) {
    const own = m.synonymicSensitivity?.[m.level - 1] ?? null;
    rows.push(
      [
        String(m.level).padStart(5),
        (m.represented ? (m.recovered ? 'yes' : 'no') : 'not given').padEnd(9),
        fmt(m.recoveryRate).padEnd(9),
        fmt(m.synonymHalvesRate).padEnd(8),
        fmt(m.clusteringRate).padEnd(7),
        fmt(m.chanceRate).padEnd(6),
        fmt(m.intraDiameter).padEnd(8),
        fmt(m.interDistance).padEnd(8),
        fmt(m.assumption9).padEnd(4),
        fmt(own),
      ].join('  '),
    );
  }
  const first = levels.find((m) => m.represented);
  if (first)
    rows.push(
      `recovered: ${first.recoveryCriterion}; A9: ε̃_S < ρ̃ (Assumption 9); S_{l,l}: [C]'s sensitivity of level l to its own synonyms`,
    );
  return rows;
}
