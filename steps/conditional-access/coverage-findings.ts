/**
 * The Conditional Access step's coverage findings: for the selected principals on the apps their connection
 * methods sign in to, why MFA is (or is not) enforced. Pure; `fixedBy` names the CA draft when one exists.
 */
import {
  appsForConnection,
  describeRequirement,
  type PolicyEvaluation,
  requirementRank,
} from '../../src/checks/ca-evaluator';
import type { Answers } from '../../src/plan/answers';
import type { PrincipalFacts } from '../../src/plan/snapshot';
import type { FindingDraft } from '../../src/plan/types';
import { appName, policyTarget, spTarget, userTarget } from '../shared/sign-in-subjects';
import type { CaAnalysis } from './coverage';

export const label = (p: PrincipalFacts): string => p.userPrincipalName ?? p.displayName;
const list = (xs: string[]) => [...new Set(xs)].join(', ');
/** The chosen connection methods that sign in to `appId`. */
const usersOf = (appId: string, answers: Answers) =>
  answers.connections
    .filter((m) => (['Windows', 'Linux'] as const).some((os) => appsForConnection(m, os).includes(appId)))
    .join(', ');
const demands = (e: PolicyEvaluation) => requirementRank(e.requirement) >= 1;

interface CaDraftInfo {
  key?: string;
  /** The draft leaves the policy enforced (created or turned on). */
  enforces: boolean;
  /** The draft changes a policy this tool owns: its id. */
  ownedId?: string;
}

export function coverageFindings(a: CaAnalysis, answers: Answers, draft: CaDraftInfo): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const fixed = draft.key ? [draft.key] : [];
  const gaps = a.rows.filter((r) => !r.satisfied);
  const base = { step: 'conditional-access' as const };

  for (const appId of a.apps) {
    const rows = a.rows.filter((r) => r.appId === appId);
    const targeted = rows.some((r) => r.outcome.policies.some((e) => e.targetsApp && e.state !== 'disabled'));
    if (targeted) continue;
    findings.push({
      ...base,
      code: 'ca-none-targets-vm-signin',
      severity: 'error',
      target: spTarget(appId),
      message: `No enabled or report-only Conditional Access policy targets ${appName(appId)} (${appId}), which ${usersOf(appId, answers)} sign-in uses: nothing requires MFA there.`,
      remediation: `Create a policy that targets ${appName(appId)} and requires MFA (policies on Office 365 or other apps do not cover it).`,
      fixedBy: fixed,
    });
  }

  const byPolicy = new Map<string, { e: PolicyEvaluation; who: string[]; apps: string[] }>();
  const note = (e: PolicyEvaluation, who: string, appId: string) => {
    const entry = byPolicy.get(e.policyId) ?? { e, who: [], apps: [] };
    entry.who.push(who);
    entry.apps.push(appName(appId));
    byPolicy.set(e.policyId, entry);
  };
  for (const r of gaps) for (const e of r.outcome.reportOnly) note(e, label(r.principal), r.appId);
  for (const { e, who: people, apps } of byPolicy.values()) {
    const who = [...new Set(people)];
    const owned = draft.ownedId?.toLowerCase() === e.policyId.toLowerCase();
    findings.push({
      ...base,
      code: 'ca-report-only',
      severity: 'error',
      target: policyTarget(e.policyId),
      message: `Policy "${e.name}" would require ${describeRequirement(e.requirement)} on ${list(apps)} but is report-only: it is evaluated and logged, never enforced, so ${list(who)} ${who.length > 1 ? 'are' : 'is'} never prompted by it.`,
      remediation: owned
        ? 'Turn it on: re-run with --ca-state on (keep a break-glass account excluded).'
        : 'Review its report-only results in the sign-in logs, then turn it on in the Entra admin center, or let this tool create an enforced policy with --ca-state on.',
      fixedBy: draft.enforces ? fixed : [],
    });
  }

  const disabled = new Map<string, { e: PolicyEvaluation; who: string[]; apps: string[] }>();
  for (const r of gaps) {
    for (const e of r.outcome.policies) {
      if (e.state !== 'disabled' || !e.applies || !demands(e)) continue;
      const entry = disabled.get(e.policyId) ?? { e, who: [], apps: [] };
      entry.who.push(label(r.principal));
      entry.apps.push(appName(r.appId));
      disabled.set(e.policyId, entry);
    }
  }
  for (const { e, who, apps } of disabled.values()) {
    findings.push({
      ...base,
      code: 'ca-disabled',
      severity: 'warning',
      target: policyTarget(e.policyId),
      message: `Policy "${e.name}" targets ${list(apps)} and would require ${describeRequirement(e.requirement)} for ${list(who)}, but it is disabled.`,
      remediation: draft.enforces
        ? 'Planned: the policy this plan creates or turns on requires MFA in its place.'
        : 'Turn it on (report-only first), or let this tool enforce its own policy with --ca-state on (keep a break-glass account excluded).',
      // An enforced policy of this tool's covers what the disabled one would have required.
      fixedBy: draft.enforces ? fixed : [],
    });
  }

  const principals = [...new Map(gaps.map((r) => [r.principal.id, r.principal])).values()];
  for (const p of principals) {
    const misses: string[] = [];
    for (const r of gaps.filter((g) => g.principal.id === p.id)) {
      for (const e of r.outcome.policies) {
        if (e.state === 'disabled' || !e.targetsApp || e.applies || !demands(e)) continue;
        misses.push(`"${e.name}" (${e.reasons[0]!.replace(/^users: /, '')})`);
      }
    }
    if (misses.length === 0) continue;
    findings.push({
      ...base,
      code: 'ca-user-not-included',
      severity: 'error',
      target: userTarget(p.id),
      message: `${label(p)} is not covered by ${list(misses)}, so no MFA is required of them there.`,
      remediation: `Include ${label(p)} in a policy that targets the VM sign-in apps (exclusions win over inclusions: remove the exclusion if it is not intended).`,
      fixedBy: fixed,
    });
  }

  if (a.covered && a.wanted.level !== 'none' && !draft.key) {
    const enforcing = new Map<string, PolicyEvaluation>();
    for (const r of a.rows) {
      for (const e of r.outcome.policies) {
        if (e.state === 'enabled' && e.applies && !e.conditional && demands(e)) enforcing.set(e.policyId, e);
      }
    }
    const first = [...enforcing.values()][0];
    if (first) {
      findings.push({
        ...base,
        code: 'ca-equivalent-policy-exists',
        severity: 'info',
        target: policyTarget(first.policyId),
        message: `${list([...enforcing.values()].map((e) => `"${e.name}"`))} already require${enforcing.size > 1 ? '' : 's'} ${describeRequirement(a.wanted)} or stronger on ${list(a.apps.map(appName))} for the selected users: no new policy is needed.`,
        remediation: 'Nothing to do.',
        fixedBy: [],
      });
    }
  }
  return findings;
}
