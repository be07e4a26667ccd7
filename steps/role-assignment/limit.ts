/**
 * Azure's limit of role assignments per subscription: 4,000, fixed, counting assignments at the subscription,
 * its resource groups and resources, not those at management groups (docs/reference/azure-facts.md). A plan
 * that grants sign-in VM by VM and user by user can pass it on a large fleet, and apply would then stop part-way
 * with RoleAssignmentLimitExceeded. Said before anything is written, per subscription.
 */

import { groupDigits } from '../../src/core/numbers';
import { isUnderManagementGroup } from '../../src/core/scopes';
import { parseResourceId } from '../../src/plan/ids';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';

export const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;
/** From here on the rest of the subscription (assignments this tool does not read) may take what is left. */
const WARN_FROM = 3000;

const subscriptionOf = (scope: string) => parseResourceId(scope)?.subscriptionId.toLowerCase();

export function assignmentLimitFindings(snapshot: Snapshot, drafts: Iterable<ActionDraft>): FindingDraft[] {
  const planned = new Map<string, number>();
  for (const d of drafts) {
    if (d.kind !== 'assign-role') continue;
    const sub = subscriptionOf(String(d.params.scope));
    if (sub) planned.set(sub, (planned.get(sub) ?? 0) + 1);
  }
  if (planned.size === 0) return [];
  // Only the assignments of the selected principals over the selected resources are read: a lower bound.
  const seen = new Map<string, number>();
  for (const a of snapshot.roleAssignments) {
    if (isUnderManagementGroup(a.scope)) continue;
    const sub = subscriptionOf(a.scope);
    if (sub && planned.has(sub)) seen.set(sub, (seen.get(sub) ?? 0) + 1);
  }
  const findings: FindingDraft[] = [];
  for (const [sub, count] of planned) {
    const existing = seen.get(sub) ?? 0;
    const total = count + existing;
    if (total <= WARN_FROM) continue;
    const name = snapshot.subscriptions.find((s) => s.id.toLowerCase() === sub)?.displayName;
    const where = name ? `subscription ${name} (${sub})` : `subscription ${sub}`;
    const over = total > ROLE_ASSIGNMENTS_PER_SUBSCRIPTION;
    const already = existing > 0 ? `, and at least ${groupDigits(existing)} are there already` : '';
    findings.push({
      step: 'role-assignment',
      code: 'role-assignment-limit',
      severity: over ? 'error' : 'warning',
      target: `/subscriptions/${sub}`,
      message: over
        ? `This plan creates ${groupDigits(count)} role assignments in ${where}${already}: Azure allows ${groupDigits(ROLE_ASSIGNMENTS_PER_SUBSCRIPTION)} per subscription, so apply would stop part-way with RoleAssignmentLimitExceeded.`
        : `This plan creates ${groupDigits(count)} role assignments in ${where}${already}, leaving at most ${groupDigits(ROLE_ASSIGNMENTS_PER_SUBSCRIPTION - total)} of Azure's ${groupDigits(ROLE_ASSIGNMENTS_PER_SUBSCRIPTION)} per subscription for everything else there, which this tool does not count.`,
      remediation:
        'Grant sign-in with fewer assignments: to groups rather than each user, and at a wider scope (--scope resource-group or --scope subscription), where one assignment covers many VMs.',
      fixedBy: [],
    });
  }
  return findings;
}
