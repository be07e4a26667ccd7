/**
 * The Conditional Access part of a sign-in prediction: what the policies enforce on the apps the connection
 * method signs in to, whether the user and client can satisfy it, and, when nothing is enforced, why
 * (security defaults, no licence, report-only, excluded, disabled, wrong target app, no policy). Pure.
 */
import { APP_IDS } from '../azure/constants';
import { satisfiesRequirement } from './auth-methods';
import { appsForConnection, describeRequirement, evaluateCa, evaluateCaForApps, requirementRank } from './ca-evaluator';
import { clientTenantFit } from './dsregcmd';
import type { Blocker, PredictInput, WhyNoMfa } from './signin-outcome';

const VM_APPS = new Set<string>(Object.values(APP_IDS));

export interface MfaVerdict {
  outcome: 'mfa-then-success' | 'success-without-mfa';
  whyNoMfa?: WhyNoMfa;
  reasons: string[];
}

/** What Conditional Access does to this sign-in; calls `fail` when it makes the sign-in fail. */
export function caVerdict(
  input: PredictInput,
  fail: (o: Blocker['outcome'], r: string, m?: string) => void,
): MfaVerdict {
  const { snapshot, vm, user, method, answers } = input;
  const none = (whyNoMfa: WhyNoMfa, ...reasons: string[]): MfaVerdict => ({
    outcome: 'success-without-mfa',
    whyNoMfa,
    reasons,
  });
  const apps = appsForConnection(method, vm.osType);
  const { enforced, perApp } = evaluateCaForApps(snapshot.caPolicies, user, apps);
  const tenantWide = snapshot.securityDefaultsEnabled
    ? 'security defaults are on: no Conditional Access policy is evaluated and Microsoft decides when to prompt'
    : !snapshot.licenceP1
      ? 'no Entra ID P1 licence: Conditional Access policies are not evaluated'
      : undefined;
  if (tenantWide) {
    const reportOnly = [...new Set(perApp.flatMap((a) => a.reportOnly.map((e) => `"${e.name}"`)))];
    const also =
      reportOnly.length > 0
        ? [`${reportOnly.join(', ')} would require MFA but ${reportOnly.length > 1 ? 'are' : 'is'} report-only as well`]
        : [];
    return none('no-policy', tenantWide, ...also);
  }
  const reasons: string[] = [];

  if (enforced.level === 'block') {
    fail('error-method-not-allowed', 'a Conditional Access policy blocks this sign-in');
    return { outcome: 'success-without-mfa', reasons };
  }
  if (enforced.level !== 'none') {
    const names = [
      ...new Set(
        perApp.flatMap((a) => a.policies.filter((e) => e.state === 'enabled' && e.applies).map((e) => `"${e.name}"`)),
      ),
    ];
    reasons.push(`${names.join(', ')} require${names.length > 1 ? '' : 's'} ${describeRequirement(enforced)}`);
    const methods = snapshot.authMethods[user.id];
    const verdict = methods ? satisfiesRequirement(methods, enforced, method) : undefined;
    if (method === 'rdp-password') {
      const trust = answers.whfbTrust;
      if (verdict && !verdict.ok) fail('error-method-not-allowed', `${user.userPrincipalName} has no ${verdict.needs}`);
      else if (snapshot.client?.ngcSet === false)
        fail('error-method-not-allowed', 'Windows Hello for Business is not set up on the client PC (NgcSet NO)');
      else if (trust === 'key' || trust === 'cloud-kerberos') {
        fail(
          'error-method-not-allowed',
          `Windows Hello for Business ${trust} trust has no certificate for RDP, so it cannot carry MFA`,
        );
      } else reasons.push('the Windows Hello for Business PIN or biometric at the RDP prompt satisfies MFA');
      return { outcome: 'mfa-then-success', reasons };
    }
    if (verdict && !verdict.ok) {
      fail('error-method-not-allowed', `${user.userPrincipalName} has no ${verdict.needs} registered`);
      return { outcome: 'mfa-then-success', reasons };
    }
    const c = snapshot.client;
    const whfbPrt = c && methods && methods.windowsHelloForBusiness > 0 && c.ngcSet && c.azureAdPrt;
    if (
      method !== 'ssh' &&
      method !== 'bastion-portal' &&
      whfbPrt &&
      clientTenantFit(c, snapshot.tenantId).fit === 'joined-same-tenant'
    ) {
      return none(
        'mfa-in-token',
        ...reasons,
        'the client PC was unlocked with Windows Hello for Business: the MFA claim in its PRT satisfies the policy without a prompt',
      );
    }
    return { outcome: 'mfa-then-success', reasons };
  }

  const partial = perApp.filter((a) => a.enforced.level !== 'none');
  if (partial.length > 0) {
    const missing = perApp.filter((a) => a.enforced.level === 'none').map((a) => a.appId);
    reasons.push(
      `MFA is enforced on ${partial.map((a) => a.appId).join(', ')} but not on ${missing.join(', ')}; the token may be issued for either`,
    );
  }
  const all = perApp.flatMap((a) => a.policies);
  const demands = (e: (typeof all)[number]) => requirementRank(e.requirement) >= 1;
  const reportOnly = perApp.flatMap((a) => a.reportOnly);
  if (reportOnly.length > 0) {
    const names = [...new Set(reportOnly.map((e) => `"${e.name}"`))].join(', ');
    return none(
      'report-only',
      ...reasons,
      `${names} would require MFA but ${reportOnly.length > 1 ? 'are' : 'is'} report-only: evaluated, never enforced`,
    );
  }
  const excludedFrom = all.filter((e) => e.state !== 'disabled' && e.targetsApp && !e.applies && demands(e));
  if (excludedFrom.length > 0) {
    const detail = excludedFrom.map((e) => `"${e.name}" (${e.reasons[0]!.replace(/^users: /, '')})`);
    return none(
      'excluded',
      ...reasons,
      `${user.userPrincipalName} is not covered by ${[...new Set(detail)].join(', ')}`,
    );
  }
  for (const e of all.filter((x) => x.state === 'enabled' && x.applies && x.conditional && demands(x))) {
    reasons.push(`"${e.name}" only applies under its other conditions (${e.reasons.at(-1)})`);
  }
  for (const e of all.filter((x) => x.state === 'disabled' && x.applies && demands(x)))
    reasons.push(`"${e.name}" is disabled`);
  const otherApps = snapshot.caPolicies.filter(
    (p) =>
      p.state !== 'disabled' &&
      !apps.some((a) => evaluateCa([p], user, a).policies[0]!.targetsApp) &&
      (p.conditions.applications?.includeApplications ?? []).some((a) => VM_APPS.has(a.toLowerCase())),
  );
  for (const p of otherApps) {
    reasons.push(
      `"${p.displayName}" targets another VM sign-in app, not ${apps.join(' / ')} which ${method} uses (wrong target app)`,
    );
  }
  if (reasons.length === 0)
    reasons.push(`no Conditional Access policy targets ${apps.join(' / ')}, the app ${method} signs in to`);
  return none('no-policy', ...new Set(reasons));
}
