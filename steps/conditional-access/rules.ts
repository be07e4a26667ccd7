/**
 * Conditional Access rules: why MFA is or is not enforced on the apps VM sign-in uses, and the one policy this
 * tool plans (report-only unless the admin chose on) or the update of the one it owns; legacy per-user MFA and
 * security defaults, which defeat any policy.
 */

import { conditionalAccessUnknown } from '../../src/checks/unknown-facts';
import { CLOUDS } from '../../src/core/cloud-profiles';
import { isUserError, UserError } from '../../src/errors';
import type { Answers, AnswersInput } from '../../src/plan/answers';
import { SECURITY_DEFAULTS_KEY as SECURITY_DEFAULTS_FINGERPRINT_KEY } from '../../src/plan/fingerprint';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { FACT_KEYS, unreadFact } from '../../src/plan/unread';
import { actionKey, type StepInputs } from '../shared/contract';
import {
  missingServicePrincipals,
  neededApps,
  policyTarget,
  selectedUsers,
  servicePrincipalKey,
  userTarget,
} from '../shared/sign-in-subjects';
import { analyseCa, type CaAnalysis, newPolicyBody, policyPatch } from './coverage';
import { coverageFindings, label } from './coverage-findings';

export interface ConditionalAccessFacts extends StepInputs {
  /** How existing policies cover the selected users, computed once for findings, plan and view. */
  analysis: CaAnalysis;
  planned: CaPlan;
}

export const CA_CREATE_KEY = actionKey('create-ca-policy', 'vm-sign-in');
export const SECURITY_DEFAULTS_KEY = actionKey('disable-security-defaults', 'tenant');
const SECURITY_DEFAULTS_TARGET = SECURITY_DEFAULTS_FINGERPRINT_KEY;
export const perUserMfaKey = (userId: string): string => actionKey('disable-per-user-mfa', userId);

const CA_REQUIRES =
  'Conditional Access Administrator or Security Administrator (Policy.ReadWrite.ConditionalAccess and Policy.Read.All)';

function perUserMfaUsers(snapshot: Snapshot, answers: Answers) {
  // Per-user MFA could not be read: unknown, so neither a finding nor a change rests on it.
  if (unreadFact(snapshot, FACT_KEYS.perUserMfa)) return [];
  return selectedUsers(snapshot, answers).filter((u) => {
    const s = snapshot.perUserMfa[u.id];
    return s === 'enabled' || s === 'enforced';
  });
}

interface CaPlan {
  drafts: ActionDraft[];
  error?: UserError;
  caKey?: string;
  enforces: boolean;
  ownedId?: string;
}

function planCa(snapshot: Snapshot, answers: Answers, a: CaAnalysis): CaPlan {
  const graph = CLOUDS[snapshot.cloud].graphEndpoint;
  const drafts: ActionDraft[] = [];
  const result: CaPlan = { drafts, enforces: false };
  const sdPlanned =
    !unreadFact(snapshot, FACT_KEYS.securityDefaults) &&
    snapshot.securityDefaultsEnabled &&
    answers.disableSecurityDefaults;
  if (sdPlanned) {
    drafts.push({
      key: SECURITY_DEFAULTS_KEY,
      kind: 'disable-security-defaults',
      step: 'conditional-access',
      // The Graph object it writes: the same key the plan's fingerprint uses, so a resumed apply recognises
      // its own change (src/plan/fingerprint.ts).
      target: SECURITY_DEFAULTS_TARGET,
      summary: 'Turn security defaults off (tenant-wide)',
      reason:
        'Conditional Access policies cannot be used while security defaults are on. This affects every user in the tenant: the security defaults baseline stops, and your Conditional Access policies must replace it.',
      dependsOn: [],
      requires: 'Security Administrator (Policy.ReadWrite.ConditionalAccess and Policy.Read.All)',
      command: `az rest --method PATCH --url ${graph}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy --body '{"isEnabled":false}'`,
      params: { body: { isEnabled: false } },
    });
  }
  // A policy rests on the policies, security defaults, licence and service principals all having been read.
  const caPossible =
    answers.ca !== 'none' &&
    !conditionalAccessUnknown(snapshot) &&
    !unreadFact(snapshot, FACT_KEYS.servicePrincipals) &&
    snapshot.licenceP1 &&
    (!snapshot.securityDefaultsEnabled || sdPlanned);
  if (caPossible) {
    const missing = new Set(missingServicePrincipals(snapshot, answers));
    const dependsOn = [
      ...(sdPlanned ? [SECURITY_DEFAULTS_KEY] : []),
      ...neededApps(snapshot, answers)
        .filter((app) => missing.has(app))
        .map(servicePrincipalKey),
    ];
    try {
      if (a.ownedError) throw a.ownedError;
      if (a.owned) {
        const change = policyPatch(a.owned, snapshot, answers);
        if (change) {
          const exclusions =
            (a.owned.conditions.users?.excludeUsers?.length ?? 0) +
            (a.owned.conditions.users?.excludeGroups?.length ?? 0);
          if (change.patch.state === 'enabled') validateCaAnswers(answers, exclusions);
          const key = actionKey('update-ca-policy', a.owned.id);
          drafts.push({
            key,
            kind: 'update-ca-policy',
            step: 'conditional-access',
            target: policyTarget(a.owned.id),
            summary: `Update policy "${a.owned.displayName}": ${change.changes.join('; ')}`,
            reason:
              'The policy this tool manages does not yet cover every selected user, VM sign-in app and grant you chose.',
            dependsOn,
            requires: CA_REQUIRES,
            command: `az rest --method PATCH --url ${graph}/v1.0/identity/conditionalAccess/policies/${a.owned.id} --body @policy-patch.json`,
            params: { policyId: a.owned.id, displayName: a.owned.displayName, patch: change.patch },
          });
          Object.assign(result, { caKey: key, ownedId: a.owned.id });
          result.enforces = (change.patch.state ?? a.owned.state) === 'enabled';
        }
      } else if (!a.covered) {
        validateCaAnswers(answers);
        const body = newPolicyBody(snapshot, answers);
        drafts.push({
          key: CA_CREATE_KEY,
          kind: 'create-ca-policy',
          step: 'conditional-access',
          target: 'graph:/identity/conditionalAccess/policies',
          summary: `Create policy "${body.displayName}" (${body.state === 'enabled' ? 'on' : 'report-only'})`,
          reason: `No enabled policy requires ${answers.ca === 'mfa' ? 'MFA' : `${answers.ca} MFA`} on the VM sign-in apps for every selected user.${body.state === 'enabled' ? '' : ' Report-only first: review sign-in logs, then turn it on with --ca-state on.'}`,
          dependsOn,
          requires: CA_REQUIRES,
          command: `az rest --method POST --url ${graph}/v1.0/identity/conditionalAccess/policies --body @policy.json`,
          params: { body },
        });
        Object.assign(result, { caKey: CA_CREATE_KEY, enforces: body.state === 'enabled' });
      }
    } catch (e) {
      if (!isUserError(e)) throw e;
      result.error = e;
    }
  }
  if (answers.disablePerUserMfa) {
    for (const u of perUserMfaUsers(snapshot, answers)) {
      drafts.push({
        key: perUserMfaKey(u.id),
        kind: 'disable-per-user-mfa',
        step: 'conditional-access',
        target: `${userTarget(u.id)}/authentication/requirements`,
        summary: `Disable legacy per-user MFA for ${label(u)}`,
        reason: `Per-user MFA is ${snapshot.perUserMfa[u.id]}: RDP sign-in fails with "Your credentials did not work"; Conditional Access should require MFA instead.`,
        dependsOn: [],
        requires: 'Authentication Policy Administrator (Policy.ReadWrite.AuthenticationMethod)',
        command: `az rest --method PATCH --url ${graph}/beta/users/${u.id}/authentication/requirements --body '{"perUserMfaState":"disabled"}'`,
        params: { userId: u.id, userPrincipalName: u.userPrincipalName, body: { perUserMfaState: 'disabled' } },
      });
    }
  }
  return result;
}

export function assess({ snapshot, answers, analysis, planned }: ConditionalAccessFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const base = { step: 'conditional-access' as const };
  if (snapshot.securityDefaultsEnabled && !unreadFact(snapshot, FACT_KEYS.securityDefaults)) {
    findings.push({
      ...base,
      code: 'security-defaults-enabled',
      severity: 'error',
      target: SECURITY_DEFAULTS_TARGET,
      message:
        'Security defaults are on: Conditional Access policies cannot be used while they are, and Microsoft decides when users are prompted for MFA, so no policy can require MFA for VM sign-in.',
      remediation:
        'Turning them off is tenant-wide: every user loses the security defaults baseline (MFA registration, blocking legacy authentication, protecting admin actions) until Conditional Access policies replace it. Re-run with --disable-security-defaults once those policies are ready.',
      fixedBy: answers.disableSecurityDefaults ? [SECURITY_DEFAULTS_KEY] : [],
    });
  }
  if (!snapshot.licenceP1 && answers.ca !== 'none' && !unreadFact(snapshot, FACT_KEYS.licences)) {
    findings.push({
      ...base,
      code: 'license-p1-missing',
      severity: 'error',
      target: 'tenant',
      message:
        'The tenant has no enabled Microsoft Entra ID P1 or P2 licence: Conditional Access is not available, so no policy can require MFA for VM sign-in.',
      remediation: 'Add Entra ID P1 (alone or in a suite such as Microsoft 365 Business Premium or E3), then re-run.',
      fixedBy: [],
    });
  }
  for (const u of perUserMfaUsers(snapshot, answers)) {
    findings.push({
      ...base,
      code: 'per-user-mfa-enabled',
      severity: 'error',
      target: userTarget(u.id),
      message: `Legacy per-user MFA is ${snapshot.perUserMfa[u.id]} for ${label(u)}: RDP sign-in to the VM fails with "Your credentials did not work".`,
      remediation: `Disable per-user MFA for ${label(u)} and let Conditional Access require MFA (Graph beta: PATCH /users/${u.id}/authentication/requirements {"perUserMfaState":"disabled"}).`,
      fixedBy: answers.disablePerUserMfa ? [perUserMfaKey(u.id)] : [],
    });
  }
  // Coverage is reported even while security defaults are on or P1 is missing: the policies' own problems
  // (report-only, exclusions, wrong app) remain causes once those tenant-wide blockers are gone.
  if (answers.ca !== 'none' && !unreadFact(snapshot, FACT_KEYS.caPolicies)) {
    findings.push(
      ...coverageFindings(analysis, answers, {
        key: planned.caKey,
        enforces: planned.enforces,
        ownedId: planned.ownedId,
      }),
    );
  }
  return findings;
}

export function facts(snapshot: Snapshot, answers: Answers): ConditionalAccessFacts {
  const analysis = analyseCa(snapshot, answers);
  return { snapshot, answers, analysis, planned: planCa(snapshot, answers, analysis) };
}

export function plan({ snapshot, answers, analysis, planned }: ConditionalAccessFacts): ActionDraft[] {
  if (planned.error) throw planned.error;
  // A named policy that does not exist is bad input even when no policy change can be planned yet
  // (security defaults on, no P1): planCa only looks for it when it would change it.
  const named = answers.caPolicyId?.toLowerCase();
  const policiesRead = !unreadFact(snapshot, FACT_KEYS.caPolicies);
  if (named && policiesRead && !snapshot.caPolicies.some((p) => p.id.toLowerCase() === named)) {
    // analyseCa sets ownedError whenever the named policy is missing.
    throw analysis.ownedError!;
  }
  return planned.drafts;
}

/** Turning a policy on with no break-glass exclusion can lock every admin out: it needs an acknowledgement. */
export function needsBreakGlassAck(a: AnswersInput, existingExclusions = 0): boolean {
  return (
    (a.ca ?? 'mfa') !== 'none' &&
    a.caState === 'on' &&
    (a.exclude?.length ?? 0) + existingExclusions === 0 &&
    a.breakGlassOk !== true
  );
}

export const BREAK_GLASS_NOTICE =
  'Turning the policy on with no break-glass exclusion can lock every admin out: add an exclusion or acknowledge it.';

export const blocker = (a: AnswersInput): string | undefined =>
  needsBreakGlassAck(a) ? BREAK_GLASS_NOTICE : undefined;

/** The command line's form of the same rule: the flags that acknowledge or fix it. */
export function validateCaAnswers(answers: AnswersInput, existingExclusions = 0): void {
  if (!needsBreakGlassAck(answers, existingExclusions)) return;
  throw new UserError(
    'bad-input',
    'turning a policy on without a break-glass exclusion needs --no-break-glass-ok',
    'It can lock every admin out: add --exclude <break-glass account> (repeatable), or acknowledge the risk with --no-break-glass-ok.',
  );
}
