/**
 * Conditional Access rules: why MFA is or is not enforced on the apps VM sign-in uses, and the one policy this
 * tool plans (report-only unless the admin chose on) or the update of the one it owns; legacy per-user MFA and
 * security defaults, which defeat any policy.
 */

import { conditionalAccessUnknown } from '../../src/checks/unknown-facts';
import { isUserError, UserError } from '../../src/errors';
import type { Answers, AnswersInput } from '../../src/plan/answers';
import { SECURITY_DEFAULTS_KEY as SECURITY_DEFAULTS_FINGERPRINT_KEY } from '../../src/plan/fingerprint';
import type { CaPolicyFacts, Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { FACT_KEYS, unreadFact } from '../../src/plan/unread';
import { actionKey, type StepInputs } from '../shared/contract';
import {
  missingServicePrincipals,
  neededApps,
  selectedUsers,
  servicePrincipalKey,
  userTarget,
} from '../shared/sign-in-subjects';
import { baselineNotOn, baselinePolicies, isBaselinePolicy } from './baseline';
import { analyseCa, type CaAnalysis, type CaPolicyBody, newPolicyBody, policyPatch } from './coverage';
import { coverageFindings, label } from './coverage-findings';
import {
  createCaPolicyKind,
  disablePerUserMfaKind,
  disableSecurityDefaultsKind,
  enableCaPoliciesKind,
  updateCaPolicyKind,
} from './params';

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
  /** The baseline replacing security defaults is in this plan. */
  baseline: boolean;
  /** Security defaults are planned off without the baseline (acknowledged). */
  unprotected: boolean;
}

export const ENABLE_CA_KEY = actionKey('enable-ca-policies', 'tenant');
export const baselineKey = (id: string): string => actionKey('create-ca-policy', `baseline-${id}`);

/** What the tenant is left with when a link of the security-defaults chain fails: said by each link. */
const IF_CREATE_FAILS =
  ' If this fails, security defaults are still on and protect the tenant as before; policies already created stay off. Run apply again to finish.';
const IF_SD_FAILS =
  ' If this fails, security defaults are still on and the new policies exist but are off: the tenant is protected as before. Run apply again to finish.';
const IF_ENABLE_FAILS =
  ' If this fails, security defaults are already off and the policies not yet turned on protect no one: run apply again at once to finish (it turns on only those still off).';

function planCa(snapshot: Snapshot, answers: Answers, a: CaAnalysis): CaPlan {
  const drafts: ActionDraft[] = [];
  const result: CaPlan = { drafts, enforces: false, baseline: false, unprotected: false };
  // An unread security-defaults state is unknown, not off: nothing is planned on it.
  const sdOn = snapshot.securityDefaultsEnabled && !unreadFact(snapshot, FACT_KEYS.securityDefaults);
  // Security defaults go only with the baseline replacing them (P1 needed), or with the admin's explicit
  // acknowledgement that nothing replaces them.
  const wantsSdOff = sdOn && answers.disableSecurityDefaults;
  // The baseline rests on the tenant's policies and service principals having been read: on unread facts the
  // replacement is unknown, so security defaults are not planned off either (unless the admin waived it).
  const baselineKnowable = !conditionalAccessUnknown(snapshot) && !unreadFact(snapshot, FACT_KEYS.servicePrincipals);
  const withBaseline = wantsSdOff && !answers.withoutBaselineOk && snapshot.licenceP1 && baselineKnowable;
  const sdPlanned = wantsSdOff && (withBaseline || answers.withoutBaselineOk);
  result.baseline = withBaseline;
  result.unprotected = sdPlanned && !withBaseline;
  /** Display names of policies created (or left) off that the chain turns on once security defaults are off. */
  const toEnable: string[] = [];
  /** Keys of the creates and updates security defaults may go only after. */
  const beforeSd: string[] = [];
  if (withBaseline) {
    // No acknowledgement is asked when no break-glass account is given: the baseline asks of admins only what
    // security defaults asked of them, which excluded no one. The reason says so.
    const breakGlass =
      answers.exclude.length > 0
        ? 'Excludes the break-glass accounts.'
        : 'No break-glass account is excluded (--exclude): like security defaults, it applies to every admin.';
    const existing = new Map(snapshot.caPolicies.map((p) => [p.displayName, p] as const));
    for (const b of baselinePolicies(snapshot, answers)) {
      const found = existing.get(b.body.displayName);
      toEnable.push(b.body.displayName);
      if (found) continue;
      const key = baselineKey(b.id);
      beforeSd.push(key);
      drafts.push({
        key,
        kind: 'create-ca-policy',
        step: 'conditional-access',
        ...createCaPolicyKind.describe({ body: b.body }, snapshot.cloud),
        reason: `Replaces what security defaults gave: ${b.replaces}. ${breakGlass} Graph accepts no policy turned on while security defaults are on, so it is created off and turned on by the last link of this chain.${IF_CREATE_FAILS}`,
        dependsOn: [],
        requires: CA_REQUIRES,
        params: { body: b.body },
      });
    }
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
    const dependsOn = neededApps(snapshot, answers)
      .filter((app) => missing.has(app))
      .map(servicePrincipalKey);
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
          // While security defaults are on Graph refuses "on": the chain's last link turns it on.
          const deferOn = sdOn && change.patch.state === 'enabled';
          const patch = deferOn ? withoutState(change.patch) : change.patch;
          if (deferOn) toEnable.push(a.owned.displayName);
          if (Object.keys(patch).length > 0) {
            if (sdOn) beforeSd.push(key);
            const params = {
              policyId: a.owned.id,
              displayName: a.owned.displayName,
              patch,
              // What the patch replaces, as read: the Markdown ticket's rollback restores it.
              before: valuesBefore(a.owned, patch),
            };
            drafts.push({
              key,
              kind: 'update-ca-policy',
              step: 'conditional-access',
              ...updateCaPolicyKind.describe(params, snapshot.cloud),
              reason: `The policy this tool manages does not yet cover every selected user, VM sign-in app and grant you chose.${deferOn ? ' It is turned on once security defaults are off, by the last link of the chain.' : ''}${sdOn ? IF_CREATE_FAILS : ''}`,
              dependsOn,
              requires: CA_REQUIRES,
              params,
            });
            Object.assign(result, { caKey: key, ownedId: a.owned.id });
          }
          result.enforces = (change.patch.state ?? a.owned.state) === 'enabled';
        }
      } else if (!a.covered) {
        validateCaAnswers(answers);
        const wanted = newPolicyBody(snapshot, answers);
        const deferOn = sdOn && wanted.state === 'enabled';
        const body: CaPolicyBody = deferOn ? { ...wanted, state: 'disabled' } : wanted;
        if (deferOn) toEnable.push(body.displayName);
        if (sdOn) beforeSd.push(CA_CREATE_KEY);
        drafts.push({
          key: CA_CREATE_KEY,
          kind: 'create-ca-policy',
          step: 'conditional-access',
          ...createCaPolicyKind.describe({ body }, snapshot.cloud),
          reason: `No enabled policy requires ${answers.ca === 'mfa' ? 'MFA' : `${answers.ca} MFA`} on the VM sign-in apps for every selected user.${wanted.state === 'enabled' ? '' : ' Report-only first: review sign-in logs, then turn it on with --ca-state on.'}${sdOn ? IF_CREATE_FAILS : ''}`,
          dependsOn,
          requires: CA_REQUIRES,
          params: { body },
        });
        Object.assign(result, { caKey: CA_CREATE_KEY, enforces: wanted.state === 'enabled' });
      }
    } catch (e) {
      if (!isUserError(e)) throw e;
      result.error ??= e;
    }
  }
  if (sdPlanned) {
    const sdParams = { body: { isEnabled: false as const }, replacement: withBaseline ? 'baseline' : 'none' } as const;
    drafts.push({
      key: SECURITY_DEFAULTS_KEY,
      kind: 'disable-security-defaults',
      step: 'conditional-access',
      // The Graph object it writes: the same key the plan's fingerprint uses, so a resumed apply recognises
      // its own change (src/plan/fingerprint.ts).
      ...disableSecurityDefaultsKind.describe(sdParams, snapshot.cloud),
      reason: withBaseline
        ? `Conditional Access policies cannot be turned on while security defaults are on. This affects every user in the tenant: the next link turns the baseline on right after.${IF_SD_FAILS}`
        : 'Acknowledged with --without-baseline-unprotected-ok: every user loses the security defaults baseline (MFA, blocking legacy authentication, protecting admin actions) until your own Conditional Access policies replace it.',
      dependsOn: beforeSd,
      requires: 'Security Administrator (Policy.ReadWrite.ConditionalAccess and Policy.Read.All)',
      params: sdParams,
    });
  }
  // The last link: everything created off is turned on together. Also planned on its own when an earlier run
  // stopped after security defaults went (the tool's baseline exists, off, and security defaults are off).
  if (!sdOn) {
    for (const p of baselineNotOn(snapshot.caPolicies))
      if (!toEnable.includes(p.displayName)) toEnable.push(p.displayName);
  }
  if (toEnable.length > 0 && (sdPlanned || !sdOn)) {
    drafts.push({
      key: ENABLE_CA_KEY,
      kind: 'enable-ca-policies',
      step: 'conditional-access',
      ...enableCaPoliciesKind.describe({ displayNames: toEnable }, snapshot.cloud),
      reason: `Security defaults are${sdOn ? ' about to be' : ''} off: these policies now carry the protection.${sdPlanned ? IF_ENABLE_FAILS : ''}`,
      dependsOn: sdPlanned ? [SECURITY_DEFAULTS_KEY] : [],
      requires: CA_REQUIRES,
      params: { displayNames: toEnable },
    });
    if (toEnable.some((n) => !isBaselinePolicy({ displayName: n }))) result.enforces = true;
    if (!result.caKey && toEnable.length > 0) result.caKey = ENABLE_CA_KEY;
  }
  if (answers.disablePerUserMfa) {
    for (const u of perUserMfaUsers(snapshot, answers)) {
      const params = { userId: u.id, userPrincipalName: u.userPrincipalName, body: { perUserMfaState: 'disabled' } };
      drafts.push({
        key: perUserMfaKey(u.id),
        kind: 'disable-per-user-mfa',
        step: 'conditional-access',
        ...disablePerUserMfaKind.describe(params, snapshot.cloud),
        reason: `Per-user MFA is ${snapshot.perUserMfa[u.id]}: RDP sign-in fails with "Your credentials did not work"; Conditional Access should require MFA instead.`,
        dependsOn: [],
        requires: 'Authentication Policy Administrator (Policy.ReadWrite.AuthenticationMethod)',
        params,
      });
    }
  }
  return result;
}

/**
 * The policy's values, as read during discovery, of every property the patch writes: the body that puts it
 * back. The change review shows both, and its rollback is this body, not a placeholder.
 */
function valuesBefore(policy: CaPolicyFacts, patch: Partial<CaPolicyBody>): Record<string, unknown> {
  const read: Record<string, unknown> = {
    conditions: policy.conditions,
    grantControls: policy.grantControls,
    state: policy.state,
  };
  return Object.fromEntries(Object.keys(patch).map((k) => [k, read[k] ?? null]));
}

function withoutState(patch: Partial<CaPolicyBody>): Partial<CaPolicyBody> {
  const { state: _state, ...rest } = patch;
  return rest;
}

export function assess({ snapshot, answers, analysis, planned }: ConditionalAccessFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const base = { step: 'conditional-access' as const };
  if (snapshot.securityDefaultsEnabled && !unreadFact(snapshot, FACT_KEYS.securityDefaults)) {
    const sdKeys = planned.drafts.some((d) => d.key === SECURITY_DEFAULTS_KEY)
      ? [SECURITY_DEFAULTS_KEY, ...(planned.drafts.some((d) => d.key === ENABLE_CA_KEY) ? [ENABLE_CA_KEY] : [])]
      : [];
    findings.push({
      ...base,
      code: 'security-defaults-enabled',
      severity: 'error',
      target: SECURITY_DEFAULTS_TARGET,
      message:
        'Security defaults are on: no Conditional Access policy can be turned on while they are, and Microsoft decides when users are prompted for MFA, so no policy can require MFA for VM sign-in.',
      remediation: planned.baseline
        ? "Planned: the tool's baseline policies (MFA for admin roles, Azure management and MFA registration, blocking legacy authentication, MFA for users as chosen) are created off, security defaults are turned off, then the baseline is turned on at once."
        : planned.unprotected
          ? 'Planned WITHOUT a replacement (--without-baseline-unprotected-ok): after apply nothing requires MFA or blocks legacy authentication until your own policies are on.'
          : !snapshot.licenceP1
            ? 'Conditional Access needs Entra ID P1: without it no policy can replace security defaults, so keep them on.'
            : "Re-run with --disable-security-defaults: the plan creates the tool's baseline Conditional Access policies (excluding your break-glass accounts, --exclude) before security defaults go and turns them on right after, so the tenant is never without MFA.",
      fixedBy: sdKeys,
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
