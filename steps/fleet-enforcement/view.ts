/**
 * The enforcement view model: one row per assignment enforcement makes, then one per non-compliant VM, from the
 * compliance report. Pure: `enforce --status` prints the same report as text, a screen would lay this out.
 */
import type { SubscriptionFacts, VmFacts } from '../../src/plan/snapshot';
import type { StepView, ViewRow } from '../shared/contract';
import type { ComplianceReport } from './compliance';

export function view(report: ComplianceReport): StepView {
  const assignments: ViewRow[] = report.assignments.map((a) => ({
    subject: a.name,
    state: a.exists ? 'assigned' : 'not assigned',
    planned: a.exists ? 'keeps every VM at the scope configured' : 'assigned by enforce',
    tone: a.exists ? 'ok' : 'warn',
    id: a.id,
  }));
  const vms: ViewRow[] = report.vms.map((vm) => ({
    subject: vm.name,
    state: vm.reasons.join('; '),
    planned: vm.remediating ? 'remediating' : report.mode === 'audit' ? 'reported only (audit)' : 'next remediation',
    tone: vm.remediating ? 'muted' : 'error',
    id: vm.resourceId,
  }));
  return {
    question: `Should Azure Policy keep every VM at ${report.scope} configured for Entra sign-in?`,
    columns: { subject: 'ASSIGNMENT / VM', state: 'NOW', planned: 'POLICY' },
    rows: [...assignments, ...vms],
    notes: [`${report.compliant} compliant · ${report.nonCompliant} non-compliant · ${report.remediating} remediating`],
  };
}

/** One scope the wizard offers for enforcement. */
export interface EnforceScopeChoice {
  scope: string;
  label: string;
  explain: string;
}

/**
 * The scopes the wizard offers after a setup: each subscription of the configured VMs, then each of their
 * resource groups. A management group (where policy usually belongs) is given with `enforce --scope` instead:
 * the wizard does not list management groups.
 */
export function enforceScopeChoices(
  vms: readonly Pick<VmFacts, 'subscriptionId' | 'resourceGroup'>[],
  subscriptions: readonly SubscriptionFacts[],
): EnforceScopeChoice[] {
  const name = (id: string) => subscriptions.find((s) => s.id.toLowerCase() === id)?.displayName ?? id;
  const subs = [...new Set(vms.map((v) => v.subscriptionId.toLowerCase()))].sort();
  const groups = [
    ...new Map(vms.map((v) => [`${v.subscriptionId.toLowerCase()}/${v.resourceGroup.toLowerCase()}`, v])).values(),
  ].sort((a, b) => a.resourceGroup.localeCompare(b.resourceGroup));
  return [
    ...subs.map((id) => ({
      scope: `/subscriptions/${id}`,
      label: `Subscription ${name(id)}`,
      explain: 'Every VM in the subscription, including VMs created later.',
    })),
    ...groups.map((v) => ({
      scope: `/subscriptions/${v.subscriptionId.toLowerCase()}/resourceGroups/${v.resourceGroup}`,
      label: `Resource group ${v.resourceGroup}${subs.length > 1 ? ` (${name(v.subscriptionId.toLowerCase())})` : ''}`,
      explain: 'Every VM in the resource group, including VMs created later.',
    })),
  ];
}
