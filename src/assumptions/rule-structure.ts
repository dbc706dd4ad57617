import type {
  AmbiguousPatch,
  CountingBound,
  NonUniformSymbol,
  RuleStructureDetails,
  RuleStructureWitness,
} from '../../spec/check-details';
import type { Violation } from '../../spec/violation';
import { type Grammar, productionCount } from '../grammar/grammar';
import { buildPatchTable } from '../grammar/patches';
import { type AssumptionVerdict, askers } from './types';

export type { AmbiguousPatch, CountingBound, NonUniformSymbol, RuleStructureDetails, RuleStructureWitness };

/** Most offending items listed per sub-check (the rest are counted). */
const MAX_LISTED = 20;

/** Verdict of `rule-structure`. */
export type RuleStructureVerdict = AssumptionVerdict<'rule-structure'>;

function uniformity(g: Grammar): RuleStructureDetails['uniform'] {
  const freq = new Map<number, number>();
  g.levels.forEach((r) => {
    for (let nu = 0; nu < r.parentCount; nu++) {
      const c = productionCount(r, nu);
      freq.set(c, (freq.get(c) ?? 0) + 1);
    }
  });
  let modal = 0;
  let best = -1;
  for (const [c, n] of [...freq.entries()].sort((a, b) => a[0] - b[0])) {
    if (n > best) {
      best = n;
      modal = c;
    }
  }
  const nonUniform: NonUniformSymbol[] = [];
  let total = 0;
  g.levels.forEach((r, l) => {
    for (let nu = 0; nu < r.parentCount; nu++) {
      const c = productionCount(r, nu);
      if (c !== modal) {
        total++;
        if (nonUniform.length < MAX_LISTED) nonUniform.push({ level: l, symbol: nu, productions: c });
      }
    }
  });
  return { holds: total === 0, m: total === 0 ? modal : null, modalCount: modal, nonUniform, nonUniformTotal: total };
}

function ambiguity(g: Grammar): RuleStructureDetails['nonAmbiguous'] {
  const ambiguous: AmbiguousPatch[] = [];
  let total = 0;
  g.levels.forEach((r, l) => {
    for (const a of buildPatchTable(r, g.s).ambiguous) {
      total++;
      if (ambiguous.length < MAX_LISTED) ambiguous.push({ level: l, patch: a.patch, parents: a.parents });
    }
  });
  return { holds: total === 0, ambiguous, ambiguousTotal: total };
}

function countingBounds(g: Grammar): RuleStructureDetails['bounds'] {
  const levels = g.levels.map((r, l): CountingBound => {
    const productions = (r.offsets[r.parentCount] as number) - (r.offsets[0] as number);
    const space = BigInt(r.childCount) ** BigInt(g.s);
    const holds = BigInt(productions) <= space;
    const m = g.m;
    const statement =
      m === null
        ? `Σ_ν #productions = ${productions} ≤ |V_${l + 1}|^s = ${space}`
        : l === 0
          ? `n_c·m = ${productions} ≤ |V_1|^s = ${space}`
          : r.parentCount === r.childCount
            ? `m = ${m} ≤ v^(s−1) = ${BigInt(r.childCount) ** BigInt(g.s - 1)}`
            : `|V_${l}|·m = ${productions} ≤ |V_${l + 1}|^s = ${space}`;
    return { level: l, productions, patchSpace: space.toString(), holds, statement };
  });
  return { holds: levels.every((b) => b.holds), levels };
}

function reachability(g: Grammar): RuleStructureDetails['reachable'] {
  const unreachable: { level: number; symbol: number }[] = [];
  let total = 0;
  let reach = Array.from(g.labelPrior, (p) => p > 0);
  const record = (l: number): void => {
    reach.forEach((ok, a) => {
      if (!ok) {
        total++;
        if (unreachable.length < MAX_LISTED) unreachable.push({ level: l, symbol: a });
      }
    });
  };
  record(0);
  g.levels.forEach((r, l) => {
    const next = new Array<boolean>(r.childCount).fill(false);
    for (let nu = 0; nu < r.parentCount; nu++) {
      if (!reach[nu]) continue;
      for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
        if (!((r.weights[p] as number) > 0)) continue;
        for (let c = 0; c < g.s; c++) next[r.children[p * g.s + c] as number] = true;
      }
    }
    reach = next;
    record(l + 1);
  });
  return { holds: total === 0, unreachable, unreachableTotal: total };
}

/** The example of the first failing sub-check (null when every sub-check holds). */
function firstFailure(d: RuleStructureDetails): RuleStructureWitness | null {
  const u = d.uniform.holds ? undefined : d.uniform.nonUniform[0];
  if (u) return { check: 'uniform', detail: { ...u, m: d.uniform.modalCount } };
  const a = d.nonAmbiguous.holds ? undefined : d.nonAmbiguous.ambiguous[0];
  if (a) return { check: 'non-ambiguous', detail: { ...a } };
  const b = d.bounds.levels.find((x) => !x.holds);
  if (b) return { check: 'bounds', detail: { ...b } };
  const r = d.reachable.holds ? undefined : d.reachable.unreachable[0];
  if (r) return { check: 'reachable', detail: { ...r } };
  return null;
}

/**
 * `rule-structure`: the setting of [R] — a CFG-induced, (V,m)-uniform,
 * non-ambiguous RHM whose symbols are all reachable, with the counting bounds
 * m ≤ v^(s−1) and n_c·m ≤ v^s. Exact; never samples.
 *
 * value = number of failing sub-checks, threshold 0. Witness: the first
 * failing sub-check's example (a symbol with the wrong number of productions,
 * an ambiguous patch with its two parents, a violated bound, an unreachable
 * symbol).
 *
 * @example
 * checkRuleStructure(g).details.nonAmbiguous.ambiguous[0]; // { level, patch, parents }
 * @see [R] §2 (Definitions 3–4, non-ambiguity); theory.md §1.
 */
export function checkRuleStructure(g: Grammar): RuleStructureVerdict {
  const details: RuleStructureDetails = {
    cfgInduced: {
      holds: true,
      reason:
        'an rhm-grammar/1 file is a level-indexed context-free grammar: every node expands independently by rules that depend on its level only',
    },
    uniform: uniformity(g),
    nonAmbiguous: ambiguity(g),
    bounds: countingBounds(g),
    reachable: reachability(g),
  };
  const violations: Violation[] = [];
  const { uniform, nonAmbiguous, bounds, reachable } = details;
  for (const u of uniform.nonUniform) {
    violations.push({
      code: 'not-uniform',
      path: `/rules/${u.level}/${u.symbol}`,
      message: `level-${u.level} symbol ${u.symbol} has ${u.productions} productions, but most symbols have m = ${uniform.modalCount}`,
      fix: `give every symbol exactly ${uniform.modalCount} distinct productions`,
    });
  }
  if (uniform.nonUniformTotal > uniform.nonUniform.length)
    violations.push({
      code: 'not-uniform',
      path: '/rules',
      message: `${uniform.nonUniformTotal - uniform.nonUniform.length} more symbols with a different number of productions`,
      fix: 'see the listed ones',
    });
  for (const a of nonAmbiguous.ambiguous) {
    violations.push({
      code: 'ambiguous-patch',
      path: `/rules/${a.level}`,
      message: `patch [${a.patch.join(',')}] (level-${a.level + 1} tokens) is produced by level-${a.level} symbols ${a.parents.join(' and ')}`,
      fix: `keep the patch under one parent only (remove it from ${a.parents.slice(1).join(', ')})`,
    });
  }
  if (nonAmbiguous.ambiguousTotal > nonAmbiguous.ambiguous.length)
    violations.push({
      code: 'ambiguous-patch',
      path: '/rules',
      message: `${nonAmbiguous.ambiguousTotal - nonAmbiguous.ambiguous.length} more ambiguous patches`,
      fix: 'see the listed ones',
    });
  for (const b of bounds.levels.filter((x) => !x.holds)) {
    violations.push({
      code: 'counting-bound',
      path: `/rules/${b.level}`,
      message: `level ${b.level} has ${b.productions} productions but only ${b.patchSpace} distinct patches exist (${b.statement} fails), so some patch has two parents`,
      fix: 'use fewer productions per symbol or a larger vocabulary',
    });
  }
  for (const u of reachable.unreachable) {
    violations.push({
      code: 'unreachable-symbol',
      path: `/vocabulary/${u.level}`,
      message: `level-${u.level} symbol ${u.symbol} is never generated from the root`,
      fix:
        u.level === 0
          ? 'give it a positive labelPrior'
          : `use it in a production of level ${u.level - 1} (with positive weight) or shrink vocabulary[${u.level}]`,
    });
  }
  if (reachable.unreachableTotal > reachable.unreachable.length)
    violations.push({
      code: 'unreachable-symbol',
      path: '/vocabulary',
      message: `${reachable.unreachableTotal - reachable.unreachable.length} more unreachable symbols`,
      fix: 'see the listed ones',
    });

  const failing = [uniform.holds, nonAmbiguous.holds, bounds.holds, reachable.holds].filter((h) => !h).length;
  const witness = firstFailure(details);
  const parts = [
    uniform.holds
      ? `(V,m)-uniform with m = ${uniform.m}`
      : `not (V,m)-uniform (${uniform.nonUniformTotal} symbols differ from m = ${uniform.modalCount})`,
    nonAmbiguous.holds ? 'non-ambiguous' : `${nonAmbiguous.ambiguousTotal} ambiguous patch(es)`,
    bounds.holds ? 'counting bounds hold' : 'a counting bound fails',
    reachable.holds ? 'every symbol reachable' : `${reachable.unreachableTotal} unreachable symbol(s)`,
  ];
  return {
    id: 'rule-structure',
    holds: failing === 0,
    value: failing,
    threshold: 0,
    thresholdReason:
      'number of failing sub-checks (uniform, non-ambiguous, bounds, reachable); CFG-induced holds by construction',
    comparison: 'value = threshold',
    margin: null,
    witness,
    summary: `CFG-induced; ${parts.join('; ')}`,
    violations,
    details,
  };
}

/** Guard, violation list and assertion forms of {@link checkRuleStructure}. */
export const ruleStructure = askers<Record<string, never>>('rule-structure', (g) => checkRuleStructure(g));
