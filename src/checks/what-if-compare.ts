/**
 * Microsoft's What-If answer beside the product's own evaluation, per app and policy. Where they differ the
 * product's prediction rests on something Microsoft sees differently (a dynamic or nested group, a condition the
 * product does not model): the line says which policy and Microsoft's reasons. Pure.
 */
import { appName } from '../core/well-known-ids';
import type { CaPolicyFacts, WhatIfPolicyFacts } from '../plan/snapshot';
import { type CaSubject, evaluateCa } from './ca-evaluator';

export interface WhatIfComparison {
  appId: string;
  policyId: string;
  policyName: string;
  ours: boolean;
  microsoft: boolean;
  /** Microsoft's `analysisReasons` when it says the policy does not apply. */
  reasons: string;
  agree: boolean;
  summary: string;
}

/** One comparison per policy that either side says applies (policies neither applies are not news). */
export function compareWhatIf(
  policies: readonly CaPolicyFacts[],
  who: CaSubject,
  appId: string,
  microsoft: readonly WhatIfPolicyFacts[],
): WhatIfComparison[] {
  const ours = evaluateCa(policies, who, appId).policies;
  const ids = new Set([...ours.map((e) => e.policyId), ...microsoft.map((m) => m.policyId)]);
  const out: WhatIfComparison[] = [];
  for (const id of ids) {
    const mine = ours.find((e) => e.policyId === id);
    const theirs = microsoft.find((m) => m.policyId === id);
    if (!theirs) continue; // a policy created after Microsoft answered, or filtered out: nothing to compare
    const oursApplies = (mine?.applies ?? false) && mine?.state !== 'disabled';
    if (!oursApplies && !theirs.policyApplies) continue;
    const name = mine?.name ?? theirs.displayName;
    const agree = oursApplies === theirs.policyApplies;
    const said = (applies: boolean) => (applies ? 'applies' : 'does not apply');
    const why = theirs.policyApplies ? '' : ` (${theirs.analysisReasons})`;
    out.push({
      appId,
      policyId: id,
      policyName: name,
      ours: oursApplies,
      microsoft: theirs.policyApplies,
      reasons: theirs.analysisReasons,
      agree,
      summary: agree
        ? `"${name}" ${said(oursApplies)} to ${appName(appId)}: Microsoft's What-If agrees`
        : `"${name}" on ${appName(appId)}: ours says it ${said(oursApplies)}, Microsoft's What-If says it ${said(theirs.policyApplies)}${why}. ` +
          (theirs.policyApplies
            ? 'Microsoft sees the user in scope where the product does not: check conditions and memberships the product cannot read.'
            : 'Trust Microsoft here: check the group memberships (dynamic or nested groups) and conditions it names.'),
    });
  }
  return out;
}
