/**
 * Step 5: Conditional Access. Reads the tenant's policies, security defaults, Entra ID P1 licence and legacy
 * per-user MFA of the selected users; says why MFA is or is not enforced on the apps VM sign-in uses; plans one
 * policy of its own (report-only unless the admin chose on) or updates the one it owns.
 *
 * Per-user MFA is read for directly selected users only: it is a per-user setting and the gateway lists no
 * group members, so members of a selected group are not checked (the doctor checks the user it is given).
 */

import { isUserError, type UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import { SECURITY_DEFAULTS_KEY as SECURITY_DEFAULTS_FINGERPRINT_KEY } from '../../src/plan/fingerprint';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { coverageFindings, label } from './coverage-findings';
import { caVerifiers, createCaPolicy, disablePerUserMfa, disableSecurityDefaults, updateCaPolicy } from './apply';
import { analyseCa, GRAPH_HOSTS, newPolicyBody, policyPatch, validateCaAnswers } from './coverage';
import { ensurePrincipals } from '../shared/principals';
import { missingServicePrincipals, servicePrincipalKey } from '../service-principal';
import { neededApps, policyTarget, selectedUsers, userTarget } from '../shared/sign-in-subjects';
import { actionKey, type StepModule } from '../shared/contract';

export const CA_CREATE_KEY = actionKey('create-ca-policy', 'vm-sign-in');
export const SECURITY_DEFAULTS_KEY = actionKey('disable-security-defaults', 'tenant');
const SECURITY_DEFAULTS_TARGET = SECURITY_DEFAULTS_FINGERPRINT_KEY;
export const perUserMfaKey = (userId: string): string => actionKey('disable-per-user-mfa', userId);

const CA_REQUIRES =
  'Conditional Access Administrator or Security Administrator (Policy.ReadWrite.ConditionalAccess and Policy.Read.All)';

function perUserMfaUsers(snapshot: Snapshot, answers: Answers) {
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

function planCa(snapshot: Snapshot, answers: Answers): CaPlan {
  const graph = GRAPH_HOSTS[snapshot.cloud];
  const drafts: ActionDraft[] = [];
  const result: CaPlan = { drafts, enforces: false };
  const sdPlanned = snapshot.securityDefaultsEnabled && answers.disableSecurityDefaults;
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
  const caPossible = answers.ca !== 'none' && snapshot.licenceP1 && (!snapshot.securityDefaultsEnabled || sdPlanned);
  if (caPossible) {
    const a = analyseCa(snapshot, answers);
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

function assess(snapshot: Snapshot, answers: Answers): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const planned = planCa(snapshot, answers);
  const base = { step: 'conditional-access' as const };
  if (snapshot.securityDefaultsEnabled) {
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
  if (!snapshot.licenceP1 && answers.ca !== 'none') {
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
  if (answers.ca !== 'none') {
    findings.push(
      ...coverageFindings(analyseCa(snapshot, answers), answers, {
        key: planned.caKey,
        enforces: planned.enforces,
        ownedId: planned.ownedId,
      }),
    );
  }
  return findings;
}

export const conditionalAccessStep: StepModule = {
  id: 'conditional-access',
  title: 'Conditional Access',
  async discover(ctx) {
    const { graph } = ctx.gateway;
    ctx.progress('Reading Conditional Access policies, security defaults, licences and per-user MFA…');
    // Tenant-wide reads start at once; per-user MFA waits only for the principals it is about.
    const perUserMfa = async () => {
      await ensurePrincipals(ctx);
      const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
      return userIds.length === 0
        ? {}
        : graph.getPerUserMfa(userIds).catch((e: unknown) => {
            // Per-user MFA is a beta read with its own permission; without it the rest still stands.
            if (isUserError(e) && e.code === 'forbidden') {
              ctx.progress(`Per-user MFA could not be read (${e.message}); it is not checked.`);
              return {};
            }
            throw e;
          });
    };
    const [policies, securityDefaults, p1, perUser] = await Promise.all([
      graph.listCaPolicies(),
      graph.getSecurityDefaults(),
      graph.hasEntraP1(),
      perUserMfa(),
    ]);
    ctx.snapshot.caPolicies = policies;
    ctx.snapshot.securityDefaultsEnabled = securityDefaults;
    ctx.snapshot.licenceP1 = p1;
    ctx.snapshot.perUserMfa = { ...ctx.snapshot.perUserMfa, ...perUser };
  },
  assess,
  plan(snapshot, answers) {
    const { drafts, error } = planCa(snapshot, answers);
    if (error) throw error;
    // A named policy that does not exist is bad input even when no policy change can be planned yet
    // (security defaults on, no P1): planCa only looks for it when it would change it.
    const named = answers.caPolicyId?.toLowerCase();
    if (named && !snapshot.caPolicies.some((p) => p.id.toLowerCase() === named)) {
      // analyseCa sets ownedError whenever the named policy is missing.
      throw analyseCa(snapshot, answers).ownedError!;
    }
    return drafts;
  },
  handlers: {
    'create-ca-policy': createCaPolicy,
    'update-ca-policy': updateCaPolicy,
    'disable-per-user-mfa': disablePerUserMfa,
    'disable-security-defaults': disableSecurityDefaults,
  },
  verifiers: caVerifiers,
};

export { validateCaAnswers };
export default conditionalAccessStep;
