/**
 * What the summary counts as made. Only what the post-apply check found in place counts: a journal line or a
 * handler's word alone proves nothing, so an action the check did not find is "not as planned".
 */
import type { ApplyResult, Verification } from '../../src/machine/services';
import type { Plan } from '../../src/plan/types';

export function madeCounts(
  plan: Plan | undefined,
  result: ApplyResult,
  notAsPlanned: Verification['notAsPlanned'] = [],
) {
  const byId = new Map((plan?.actions ?? []).map((a) => [a.id, a]));
  const unverified = new Map(notAsPlanned.map((n) => [n.actionId, n.problem]));
  const reported = [...result.succeeded, ...result.alreadyDone].flatMap((id) => byId.get(id) ?? []);
  const changed = reported.filter((a) => !unverified.has(a.id));
  const unmatched = reported.filter((a) => unverified.has(a.id));
  const notMade = result.failed.length + result.skipped.length;
  const text = `${changed.length} of ${plan?.actions.length ?? 0} changes made${notMade ? `, ${notMade} not made` : ''}${unmatched.length ? `, ${unmatched.length} not as planned` : ''}.`;
  return { changed, unmatched, unverified, text, problems: notMade + unmatched.length };
}
