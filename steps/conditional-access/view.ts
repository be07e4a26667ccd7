/**
 * The Conditional Access screen's view model: for each selected principal and VM sign-in app (the apps come from
 * the same mapping the rules use), what enabled policies enforce today and what the plan changes; then the
 * tenant settings that defeat any policy.
 */
import { describeRequirement } from '../../src/checks/ca-evaluator';
import { CA_STRENGTHS } from '../../src/plan/answers';
import type { CaPolicyFacts } from '../../src/plan/snapshot';
import type { StepView, ViewField, ViewRow } from '../shared/contract';
import { appName } from '../shared/sign-in-subjects';
import { label } from './coverage-findings';
import { type ConditionalAccessFacts, needsBreakGlassAck } from './rules';

const STATE_TEXT: Record<CaPolicyFacts['state'], string> = {
  enabled: 'on',
  disabled: 'off',
  enabledForReportingButNotEnforced: 'report-only',
};

/** The questions: strength, state, break-glass exclusions (and the acknowledgement when there are none). */
function fields({ snapshot, answers }: ConditionalAccessFacts): ViewField[] {
  const out: ViewField[] = [
    { kind: 'choice', answer: 'ca', label: 'Require:', value: answers.ca, options: CA_STRENGTHS },
    {
      kind: 'choice',
      answer: 'caState',
      label: 'Policy state:',
      value: answers.caState,
      options: ['report-only', 'on'],
      hint: 'report-only logs without enforcing',
    },
    {
      kind: 'list',
      answer: 'exclude',
      label: 'Exclude a break-glass account:',
      value: answers.exclude,
      itemLabel: 'excluded',
      // An exclusion that names no one in the tenant protects no one: what is typed is looked up.
      lookup: 'principals',
      hint: 'part of a name or UPN, enter to look up',
    },
  ];
  // Shown while the acknowledgement is needed, and kept while it is given so that it can be taken back.
  if (needsBreakGlassAck({ ...answers, breakGlassOk: false })) {
    out.push({
      kind: 'toggle',
      answer: 'breakGlassOk',
      label: 'I accept that no account is excluded and I could be locked out',
      value: answers.breakGlassOk,
    });
  }
  out.push({
    kind: 'toggle',
    answer: 'disablePerUserMfa',
    label: 'Disable legacy per-user MFA for these users?',
    value: answers.disablePerUserMfa,
    hint: 'per-user MFA makes RDP sign-in fail',
  });
  if (snapshot.securityDefaultsEnabled) {
    out.push({
      kind: 'toggle',
      answer: 'disableSecurityDefaults',
      label: 'Turn off security defaults (tenant-wide)?',
      value: answers.disableSecurityDefaults,
      hint: 'CA policies replace them for every user',
    });
  }
  return out;
}

/** Why the policy the admin asks for will not take effect, or will lock people out. */
function warnings({ snapshot, answers }: ConditionalAccessFacts): string[] {
  if (answers.ca === 'none') return [];
  const out: string[] = [];
  if (!snapshot.licenceP1) out.push('No policy is planned: Conditional Access needs an Entra ID P1 licence.');
  else if (snapshot.securityDefaultsEnabled && !answers.disableSecurityDefaults) {
    out.push('No policy is planned while security defaults are on: turn them off above.');
  }
  if (answers.caState === 'on') out.push('On enforces at once: users without a registered method cannot sign in.');
  return out;
}

export function view(facts: ConditionalAccessFacts): StepView {
  const { snapshot, answers, analysis, planned } = facts;
  const change = planned.drafts.find((d) => d.key === planned.caKey);
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
  notes.push(
    `Existing policies: ${snapshot.caPolicies.length ? snapshot.caPolicies.map((x) => `${x.displayName} (${STATE_TEXT[x.state]})`).join(', ') : 'none'}.`,
  );
  if (change) notes.push(`Plan: ${change.summary}.`);
  if (snapshot.securityDefaultsEnabled) {
    notes.push(
      planned.baseline
        ? "Security defaults are on: the plan replaces them (tenant-wide) with the tool's baseline policies, created before and turned on right after security defaults go."
        : planned.unprotected
          ? 'Security defaults are on: the plan turns them off (tenant-wide) with NO replacement: nothing will require MFA.'
          : answers.disableSecurityDefaults
            ? 'Security defaults are on: they cannot be replaced without Entra ID P1.'
            : 'Security defaults are on: no policy can take effect while they are.',
    );
  }
  if (!snapshot.licenceP1) notes.push('No Entra ID P1 licence: Conditional Access is not available.');
  return {
    question: 'Which sign-in strength should VM sign-in require?',
    columns: { subject: 'PRINCIPAL', state: 'APP: ENFORCED NOW', planned: 'PLANNED' },
    rows,
    notes,
    fields: fields(facts),
    warnings: warnings(facts),
  };
}
