/**
 * A pure Conditional Access evaluator for VM sign-in: which policies apply to one user signing in to one app,
 * and what they require. It mirrors Graph's What-If (`/identity/conditionalAccess/evaluate`, reference §2.3) for
 * the conditions that matter here (users, applications, client app types, state, grant) and says why, in words.
 *
 * Invariants:
 * - exclusion always wins over inclusion (users and applications);
 * - `enabledForReportingButNotEnforced` is evaluated but never enforced; `disabled` never applies;
 * - 'Office365' and other app groups never cover the VM sign-in apps;
 * - a policy whose other conditions (locations, platforms, devices, risk) are set is `conditional`: it may not
 *   apply to every sign-in, so it never counts as guaranteed enforcement.
 */
import { APP_IDS, AUTH_STRENGTH_IDS } from '../azure/constants';
import type { CaPolicyFacts, PrincipalFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';

/** What a sign-in must satisfy. `strength` carries the authentication strength id. */
export type CaRequirement =
  | { level: 'none' }
  | { level: 'mfa' }
  | { level: 'strength'; strengthId: string }
  | { level: 'block' };

export interface PolicyEvaluation {
  policyId: string;
  name: string;
  state: CaPolicyFacts['state'];
  /** The policy's conditions match this user and app (regardless of its state). */
  applies: boolean;
  /** The application condition alone matches the app. */
  targetsApp: boolean;
  /** Other conditions are set, so the policy may not apply to every sign-in. */
  conditional: boolean;
  requirement: CaRequirement;
  reasons: string[];
}

export interface CaOutcome {
  /** What enabled policies enforce together (the strongest of them). */
  enforced: CaRequirement;
  /** Report-only policies that apply and would require something: logged, never enforced. */
  reportOnly: PolicyEvaluation[];
  /** Every policy, in the order given. */
  policies: PolicyEvaluation[];
}

/** The user, or a group standing for "a member of this group and nothing else" (memberOf = [group id]). */
export type CaSubject = Pick<PrincipalFacts, 'id' | 'memberOf' | 'roleTemplateIds' | 'userType'> & {
  kind?: PrincipalFacts['kind'];
};

const STRENGTH_RANK: Record<string, number> = {
  [AUTH_STRENGTH_IDS.mfa]: 1,
  [AUTH_STRENGTH_IDS.passwordless]: 3,
  [AUTH_STRENGTH_IDS.phishingResistant]: 4,
};

/** Orders requirements: none < mfa = strength 0002 < custom strength < passwordless < phishing-resistant < block. */
export function requirementRank(r: CaRequirement): number {
  switch (r.level) {
    case 'none':
      return 0;
    case 'mfa':
      return 1;
    case 'strength':
      return STRENGTH_RANK[r.strengthId.toLowerCase()] ?? 2;
    case 'block':
      return 5;
  }
}

export function strongest(a: CaRequirement, b: CaRequirement): CaRequirement {
  return requirementRank(b) > requirementRank(a) ? b : a;
}

export function weakest(a: CaRequirement, b: CaRequirement): CaRequirement {
  return requirementRank(b) < requirementRank(a) ? b : a;
}

export function describeRequirement(r: CaRequirement): string {
  switch (r.level) {
    case 'none':
      return 'nothing';
    case 'mfa':
      return 'MFA';
    case 'block':
      return 'block';
    case 'strength': {
      const id = r.strengthId.toLowerCase();
      if (id === AUTH_STRENGTH_IDS.mfa) return 'the Multifactor authentication strength';
      if (id === AUTH_STRENGTH_IDS.passwordless) return 'the Passwordless MFA strength';
      if (id === AUTH_STRENGTH_IDS.phishingResistant) return 'the Phishing-resistant MFA strength';
      return `authentication strength ${r.strengthId}`;
    }
  }
}

/** The grant a policy demands: AND takes the strongest control, OR the weakest (any one satisfies it). */
export function grantRequirement(policy: CaPolicyFacts): CaRequirement {
  const grant = policy.grantControls;
  if (!grant) return { level: 'none' };
  const controls: CaRequirement[] = [];
  for (const c of grant.builtInControls ?? []) {
    if (c === 'block') controls.push({ level: 'block' });
    else if (c === 'mfa') controls.push({ level: 'mfa' });
    else controls.push({ level: 'none' }); // compliantDevice, domainJoinedDevice, approvedApplication, …
  }
  if (grant.authenticationStrength?.id)
    controls.push({ level: 'strength', strengthId: grant.authenticationStrength.id });
  if (controls.length === 0) return { level: 'none' };
  if (controls.some((c) => c.level === 'block')) return { level: 'block' };
  return controls.reduce(grant.operator === 'AND' ? strongest : weakest);
}

const ALL_CLIENTS = new Set(['all', 'mobileAppsAndDesktopClients']);
/** Conditions beyond users/apps/client apps that make a policy's effect sign-in dependent. */
const OTHER_CONDITIONS = [
  'locations',
  'platforms',
  'devices',
  'signInRiskLevels',
  'userRiskLevels',
  'authenticationFlows',
];

function usersMatch(policy: CaPolicyFacts, who: CaSubject): { included: boolean; reason: string } {
  const u = policy.conditions.users ?? {};
  const isGuest = who.userType === 'Guest';
  const groups = new Set([...who.memberOf, ...(who.kind === 'group' ? [who.id] : [])].map((g) => g.toLowerCase()));
  const roles = new Set(who.roleTemplateIds.map((r) => r.toLowerCase()));
  const hit = (list: string[] | undefined, pool: Set<string>) => (list ?? []).find((x) => pool.has(x.toLowerCase()));
  const self = new Set(who.kind === 'group' ? [] : [who.id.toLowerCase()]);

  const exUser =
    hit(u.excludeUsers, self) ?? (isGuest && u.excludeUsers?.includes('GuestsOrExternalUsers') ? 'guests' : undefined);
  if (exUser) return { included: false, reason: `excluded by excludeUsers (${exUser})` };
  if (isGuest && u.excludeGuestsOrExternalUsers)
    return { included: false, reason: 'excluded as a guest or external user' };
  const exGroup = hit(u.excludeGroups, groups);
  if (exGroup) return { included: false, reason: `excluded through group ${exGroup}` };
  const exRole = hit(u.excludeRoles, roles);
  if (exRole) return { included: false, reason: `excluded through directory role ${exRole}` };

  if (u.includeUsers?.includes('All')) return { included: true, reason: 'includes All users' };
  if (hit(u.includeUsers, self)) return { included: true, reason: 'includes the user directly' };
  if (isGuest && (u.includeUsers?.includes('GuestsOrExternalUsers') || u.includeGuestsOrExternalUsers)) {
    return { included: true, reason: 'includes guests or external users' };
  }
  const inGroup = hit(u.includeGroups, groups);
  if (inGroup) return { included: true, reason: `includes group ${inGroup}` };
  const inRole = hit(u.includeRoles, roles);
  if (inRole) return { included: true, reason: `includes directory role ${inRole}` };
  return { included: false, reason: 'does not include this user (not in its users, groups or roles)' };
}

function appMatch(policy: CaPolicyFacts, appId: string): { targets: boolean; reason: string } {
  const a = policy.conditions.applications ?? {};
  const id = appId.toLowerCase();
  if ((a.excludeApplications ?? []).some((x) => x.toLowerCase() === id)) {
    return { targets: false, reason: `excludes app ${appId}` };
  }
  const include = a.includeApplications ?? [];
  if (include.includes('All')) return { targets: true, reason: 'includes All cloud apps' };
  if (include.some((x) => x.toLowerCase() === id)) return { targets: true, reason: `includes app ${appId}` };
  if (include.includes('Office365'))
    return { targets: false, reason: `targets Office365, which does not cover ${appId}` };
  if (include.length === 0 && (a.includeUserActions?.length ?? 0) > 0) {
    return { targets: false, reason: 'targets user actions, not apps' };
  }
  return { targets: false, reason: `does not include app ${appId}` };
}

function clientAppsMatch(policy: CaPolicyFacts): { matches: boolean; reason?: string } {
  const types = policy.conditions.clientAppTypes ?? [];
  if (types.length === 0 || types.some((t) => ALL_CLIENTS.has(t))) return { matches: true };
  return { matches: false, reason: `covers client apps ${types.join(', ')} only, not desktop clients (RDP, SSH)` };
}

function hasOtherConditions(policy: CaPolicyFacts): string[] {
  return OTHER_CONDITIONS.filter((k) => {
    const v = policy.conditions[k];
    if (v === undefined || v === null) return false;
    if (Array.isArray(v)) return v.length > 0;
    return typeof v === 'object' && Object.keys(v as object).length > 0;
  });
}

/** Evaluates one policy for one subject and app. */
export function evaluatePolicy(policy: CaPolicyFacts, who: CaSubject, appId: string): PolicyEvaluation {
  const reasons: string[] = [];
  const users = usersMatch(policy, who);
  const app = appMatch(policy, appId);
  const clients = clientAppsMatch(policy);
  const others = hasOtherConditions(policy);
  reasons.push(`users: ${users.reason}`, `applications: ${app.reason}`);
  if (clients.reason) reasons.push(`client apps: ${clients.reason}`);
  if (others.length > 0) reasons.push(`also conditioned on ${others.join(', ')}: may not apply to every sign-in`);
  const requirement = grantRequirement(policy);
  if (policy.state === 'disabled') reasons.push('state: disabled, never evaluated');
  if (policy.state === 'enabledForReportingButNotEnforced')
    reasons.push('state: report-only, evaluated but never enforced');
  return {
    policyId: policy.id,
    name: policy.displayName,
    state: policy.state,
    applies: users.included && app.targets && clients.matches,
    targetsApp: app.targets && clients.matches,
    conditional: others.length > 0,
    requirement,
    reasons,
  };
}

/** Which policies apply to the subject signing in to `appId`, and what the enabled ones enforce. */
export function evaluateCa(policies: readonly CaPolicyFacts[], who: CaSubject, appId: string): CaOutcome {
  const evaluations = policies.map((p) => evaluatePolicy(p, who, appId));
  let enforced: CaRequirement = { level: 'none' };
  for (const e of evaluations) {
    if (e.state === 'enabled' && e.applies && !e.conditional) enforced = strongest(enforced, e.requirement);
  }
  const reportOnly = evaluations.filter(
    (e) => e.state === 'enabledForReportingButNotEnforced' && e.applies && e.requirement.level !== 'none',
  );
  return { enforced, reportOnly, policies: evaluations };
}

/**
 * Across several apps the token may be issued for any one of them (web-account RDP: Microsoft Remote Desktop
 * or Windows Cloud Login), so only the weakest enforcement is guaranteed.
 */
export function evaluateCaForApps(policies: readonly CaPolicyFacts[], who: CaSubject, appIds: readonly string[]) {
  const perApp = appIds.map((appId) => ({ appId, ...evaluateCa(policies, who, appId) }));
  const enforced = perApp.reduce<CaRequirement | undefined>(
    (acc, r) => (acc ? weakest(acc, r.enforced) : r.enforced),
    undefined,
  ) ?? { level: 'none' };
  return { enforced, perApp };
}

/**
 * The apps a sign-in is issued for, by connection method and VM OS (reference §5.7.2):
 * - rdp-password: the legacy PKU2U flow → Azure Windows VM Sign-In.
 * - rdp-web-account: Microsoft Remote Desktop and Windows Cloud Login (the 2024 switch date is unverified,
 *   so both).
 * - bastion-native (Windows): `az network bastion rdp --enable-mfa` opens mstsc with the web-account flow, so
 *   the same two apps; without `--enable-mfa` it would be the password flow, which this tool never recommends.
 * - bastion-portal (Windows): Bastion's Entra RDP (preview) signs in through the browser with the same Entra
 *   RDP protocol, so the web-account apps too (assumption: the portal flow cannot present a WHfB credential).
 * - ssh and any Bastion method to Linux: Azure Linux VM Sign-In.
 */
export function appsForConnection(method: ConnectionMethod, osType: 'Windows' | 'Linux'): string[] {
  if (!methodFitsOs(method, osType)) return [];
  if (osType === 'Linux') return [APP_IDS.linuxVmSignIn];
  if (method === 'rdp-password') return [APP_IDS.windowsVmSignIn];
  return [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin];
}

/** True when the method can reach a VM of that OS at all (RDP needs Windows, ssh needs Linux). */
export function methodFitsOs(method: ConnectionMethod, osType: 'Windows' | 'Linux'): boolean {
  if (method === 'ssh') return osType === 'Linux';
  if (method.startsWith('rdp')) return osType === 'Windows';
  return true;
}
