/**
 * The Conditional Access part of a sign-in prediction: which policies apply on the apps the connection method
 * signs in to (as the client app type that method is), whether the user's methods and client device satisfy
 * every applying policy's grant, and, when nothing is enforced, why (security defaults, no licence, report-only,
 * excluded, disabled, wrong target app, no policy). Pure.
 */
import { APP_IDS, AZURE_MANAGEMENT_APP_ID } from '../core/well-known-ids';
import { combinationsOf, type StrengthFacts } from './auth-strength';
import {
  appsForConnection,
  clientAppTypeFor,
  describeRequirement,
  evaluateCa,
  evaluateCaForApps,
  type PolicyEvaluation,
  requirementRank,
} from './ca-evaluator';
import type { ControlVerdict } from './ca-grant';
import { type AppVerdict, appVerdicts } from './ca-verdict';
import { deviceStateOf } from './device-state';
import { clientTenantFit } from './dsregcmd';
import type { Fail, PredictInput, WhyNoMfa } from './signin-types';

const VM_APPS = new Set<string>(Object.values(APP_IDS));

export interface MfaVerdict {
  outcome: 'mfa-then-success' | 'success-without-mfa' | 'depends';
  whyNoMfa?: WhyNoMfa;
  /** What a `depends` outcome depends on. */
  dependsOn?: string[];
  reasons: string[];
  /** The reason that decides it: which policy prompts, or why none does (one of `reasons`). */
  cause?: string;
}

const quoted = (names: string[]) => [...new Set(names.map((n) => `"${n}"`))].join(', ');

/** What Conditional Access does to this sign-in; calls `fail` when it makes the sign-in fail. */
/**
 * The verb for a list of policy names, counted once per policy: one policy met on two sign-in apps (RDP's
 * Windows sign-in app and Microsoft Remote Desktop) is still one policy that "is" report-only.
 */
const isAre = (names: readonly string[]): string => (new Set(names).size > 1 ? 'are' : 'is');

export function caVerdict(input: PredictInput, fail: Fail): MfaVerdict {
  const { snapshot, vm, user, method } = input;
  const none = (whyNoMfa: WhyNoMfa, ...reasons: string[]): MfaVerdict => ({
    outcome: 'success-without-mfa',
    whyNoMfa,
    reasons,
    cause: reasons[0],
  });
  const upn = user.userPrincipalName ?? user.displayName;
  const apps = appsForConnection(method, vm.osType);
  const context = { clientAppType: clientAppTypeFor(method) };
  const { perApp } = evaluateCaForApps(snapshot.caPolicies, user, apps, context);
  const tenantWide = snapshot.securityDefaultsEnabled
    ? 'security defaults are on: no Conditional Access policy is evaluated and Microsoft decides when to prompt'
    : !snapshot.licenceP1
      ? 'no Entra ID P1 licence: Conditional Access policies are not evaluated'
      : undefined;
  if (tenantWide) {
    const reportOnly = [...new Set(perApp.flatMap((a) => a.reportOnly.map((e) => `"${e.name}"`)))];
    const also =
      reportOnly.length > 0
        ? [`${reportOnly.join(', ')} would require MFA but ${isAre(reportOnly)} report-only as well`]
        : [];
    return none('no-policy', tenantWide, ...also);
  }

  const grantCtx = { device: deviceStateOf(snapshot.client), methods: snapshot.authMethods[user.id], method };
  const { verdicts, chosen } = appVerdicts(perApp, grantCtx);
  const reasons: string[] = [];
  if (!chosen) return none('no-policy', `no app to sign in to with ${method}`);
  if (verdicts.some((v) => v.status !== chosen.status)) {
    const stricter = verdicts.filter((v) => v.status !== chosen.status).map((v) => v.appId);
    reasons.push(
      `policies on ${stricter.join(', ')} differ from those on ${chosen.appId}; the token may be issued for either, so only the more permissive is certain`,
    );
  }
  const requiring = chosen.sure.filter((s) => s.grant.controls.length > 0);
  let requires: string | undefined;
  if (requiring.length > 0) {
    const names = quoted(requiring.map((s) => s.e.name));
    const what = [...new Set(requiring.map((s) => describeGrant(s.e)))].join(' and ');
    requires = `${names} require${requiring.length > 1 ? '' : 's'} ${what}`;
    reasons.push(requires);
  }

  if (chosen.status === 'unmet') {
    for (const s of chosen.sure) {
      for (const c of s.grant.controls.filter((x) => x.status === 'unmet')) {
        const failure = refusalOf(c, s.e.name, upn, method);
        fail('token', failure.outcome, failure.reason, failure.message);
      }
    }
    return { outcome: 'mfa-then-success', reasons, cause: requires };
  }
  const dependsOn: string[] = [];
  if (chosen.status === 'unknown') {
    for (const s of chosen.sure)
      for (const c of s.grant.controls.filter((x) => x.status === 'unknown')) {
        dependsOn.push(c.needs ?? c.why);
        reasons.push(`"${s.e.name}": ${c.why}`);
      }
  }
  for (const m of chosen.maybe) {
    dependsOn.push(...m.e.dependsOn);
    reasons.push(
      `"${m.e.name}" may apply: depends on ${m.e.dependsOn.join(', ')} (it would ${m.grant.status === 'unmet' ? 'refuse the sign-in' : 'require more'})`,
    );
  }
  if (dependsOn.length > 0) return { outcome: 'depends', dependsOn: [...new Set(dependsOn)], reasons };

  if (chosen.status === 'prompt') return { cause: requires, ...promptVerdict(input, chosen, reasons, fail) };
  if (requiring.length > 0) {
    const met = requiring.flatMap((s) => s.grant.controls.filter((c) => c.status === 'met').map((c) => c.why));
    return { ...none('device-satisfies', ...reasons, ...new Set(met)), cause: met[0] };
  }
  return noPolicyVerdict(input, perApp, reasons);
}

function describeGrant(e: PolicyEvaluation): string {
  const g = e.policy.grantControls;
  const parts = [...(g?.builtInControls ?? []).map((c) => (c === 'mfa' ? 'MFA' : c))];
  if (g?.authenticationStrength?.id)
    parts.push(
      describeRequirement(
        e.requirement.level === 'strength'
          ? e.requirement
          : { level: 'strength', strengthId: g.authenticationStrength.id },
      ),
    );
  if (parts.length === 1) return parts[0]!;
  return parts.join(g?.operator === 'AND' ? ' and ' : ' or ');
}

function refusalOf(c: ControlVerdict, policy: string, upn: string, method: PredictInput['method']) {
  switch (c.refusal) {
    case 'block':
      return {
        outcome: 'error-method-not-allowed' as const,
        reason: `a Conditional Access policy blocks this sign-in ("${policy}")`,
      };
    case 'device':
      return {
        outcome: 'error-device-not-compliant' as const,
        reason: `"${policy}" requires ${c.needs}: ${c.why}`,
        message: `AADSTS53000: Device is not in required device state: ${c.control === 'compliantDevice' ? 'compliant' : 'domain joined'}.`,
      };
    case 'app':
      return { outcome: 'error-method-not-allowed' as const, reason: `"${policy}": ${c.why}` };
    default:
      return {
        outcome: 'error-method-not-allowed' as const,
        reason:
          method === 'rdp-password'
            ? `${upn} has no ${c.needs}`
            : `${upn} has no registered method for this sign-in: "${policy}" needs ${c.needs}`,
      };
  }
}

/** True when Windows Hello for Business in the PRT satisfies every prompting control. */
function whfbSatisfies(v: AppVerdict): boolean {
  const strengths = v.sure.flatMap((s) =>
    s.grant.controls
      .filter((c) => c.status === 'prompt' && c.control !== 'termsOfUse')
      .map((c) =>
        c.control === 'mfa' ? undefined : (s.e.policy.grantControls?.authenticationStrength as StrengthFacts),
      ),
  );
  return strengths.every((s) => !s || (combinationsOf(s) ?? []).includes('windowsHelloForBusiness'));
}

/** True when every prompting control is the built-in MFA control: any second factor done earlier meets it. */
function plainMfaOnly(v: AppVerdict): boolean {
  return v.sure.every((s) =>
    s.grant.controls
      .filter((c) => c.status === 'prompt')
      .every((c) => c.control === 'mfa' && !s.e.policy.grantControls?.authenticationStrength),
  );
}

function promptVerdict(input: PredictInput, chosen: AppVerdict, reasons: string[], fail: Fail): MfaVerdict {
  const { snapshot, user, method, answers } = input;
  const methods = snapshot.authMethods[user.id];
  if (method === 'rdp-password') {
    const trust = answers.whfbTrust;
    if (snapshot.client?.ngcSet === false)
      fail(
        'token',
        'error-method-not-allowed',
        'Windows Hello for Business is not set up on the client PC (NgcSet NO)',
      );
    else if (trust === 'key' || trust === 'cloud-kerberos') {
      fail(
        'token',
        'error-method-not-allowed',
        `Windows Hello for Business ${trust} trust has no certificate for RDP, so it cannot carry MFA`,
      );
    } else reasons.push('the Windows Hello for Business PIN or biometric at the RDP prompt satisfies MFA');
    return { outcome: 'mfa-then-success', reasons };
  }
  const c = snapshot.client;
  const whfbPrt = c && methods && methods.windowsHelloForBusiness > 0 && c.ngcSet && c.azureAdPrt;
  if (
    method !== 'ssh' &&
    method !== 'bastion-portal' &&
    whfbPrt &&
    clientTenantFit(c, snapshot.tenantId).fit === 'joined-same-tenant' &&
    whfbSatisfies(chosen)
  ) {
    const cause =
      'the client PC was unlocked with Windows Hello for Business: the MFA claim in its PRT satisfies the policy without a prompt';
    return { outcome: 'success-without-mfa', whyNoMfa: 'mfa-in-token', reasons: [...reasons, cause], cause };
  }
  const portal = method === 'bastion-portal' ? portalSessionMfa(input) : undefined;
  if (portal && plainMfaOnly(chosen)) {
    const cause = `the Azure portal sign-in already did MFA (${portal}), and Bastion signs in to the VM through that browser session: its MFA claim satisfies the policy without a second prompt`;
    return { outcome: 'success-without-mfa', whyNoMfa: 'mfa-in-token', reasons: [...reasons, cause], cause };
  }
  return { outcome: 'mfa-then-success', reasons };
}

/**
 * Bastion in the portal opens from a browser that signed in to the Azure portal (Windows Azure Service Management
 * API): when an enabled policy that names that app made the portal sign-in do MFA, the browser's session carries
 * the claim. A policy on all apps is not counted: whether the portal session predates it cannot be told, so the
 * prediction keeps the prompt. The policies that did so, quoted, or undefined when none applies.
 */
function portalSessionMfa(input: PredictInput): string | undefined {
  const { snapshot, user } = input;
  const names = (p: (typeof snapshot.caPolicies)[number]) =>
    (p.conditions.applications?.includeApplications ?? []).some((a) => a.toLowerCase() === AZURE_MANAGEMENT_APP_ID);
  const portal = evaluateCa(snapshot.caPolicies.filter(names), user, AZURE_MANAGEMENT_APP_ID, {
    clientAppType: 'browser',
  });
  const enforcing = portal.policies.filter(
    (e) => e.state === 'enabled' && e.applies && !e.conditional && requirementRank(e.requirement) >= 1,
  );
  return enforcing.length > 0 ? `${quoted(enforcing.map((e) => e.name))} on the portal` : undefined;
}

/** Nothing enforced: say why (report-only, excluded, disabled, wrong app, no policy). */
function noPolicyVerdict(
  input: PredictInput,
  perApp: ReturnType<typeof evaluateCaForApps>['perApp'],
  reasons: string[],
): MfaVerdict {
  const { snapshot, user, method, vm } = input;
  const apps = appsForConnection(method, vm.osType);
  const context = { clientAppType: clientAppTypeFor(method) };
  const none = (whyNoMfa: WhyNoMfa, ...r: string[]): MfaVerdict => ({
    outcome: 'success-without-mfa',
    whyNoMfa,
    reasons: r,
    cause: r[r.length - 1],
  });
  const all = perApp.flatMap((a) => a.policies);
  const demands = (e: (typeof all)[number]) => requirementRank(e.requirement) >= 1;
  const reportOnly = perApp.flatMap((a) => a.reportOnly);
  if (reportOnly.length > 0) {
    const names = [...new Set(reportOnly.map((e) => `"${e.name}"`))];
    return none(
      'report-only',
      ...reasons,
      `${names.join(', ')} would require MFA but ${isAre(names)} report-only: evaluated, never enforced`,
    );
  }
  const excludedFrom = all.filter((e) => e.state !== 'disabled' && e.targetsApp && !e.applies && demands(e));
  if (excludedFrom.length > 0) {
    const detail = excludedFrom.map((e) => `"${e.name}" (${e.reasons[0]!.replace(/^users: /, '')})`);
    return none(
      'excluded',
      ...reasons,
      `${user.userPrincipalName ?? user.displayName} is not covered by ${[...new Set(detail)].join(', ')}`,
    );
  }
  const causes: string[] = [];
  for (const e of all.filter((x) => x.state === 'disabled' && x.applies && demands(x)))
    causes.push(`"${e.name}" is disabled`);
  const otherApps = snapshot.caPolicies.filter(
    (p) =>
      p.state !== 'disabled' &&
      !apps.some((a) => evaluateCa([p], user, a, context).policies[0]!.targetsApp) &&
      (p.conditions.applications?.includeApplications ?? []).some((a) => VM_APPS.has(a.toLowerCase())),
  );
  for (const p of otherApps) {
    const app = evaluateCa([p], user, apps[0]!, context).policies[0]!;
    const client = app.reasons.find((r) => r.startsWith('client apps: '));
    causes.push(
      client && (p.conditions.applications?.includeApplications ?? []).some((a) => apps.includes(a))
        ? `"${p.displayName}" ${client.replace(/^client apps: /, '')}, which ${method} is`
        : `"${p.displayName}" targets another VM sign-in app, not ${apps.join(' / ')} which ${method} uses (wrong target app)`,
    );
  }
  // "MFA for Azure" on the portal and CLI app: the VM sign-in apps are other apps, which it never covers.
  const management = snapshot.caPolicies.filter(
    (p) =>
      p.state !== 'disabled' &&
      !otherApps.includes(p) &&
      !apps.some((a) => evaluateCa([p], user, a, context).policies[0]!.targetsApp) &&
      (p.conditions.applications?.includeApplications ?? []).some((a) => a.toLowerCase() === AZURE_MANAGEMENT_APP_ID),
  );
  for (const p of management) {
    causes.push(
      `"${p.displayName}" targets Windows Azure Service Management API (the portal, Azure CLI and PowerShell), not ${apps.join(' / ')} which ${method} signs in to (wrong target app)`,
    );
  }
  if (causes.length === 0 && reasons.length === 0)
    causes.push(`no Conditional Access policy targets ${apps.join(' / ')}, the app ${method} signs in to`);
  const all2 = [...new Set([...reasons, ...causes])];
  return { ...none('no-policy', ...all2), cause: causes[0] ?? all2[all2.length - 1] };
}
