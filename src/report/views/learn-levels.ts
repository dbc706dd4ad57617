import type { ClusterLevel, LearnLevel, NetworkLevel, RfLevel } from '../../../spec/learn';
import type { ReportTable } from '../../../spec/report';
import { MATH } from '../notation';

/**
 * The per-level tables of an `rhm learn` report, one set per learner family,
 * with readable headers and at most about ten narrow columns each (report.html
 * must not scroll sideways at 1400 px).
 * @internal
 */

const TITLE = 'Per level (level 0 = label, level L = input)';
const yesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no');

function rfTables(levels: readonly RfLevel[]): ReportTable[] {
  const scope = levels[0]?.maxDistanceScope === 'support' ? 'every input of the grammar' : 'the held-out patches';
  return [
    {
      title: `${TITLE}: recovery`,
      columns: [
        'level l',
        `recovered (max ${MATH.maxDistance} < ${MATH.halfGap})`,
        `max ${MATH.maxDistance}`,
        MATH.halfGap,
        MATH.epsilonStar,
        `within ${MATH.epsilonStar} (first patch)`,
        'nearest-q rate',
        'nearest-q rate, first patch',
        'held-out patches',
      ],
      rows: levels.map((m) => [
        m.level,
        yesNo(m.recovered),
        m.maxDistanceToQ,
        m.halfGap,
        m.epsilonStar ?? m.epsilonStarReason ?? null,
        yesNo(m.withinEpsilonStar),
        m.recoveryRate,
        m.recoveryRateFirstPatch,
        m.heldOutPatches,
      ]),
      note: `max ${MATH.maxDistance}: over ${scope}. Recovered: Lemma 11 of [R]; ${MATH.epsilonStar}: Theorem 7 of [R] (paper constants). Nearest-q rate: share of held-out outputs nearest their own parent’s q-vector (a weaker notion).`,
    },
    {
      title: `${TITLE}: geometry of the outputs`,
      columns: [
        'level l',
        'ε̃_S (diameter)',
        'ρ̃ (between parents)',
        'Assumption 9 (ε̃_S < ρ̃)',
        'realisations',
        'spread to mean',
        'gap of means',
        'separated',
        `exact ${MATH.gap}`,
      ],
      rows: levels.map((m) => [
        m.level,
        m.intraDiameter,
        m.interDistance,
        yesNo(m.assumption9),
        `${m.realisations}${m.realisationsComplete ? '' : ' (capped)'}`,
        m.intraClusterSpread,
        m.interClusterGap,
        yesNo(m.separated),
        m.exactGap,
      ]),
    },
    {
      title: `${TITLE}: stage, used against Theorem 7`,
      columns: [
        'level l',
        'fresh samples',
        'N⁽ˡ⁾ (Theorem 7)',
        'M',
        'σ used',
        'σ (Theorem 7)',
        'solver',
        'steps T',
        'T (Theorem 7)',
        'train loss',
      ],
      rows: levels.map((m) => [
        m.level,
        m.stage.freshSamples,
        m.stage.theory.samples,
        m.stage.practical.M,
        `${m.stage.practical.sigma.toPrecision(4)} (${m.stage.practical.sigmaSource})`,
        m.stage.theory.sigma,
        `${m.stage.practical.solver}, ${m.stage.practical.solverPath}`,
        m.stage.practical.steps,
        m.stage.theory.steps,
        m.stage.trainLoss,
      ]),
    },
  ];
}

function clusterTable(levels: readonly ClusterLevel[]): ReportTable {
  return {
    title: TITLE,
    columns: [
      'level l',
      'recovery',
      'held-out patches (unseen)',
      'possible patches',
      'distinct seen',
      'clusters (used)',
      'features (dim)',
      'spread',
      'gap',
      'separated',
      `exact ${MATH.gap}`,
      `exact ${MATH.gap}, all positions`,
    ],
    rows: levels.map((m) => [
      m.level,
      m.recoveryRate,
      `${m.heldOutPatches} (${m.heldOutUnseenPatches})`,
      m.possiblePatches,
      m.distinctPatchesSeen,
      `${m.clusters} (${m.clustersUsed})`,
      `${m.features} (${m.featureDimension})`,
      m.intraClusterSpread,
      m.interClusterGap,
      yesNo(m.separated),
      m.exactGap,
      m.exactGapAllPositions,
    ]),
    note: 'Recovery: share of held-out patches mapped to the true parent under the best one-to-one matching of clusters to parents. Separated: spread < gap/2.',
  };
}

function networkTable(levels: readonly NetworkLevel[]): ReportTable {
  return {
    title: TITLE,
    columns: ['level l', 'synonymic sensitivity S_{k,l} (k = 1, 2, …)', 'layers'],
    rows: levels.map((m) => [
      m.level,
      m.synonymicSensitivity === null ? null : m.synonymicSensitivity.map((x) => x.toFixed(3)).join(', '),
      m.sensitivityLayers,
    ]),
  };
}

/**
 * The per-level tables of a learn result.
 * @param levels - `rhm-learn/1` levels
 * @returns tables for each learner family present, and the unmeasured levels
 */
export function levelTables(levels: readonly LearnLevel[]): ReportTable[] {
  const rf = levels.filter((m): m is RfLevel => m.kind === 'layerwise-rf');
  const cluster = levels.filter((m): m is ClusterLevel => m.kind === 'layerwise-cluster');
  const network = levels.filter((m): m is NetworkLevel => m.kind === 'network');
  const missing = levels.filter((m) => m.kind === 'not-measured').map((m) => m.level);
  return [
    ...(rf.length > 0 ? rfTables(rf) : []),
    ...(cluster.length > 0 ? [clusterTable(cluster)] : []),
    ...(network.length > 0 ? [networkTable(network)] : []),
    ...(missing.length > 0
      ? [
          {
            title: `${TITLE}: not measured`,
            columns: ['level l', 'why'],
            rows: missing.map((l) => [l, 'the budget was exhausted before this level’s stage']),
          },
        ]
      : []),
  ];
}
