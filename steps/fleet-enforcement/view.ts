/**
 * The enforcement view model: one row per assignment enforcement makes, then one per non-compliant VM, from the
 * compliance report. Pure: `enforce --status` prints the same report as text, a screen would lay this out.
 */
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
