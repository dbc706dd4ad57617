import type { AssumptionResult, CheckLevel, CheckResult } from '../../../spec/check';
import type { RuleStructureWitness } from '../../../spec/check-details';
import { runCheck } from '../../assumptions/check';
import { CHECK_DEFAULTS } from '../../assumptions/options';
import { readGrammar } from '../../grammar/read';
import { REPORT_HELP, REPORT_OPTIONS, reportRun } from '../report-run';
import { FlagReader, grammarArg, parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm check GRAMMAR [--json] [--min-gap X] [--positions first|all] [--q]
                  [--samples N] [--seed K] [--signal-level l]

Verify the assumptions of Ren et al. (COLT 2026) on a grammar, exactly (float64
products of the transition matrices; exact integer path counts when the grammar
is (V,m)-uniform with uniform rules and prior; BigInt for counts):

  rule-structure        CFG-induced, (V,m)-uniform, non-ambiguous, m ≤ v^(s−1),
                        n_c·m ≤ v^s, every symbol reachable from the root
  non-degeneracy        Assumption 6(a): κ̂ = max_l max_µ 1/(|P_l| p_µ) < ∞
  weak-identifiability  Assumption 6(b): ρ̂^(l) = min over distinct parents of
                        ‖q_ν − q_ν′‖₂ > X at every level (first patch)
  clean-signal          tree-Markov certificate + chi-square test of label given
                        (first level-l patch, subtree realisation) vs q_µ on
                        N seeded samples (significance 0.001)

Then the per-level table (κ̂^(l), ρ̂^(l) at the first patch and over all
positions, ρ̂^(l)·m^((l−1)/2), the Prop. 19 reference (20m)^(−(l−1)/2), the
Theorem 7 budgets N^(l) and ε_*^(l) with C = 1, δ = 0.01), P_max (exact),
the [C] heuristic n_c·m^L and K̂_ρ = min_l ρ̂^(l)·m^(l/2).

Options:
  --json            print one rhm-check/1 JSON object (validated before printing)
  --min-gap X       demand ρ̂^(l) > X at every level (default 0)
  --positions P     'all' (default): also the minimum gap over every patch
                    position (by default skipped, with the reason, when it would
                    need more than 10^9 multiply-adds); 'first': only the
                    paper's first patch
  --q               also print the q-vectors q_ν^(l) of the first patches
  --samples N       samples of the clean-signal test (default ${CHECK_DEFAULTS.samples}; 0 skips it)
  --seed K          root seed of those samples (default ${CHECK_DEFAULTS.seed}; stream 'clean-signal')
  --signal-level l  level of the clean-signal test (default max(1, L−1))
${REPORT_HELP}
  -h, --help        show this help

Exit codes: 0 every assumption holds, 1 some assumption fails, 2 invalid input.`;

function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-3 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

const arr = (x: readonly number[]): string => `[${x.join(',')}]`;

function ruleStructureWitnessText(w: RuleStructureWitness): string {
  switch (w.check) {
    case 'uniform':
      return `level-${w.detail.level} symbol ${w.detail.symbol} has ${w.detail.productions} productions (m = ${w.detail.m})`;
    case 'non-ambiguous':
      return `patch ${arr(w.detail.patch)} has parents ${arr(w.detail.parents)} at level ${w.detail.level}`;
    case 'bounds':
      return w.detail.statement;
    case 'reachable':
      return `level-${w.detail.level} symbol ${w.detail.symbol} unreachable`;
  }
}

function witnessText(a: AssumptionResult): string {
  switch (a.id) {
    case 'rule-structure':
      return a.witness ? ruleStructureWitnessText(a.witness) : '—';
    case 'non-degeneracy': {
      const w = a.witness;
      return w ? `level ${w.level}: patch ${arr(w.patch)} (parent ${w.parent}), p = ${fmt(w.probability)}` : '—';
    }
    case 'weak-identifiability': {
      const w = a.witness;
      if (!w) return '—';
      const [p, p2] = w.patches;
      return `level ${w.level}: parents ${arr(w.parents)}, patches ${arr(p)} vs ${arr(p2)}${w.exactZero === true ? ' (exact 0)' : ''}`;
    }
    case 'clean-signal': {
      const w = a.witness;
      return w
        ? `patch ${arr(w.patch)}${w.realisation ? ` over ${arr(w.realisation)}` : ' (pooled)'}, n = ${w.count}`
        : '—';
    }
  }
}

function valueText(a: AssumptionResult): string {
  if (a.value === null) return a.id === 'non-degeneracy' ? 'κ̂ = ∞' : 'n/a';
  switch (a.id) {
    case 'non-degeneracy':
      return `κ̂ = ${fmt(a.value)}`;
    case 'weak-identifiability':
      return `min ρ̂ = ${fmt(a.value)}`;
    case 'clean-signal':
      return `p = ${fmt(a.value, 3)}`;
    default:
      return `${a.value} failing`;
  }
}

function thresholdText(a: AssumptionResult): string {
  switch (a.id) {
    case 'rule-structure':
      return '= 0';
    case 'non-degeneracy':
      return '< ∞';
    case 'weak-identifiability':
      return `> ${fmt(a.threshold)}`;
    case 'clean-signal':
      return `≥ ${fmt(a.threshold)}`;
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The per-level table. */
function levelTable(r: CheckResult): string {
  return table(
    [
      'l',
      '|P_l|',
      'κ̂^(l)',
      'ρ̂^(l) first',
      'parents',
      'ρ̂^(l) all pos.',
      'ρ̂·m^((l−1)/2)',
      '(20m)^(−(l−1)/2)',
      'N^(l)',
      'ε_*^(l)',
    ],
    r.levels.map((l) => [
      String(l.level),
      String(l.patchCount),
      l.kappa === null ? '∞' : fmt(l.kappa),
      fmt(l.minGap) + (l.gapExactZero === true ? ' (exact)' : ''),
      l.gapParents ? l.gapParents.join(',') : '—',
      allPositionsCell(l),
      fmt(l.normalizedGap),
      fmt(l.prop19Reference),
      fmt(l.samples, 3),
      fmt(l.epsilon, 3),
    ]),
  );
}

/** The all-positions gap of one level, with the node when it is not the first patch. */
function allPositionsCell(l: CheckLevel): string {
  if (l.minGapAllPositions === null) return '—';
  const elsewhere = l.allPositionsPath && l.allPositionsPath.some((c) => c !== 0);
  return `${fmt(l.minGapAllPositions)}${elsewhere && l.allPositionsPath ? ` @[${l.allPositionsPath.join(',')}]` : ''}`;
}

/** κ̂, K̂_ρ, P_max and the predicted sample complexities. */
function globalLines(r: CheckResult): string[] {
  const p = r.predicted;
  const out = [
    `κ̂ = ${r.kappa === null ? `∞ (${r.kappaReason ?? ''})` : fmt(r.kappa)}   K̂_ρ ${r.kRho === null ? `not defined (${r.kRhoReason ?? 'no reason recorded'})` : `= ${fmt(r.kRho)}`}   P_max = ${r.pMax}`,
    `[C] heuristic n_c·m^L ${p.ncMToL === null ? `not defined (${p.ncMToLReason ?? 'no reason recorded'})` : `= ${p.ncMToL}`}`,
    `[R] Theorem 7 budget Σ_l N^(l) (C = ${p.constantC}, δ = ${p.delta}, V = ${p.V}) ${p.theoremBudget === null ? `has no value for this grammar: ${p.theoremBudgetReason ?? 'a quantity it needs is undefined'}` : `= ${fmt(p.theoremBudget, 4)}`}`,
  ];
  if (r.levels.some((l) => l.minGapAllPositions === null && l.minGapAllPositionsReason))
    out.push(`all-positions gaps: ${r.levels.find((l) => l.minGapAllPositionsReason)?.minGapAllPositionsReason ?? ''}`);
  return out;
}

/** The q-vectors of the first patches (with --q). */
function qLines(q: NonNullable<CheckResult['q']>): string[] {
  const out = ['', 'q-vectors of the first patches (q_ν^(l) = P(label | first level-l patch produced by ν)):'];
  for (const lv of q) {
    out.push(`level ${lv.level}:`);
    for (const pr of lv.parents)
      out.push(
        `  ν = ${pr.parent}  π = ${fmt(pr.marginal)}  q = ${pr.q ? `[${pr.q.map((x) => fmt(x)).join(', ')}]` : 'undefined (ν never occurs here)'}`,
      );
  }
  return out;
}

/** The human-readable report of a check result (pure function of the JSON). */
export function formatCheck(r: CheckResult): string {
  const out: string[] = [];
  const g = r.grammar;
  out.push(`rhm check ${g.source ?? '(grammar)'}: ${r.verdict === 'pass' ? 'PASS (every assumption holds)' : 'FAIL'}`);
  out.push(
    `  s = ${g.branching}, L = ${g.depth}, vocabulary [${g.vocabulary.join(', ')}], m = ${g.m ?? `undefined (${g.mReason ?? ''})`}, arithmetic: ${g.mode === 'counts' ? 'exact integer path counts' : 'float64 products'}`,
  );
  out.push('');
  out.push(
    table(
      ['assumption', 'verdict', 'value', 'threshold', 'witness'],
      r.assumptions.map((a) => [a.id, a.holds ? 'holds' : 'FAILS', valueText(a), thresholdText(a), witnessText(a)]),
    ),
  );
  out.push('');
  for (const a of r.assumptions) out.push(`  ${a.id}: ${a.summary}`);
  const violations = r.assumptions.flatMap((a) =>
    a.violations.map((v) => `  - [${a.id}] ${v.path}: ${v.message}. Fix: ${v.fix}`),
  );
  if (violations.length > 0) out.push('', 'violations:', ...violations);
  out.push('', levelTable(r), '', ...globalLines(r));
  if (r.q) out.push(...qLines(r.q));
  return `${out.join('\n')}\n`;
}

/** `rhm check`: exact verification of the assumptions of [R] on a grammar. */
export const checkCommand: Command = {
  name: 'check',
  summary: "verify the paper's assumptions on a grammar, exactly (κ̂, ρ̂^(l), K̂_ρ, P_max, budgets)",
  help: HELP,
  async run(argv, io) {
    const args = parseCommandArgs(
      'check',
      argv,
      {
        json: { type: 'boolean' },
        'min-gap': { type: 'string' },
        positions: { type: 'string' },
        q: { type: 'boolean' },
        samples: { type: 'string' },
        seed: { type: 'string' },
        'signal-level': { type: 'string' },
        ...REPORT_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      1,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const f = new FlagReader(args);
    const minGap = f.number('min-gap', { min: 0, fallback: CHECK_DEFAULTS.minGap });
    const positions =
      args.values.positions === undefined ? undefined : f.choice('positions', ['first', 'all'] as const);
    const samples = f.int('samples', { min: 0, fallback: CHECK_DEFAULTS.samples });
    const seed = f.int('seed', { min: 0, fallback: CHECK_DEFAULTS.seed });
    const signalLevelRaw = f.string('signal-level');
    const signalLevel = signalLevelRaw === undefined ? null : f.int('signal-level', { min: 1 });
    const path = grammarArg('check', args);
    f.done('check');
    const { grammar } = readGrammar(path);
    const result = runCheck(grammar, {
      minGap,
      ...(positions ? { positions } : {}),
      samples,
      seed,
      signalLevel,
      q: f.flag('q'),
      source: path,
    });
    io.out(args.values.json ? `${JSON.stringify(result)}\n` : formatCheck(result));
    reportRun(io, args.values, {
      command: 'check',
      argv,
      config: { grammar: path, ...result.options },
      seeds: { 'clean-signal': result.options.seed },
      results: { schema: 'rhm-check/1', value: result },
      ...(path !== '-' ? { inputs: [path] } : {}),
    });
    await io.drain();
    return result.verdict === 'pass' ? EXIT.ok : EXIT.negative;
  },
};
