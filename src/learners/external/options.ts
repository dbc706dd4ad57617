import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_RECOVERY_THRESHOLD } from '../score';

/** Options of the `external` learner (`--learner-command` and `--learner-timeout` set the first two). */
export const ExternalOptionsSchema = Type.Object(
  {
    command: Type.String({
      description:
        'the program, run by /bin/sh with the task file path appended as its last argument (also in $RHM_TASK)',
    }),
    timeoutSeconds: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
      description: 'seconds before the program’s process group is killed (null: no limit)',
    }),
    sensitivitySamples: Type.Integer({
      minimum: 0,
      maximum: 1 << 16,
      description: "probe inputs whose synonym-exchanged versions are sent for [C]'s sensitivity (0: none)",
    }),
    recoveryThreshold: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description:
        'nearest-centroid accuracy a level must reach (input halves and synonym halves) to count as recovered',
    }),
    keepTask: Type.Boolean({ description: 'keep the task directory after the run (its path is printed on stderr)' }),
  },
  { additionalProperties: false },
);

/** Resolved options of the `external` learner. */
export type ExternalOptions = Static<typeof ExternalOptionsSchema>;

/** Defaults (the command has none: it must be given). */
export const EXTERNAL_DEFAULTS: ExternalOptions = Object.freeze({
  command: '',
  timeoutSeconds: 600,
  sensitivitySamples: 256,
  recoveryThreshold: DEFAULT_RECOVERY_THRESHOLD,
  keepTask: false,
});
