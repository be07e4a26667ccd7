/**
 * The compliance summary of enforcement: per VM, compliant when every assignment that evaluates it says so,
 * non-compliant (with what it lacks) otherwise, remediating while a remediation task of its assignment runs.
 * Pure; the CLI and `--json` render the same report.
 */
import type { EnforcementFacts, RemediationFacts } from '../../src/plan/enforcement';
import { assignmentId, enforcedPolicies } from './definition';
import type { EnforceChoices } from './rules';

export interface NonCompliantVm {
  resourceId: string;
  name: string;
  /** One line per assignment that finds it non-compliant: what it lacks. */
  reasons: string[];
  remediating: boolean;
}

export interface ComplianceReport {
  scope: string;
  mode: 'deploy' | 'audit';
  /** Assignments that exist; a missing one means enforcement is not (fully) in place. */
  assignments: { name: string; id: string; exists: boolean }[];
  compliant: number;
  nonCompliant: number;
  remediating: number;
  vms: NonCompliantVm[];
  remediations: (RemediationFacts & { assignmentName: string })[];
}

const lower = (s: string) => s.toLowerCase();
const RUNNING = new Set(['accepted', 'evaluating', 'cancelling']);
const isVm = (type: string) => /^microsoft\.(compute\/virtualmachines|hybridcompute\/machines)$/i.test(type);

export function complianceReport(facts: EnforcementFacts, choices: EnforceChoices): ComplianceReport {
  const policies = enforcedPolicies(choices.scope, choices.audit);
  const verdicts = new Map<string, { id: string; reasons: string[]; remediating: boolean }>();
  const remediations: ComplianceReport['remediations'] = [];
  const assignments: ComplianceReport['assignments'] = [];
  for (const policy of policies) {
    const id = assignmentId(choices.scope, policy.assignmentName);
    assignments.push({ name: policy.assignmentName, id, exists: !!facts.assignments[lower(id)] });
    const running = (facts.remediations[lower(id)] ?? []).some((r) => RUNNING.has(lower(r.provisioningState)));
    for (const r of facts.remediations[lower(id)] ?? [])
      remediations.push({ ...r, assignmentName: policy.assignmentName });
    for (const state of facts.states[lower(id)] ?? []) {
      if (!isVm(state.resourceType)) continue;
      const v = verdicts.get(lower(state.resourceId)) ?? { id: state.resourceId, reasons: [], remediating: false };
      if (state.complianceState === 'NonCompliant') {
        v.reasons.push(`lacks ${policy.lacks} (${policy.assignmentName})`);
        if (running) v.remediating = true;
      }
      verdicts.set(lower(state.resourceId), v);
    }
  }
  const all = [...verdicts.values()].sort((a, b) => a.id.localeCompare(b.id));
  const bad = all.filter((v) => v.reasons.length > 0);
  return {
    scope: choices.scope.id,
    mode: choices.audit ? 'audit' : 'deploy',
    assignments,
    compliant: all.length - bad.length,
    nonCompliant: bad.length,
    remediating: bad.filter((v) => v.remediating).length,
    vms: bad.map((v) => ({
      resourceId: v.id,
      name: v.id.split('/').pop() ?? v.id,
      reasons: v.reasons,
      remediating: v.remediating,
    })),
    remediations: remediations.sort((a, b) => (a.createdOn ?? '').localeCompare(b.createdOn ?? '')),
  };
}

/** The report as text lines (no colour): what `enforce --status` and `apply` of an enforcement plan print. */
export function renderCompliance(report: ComplianceReport): string {
  const out: string[] = [`Compliance at ${report.scope} (${report.mode === 'audit' ? 'audit only' : 'enforced'}):`];
  const missing = report.assignments.filter((a) => !a.exists);
  if (missing.length === report.assignments.length) {
    out.push(
      `  Not enforced: no assignment of this tool at this scope. Run 'entra-vm-login enforce --scope ${report.scope}'.`,
    );
    return `${out.join('\n')}\n`;
  }
  for (const a of missing) out.push(`  ▲ Assignment ${a.name} is missing: run enforce again to add it.`);
  out.push(
    `  ${report.compliant} compliant · ${report.nonCompliant} non-compliant · ${report.remediating} remediating`,
  );
  for (const vm of report.vms) {
    out.push(
      `  ${vm.remediating ? '…' : '✖'} ${vm.name}: ${vm.reasons.join('; ')}${vm.remediating ? ' (remediating)' : ''}`,
    );
  }
  for (const r of report.remediations.slice(-5)) {
    out.push(
      `  Remediation ${r.name}: ${r.provisioningState}, ${r.successfulDeployments} of ${r.totalDeployments} deployments succeeded` +
        `${r.failedDeployments ? `, ${r.failedDeployments} failed` : ''}${r.statusMessage ? ` (${r.statusMessage})` : ''}`,
    );
  }
  if (report.nonCompliant > report.remediating && report.mode === 'deploy') {
    out.push(`  Run 'entra-vm-login enforce --scope ${report.scope}' to remediate the non-compliant VMs.`);
  }
  return `${out.join('\n')}\n`;
}
