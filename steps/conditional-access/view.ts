/**
 * The Conditional Access screen's view model: for each selected principal and VM sign-in app (the apps come from
 * the same mapping the rules use), what enabled policies enforce today and what the plan changes; then the
 * tenant settings that defeat any policy.
 */
import { describeRequirement } from '../../src/checks/ca-evaluator';
import type { StepView, ViewRow } from '../shared/contract';
import { appName } from '../shared/sign-in-subjects';
import { label } from './coverage-findings';
import type { ConditionalAccessFacts } from './rules';

export function view({ snapshot, answers, analysis, planned }: ConditionalAccessFacts): StepView {
  const change = planned.drafts.find((d) => d.kind === 'create-ca-policy' || d.kind === 'update-ca-policy');
  const rows: ViewRow[] = analysis.rows.map((r) => ({
    subject: label(r.principal),
    state: `${appName(r.appId)}: ${describeRequirement(r.outcome.enforced)}`,
    planned: r.satisfied
      ? 'covered'
      : change
        ? planned.enforces
          ? 'covered after apply'
          : 'report-only after apply'
        : 'not covered',
    tone: r.satisfied ? 'ok' : change && planned.enforces ? 'warn' : 'error',
  }));
  const notes: string[] = [
    `VM sign-in apps for your connection methods: ${analysis.apps.map(appName).join(', ') || 'none'}.`,
  ];
  if (change) notes.push(`Plan: ${change.summary}.`);
  if (snapshot.securityDefaultsEnabled) {
    notes.push(
      answers.disableSecurityDefaults
        ? 'Security defaults are on: the plan turns them off (tenant-wide).'
        : 'Security defaults are on: no policy can take effect while they are.',
    );
  }
  if (!snapshot.licenceP1) notes.push('No Entra ID P1 licence: Conditional Access is not available.');
  return {
    question: 'Which sign-in requirement should Conditional Access enforce on VM sign-in?',
    columns: { subject: 'PRINCIPAL', state: 'APP: ENFORCED NOW', planned: 'PLANNED' },
    rows,
    notes,
  };
}
