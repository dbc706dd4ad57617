import type { InvariantInfo } from '../../spec/invariant';
import { assumptionInfos } from '../assumptions/registry';
import { FOUNDATION_INVARIANTS } from './invariants';

/**
 * Every registered invariant and assumption: the foundation invariants
 * followed by the assumptions of [R] checked by `rhm check`. The generated
 * catalogue (docs/invariants.md) is built from this list, so code, tests and
 * docs cannot disagree.
 */
export function allInvariants(): InvariantInfo[] {
  return [...FOUNDATION_INVARIANTS.map((i) => ({ ...i, properties: i.properties.slice() })), ...assumptionInfos()];
}
