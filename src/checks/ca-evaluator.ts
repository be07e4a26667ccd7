/**
 * A pure Conditional Access evaluator for VM sign-in: which policies apply to one user signing in to one app
 * from one kind of client, and what they require. It mirrors Graph's What-If (`/identity/conditionalAccess/
 * evaluate`) for the conditions it models (users with guest and external kinds, roles and groups;
 * applications; client app types; state; grant) and says why, in words. What it does not model (locations,
 * device platforms, device filters, risk, authentication flows, application filters) makes a policy
 * "may apply: depends on <condition>", never silently applied or ignored.
 *
 * Invariants:
 * - exclusion always wins over inclusion (users, guests and external users, groups, roles, applications);
 * - `enabledForReportingButNotEnforced` is evaluated but never enforced; `disabled` never applies;
 * - the app groups `Office365` and `MicrosoftAdminPortals` never cover the VM sign-in apps; `All` does;
 * - a guest or external kinds list that is empty (or `none`) includes and excludes nobody.
 */
import { APP_IDS, AUTH_STRENGTH_IDS } from '../core/well-known-ids';
import type { CaPolicyFacts, PrincipalFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import type { StrengthFacts } from './auth-strength';
import { externalKindOf, fromAnotherTenant, KIND_LABELS } from './guest-kind';

/** What a sign-in must satisfy in the MFA dimension. `strength` carries the authentication strength. */
export type CaRequirement =
  | { level: 'none' }
  | { level: 'mfa' }
  | { level: 'strength'; strengthId: string; strength?: StrengthFacts }
  | { level: 'block' };

/** Graph's `conditionalAccessClientApp` values a VM connection can be: see `clientAppTypeFor`. */
export type ClientAppType = 'browser' | 'mobileAppsAndDesktopClients';

export interface SignInContext {
  clientAppType: ClientAppType;
}

export interface PolicyEvaluation {
  policyId: string;
  name: string;
  state: CaPolicyFacts['state'];
  /** The policy's modelled conditions match this user, app and client (regardless of its state). */
  applies: boolean;
  /** The application and client app conditions alone match. */
  targetsApp: boolean;
  /** Conditions the evaluator does not model are set, so the policy may or may not apply to a sign-in. */
  conditional: boolean;
  /** What a `conditional` policy depends on: "locations", "the guest's home tenant", … */
  dependsOn: string[];
  requirement: CaRequirement;
  /** The policy itself, for the grant evaluation (`ca-grant.ts`). */
  policy: CaPolicyFacts;
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
export type CaSubject = Pick<PrincipalFacts, 'id' | 'memberOf' | 'roleTemplateIds' | 'userType'> &
  Partial<Pick<PrincipalFacts, 'kind' | 'userPrincipalName' | 'externalKind' | 'homeTenantId'>>;

const STRENGTH_RANK: Record<string, number> = {
  [AUTH_STRENGTH_IDS.mfa]: 1,
  [AUTH_STRENGTH_IDS.passwordless]: 3,
  [AUTH_STRENGTH_IDS.phishingResistant]: 4,
};

/**
 * Orders requirements for planning ("does an existing policy already require what the admin wants?"):
 * none < mfa = strength 0002 < custom strength < passwordless < phishing-resistant < block. Predictions do not
 * use this order: they evaluate every applying policy's grant (`ca-grant.ts`).
 */
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
      const name = r.strength?.displayName;
      return name ? `the ${name} strength` : `authentication strength ${r.strengthId}`;
    }
  }
}

/**
 * The MFA part of a policy's grant, for planning: AND takes the strongest control, OR the weakest (any one
 * satisfies it). Device and app controls count as "nothing" here because a device can satisfy them without
 * MFA; the prediction evaluates them against the client device (`ca-grant.ts`).
 */
export function grantRequirement(policy: CaPolicyFacts): CaRequirement {
  const grant = policy.grantControls;
  if (!grant) return { level: 'none' };
  const controls: CaRequirement[] = [];
  for (const c of grant.builtInControls ?? []) {
    if (c === 'block') controls.push({ level: 'block' });
    else if (c === 'mfa') controls.push({ level: 'mfa' });
    else controls.push({ level: 'none' });
  }
  const s = grant.authenticationStrength;
  // The strength travels with the requirement only when Graph expanded it (its combinations decide).
  if (s?.id)
    controls.push(
      Array.isArray((s as StrengthFacts).allowedCombinations)
        ? { level: 'strength', strengthId: s.id, strength: s as StrengthFacts }
        : { level: 'strength', strengthId: s.id },
    );
  if (controls.length === 0) return { level: 'none' };
  if (controls.some((c) => c.level === 'block')) return { level: 'block' };
  return controls.reduce(grant.operator === 'AND' ? strongest : weakest);
}

/**
 * Conditions this evaluator does not model, with the words a prediction uses for them. An empty list, an
 * empty object or one whose lists are all empty is "not set" (Graph returns `signInRiskLevels: []`,
 * `platforms: null` for unset conditions).
 */
const UNMODELLED: [key: string, label: string][] = [
  ['locations', 'locations'],
  ['platforms', 'device platforms'],
  ['devices', 'a device filter'],
  ['signInRiskLevels', 'sign-in risk'],
  ['userRiskLevels', 'user risk'],
  ['servicePrincipalRiskLevels', 'service principal risk'],
  ['insiderRiskLevels', 'insider risk'],
  ['authenticationFlows', 'authentication flows'],
  ['clientApplications', 'client applications (workload identities)'],
];

function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.entries(v as object).some(([k, x]) => !k.startsWith('@odata') && isSet(x));
  return true;
}

function unmodelled(policy: CaPolicyFacts): string[] {
  const out = UNMODELLED.filter(([k]) => isSet(policy.conditions[k])).map(([, label]) => label);
  const apps = policy.conditions.applications as Record<string, unknown> | undefined;
  if (isSet(apps?.applicationFilter)) out.push('an application filter');
  return out;
}

interface UsersMatch {
  included: boolean | 'unknown';
  reason: string;
}

/** Kinds named by a `conditionalAccessGuestsOrExternalUsers` object; empty for `none` or an empty string. */
function kindsOf(g: unknown): string[] {
  if (!g || typeof g !== 'object') return [];
  const raw = (g as { guestOrExternalUserTypes?: unknown }).guestOrExternalUserTypes;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
  return list.map((k) => k.trim()).filter((k) => k !== '' && k !== 'none' && k !== 'unknownFutureValue');
}

/** Whether a guests-or-external-users object covers this user: their kind and, when from another tenant, the tenant. */
function guestsMatch(g: unknown, who: CaSubject): UsersMatch | undefined {
  const kind = externalKindOf(who);
  if (!kind || !kindsOf(g).includes(kind)) return undefined;
  const tenants = (g as { externalTenants?: { membershipKind?: string; members?: string[] } }).externalTenants;
  const label = KIND_LABELS[kind];
  if (!fromAnotherTenant(kind) || !tenants || tenants.membershipKind !== 'enumerated') {
    return { included: true, reason: `${label}${fromAnotherTenant(kind) && tenants ? ' from any tenant' : ''}` };
  }
  const members = (tenants.members ?? []).map((t) => t.toLowerCase());
  if (!who.homeTenantId)
    return { included: 'unknown', reason: `${label} from tenants ${members.join(', ')} (home tenant unknown)` };
  return members.includes(who.homeTenantId.toLowerCase())
    ? { included: true, reason: `${label} from tenant ${who.homeTenantId}` }
    : { included: false, reason: `${label}, but from tenant ${who.homeTenantId}, which it does not list` };
}

function usersMatch(policy: CaPolicyFacts, who: CaSubject): UsersMatch {
  const u = policy.conditions.users ?? {};
  const external = externalKindOf(who) !== undefined;
  const groups = new Set([...who.memberOf, ...(who.kind === 'group' ? [who.id] : [])].map((g) => g.toLowerCase()));
  const roles = new Set(who.roleTemplateIds.map((r) => r.toLowerCase()));
  const hit = (list: string[] | undefined, pool: Set<string>) => (list ?? []).find((x) => pool.has(x.toLowerCase()));
  const self = new Set(who.kind === 'group' ? [] : [who.id.toLowerCase()]);

  const exUser =
    hit(u.excludeUsers, self) ?? (external && u.excludeUsers?.includes('GuestsOrExternalUsers') ? 'guests' : undefined);
  if (exUser) return { included: false, reason: `excluded by excludeUsers (${exUser})` };
  const exGuest = guestsMatch(u.excludeGuestsOrExternalUsers, who);
  if (exGuest?.included === true) return { included: false, reason: 'excluded as a guest or external user' };
  const exGroup = hit(u.excludeGroups, groups);
  if (exGroup) return { included: false, reason: `excluded through group ${exGroup}` };
  const exRole = hit(u.excludeRoles, roles);
  if (exRole) return { included: false, reason: `excluded through directory role ${exRole}` };

  let included: UsersMatch | undefined;
  if (u.includeUsers?.includes('All')) included = { included: true, reason: 'includes All users' };
  else if (hit(u.includeUsers, self)) included = { included: true, reason: 'includes the user directly' };
  else if (external && u.includeUsers?.includes('GuestsOrExternalUsers'))
    included = { included: true, reason: 'includes guests or external users' };
  else {
    const inGuest = guestsMatch(u.includeGuestsOrExternalUsers, who);
    const inGroup = hit(u.includeGroups, groups);
    const inRole = hit(u.includeRoles, roles);
    if (inGuest?.included === true) included = { included: true, reason: 'includes guests or external users' };
    else if (inGroup) included = { included: true, reason: `includes group ${inGroup}` };
    else if (inRole) included = { included: true, reason: `includes directory role ${inRole}` };
    else if (inGuest?.included === 'unknown')
      included = { included: 'unknown', reason: `may include ${inGuest.reason}` };
  }
  if (!included) return { included: false, reason: 'does not include this user (not in its users, groups or roles)' };
  // An exclusion by home tenant that cannot be decided makes an inclusion uncertain.
  if (exGuest?.included === 'unknown' && included.included === true)
    return { included: 'unknown', reason: `${included.reason}, but may exclude ${exGuest.reason}` };
  return included;
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
  for (const group of ['Office365', 'MicrosoftAdminPortals']) {
    if (include.includes(group)) return { targets: false, reason: `targets ${group}, which does not cover ${appId}` };
  }
  if (include.length === 0 && (a.includeUserActions?.length ?? 0) > 0) {
    return { targets: false, reason: 'targets user actions, not apps' };
  }
  const contexts = (a as { includeAuthenticationContextClassReferences?: string[] })
    .includeAuthenticationContextClassReferences;
  if (include.length === 0 && (contexts?.length ?? 0) > 0) {
    return { targets: false, reason: 'targets authentication contexts, which VM sign-in never requests' };
  }
  return { targets: false, reason: `does not include app ${appId}` };
}

const CLIENT_WORDS: Record<ClientAppType, string> = {
  browser: 'browsers (Bastion in the portal)',
  mobileAppsAndDesktopClients: 'desktop clients (RDP, SSH, az)',
};

function clientAppsMatch(policy: CaPolicyFacts, client: ClientAppType): { matches: boolean; reason?: string } {
  const types = policy.conditions.clientAppTypes ?? [];
  if (types.length === 0 || types.includes('all') || types.includes(client)) return { matches: true };
  return { matches: false, reason: `covers client apps ${types.join(', ')} only, not ${CLIENT_WORDS[client]}` };
}

/**
 * The client app type Conditional Access sees for a connection method: Bastion in the portal signs in through
 * the browser; RDP clients, the Bastion native client and `az ssh vm` are desktop clients.
 */
export function clientAppTypeFor(method: ConnectionMethod): ClientAppType {
  return method === 'bastion-portal' ? 'browser' : 'mobileAppsAndDesktopClients';
}

const DESKTOP: SignInContext = { clientAppType: 'mobileAppsAndDesktopClients' };

/** Evaluates one policy for one subject, app and client. */
export function evaluatePolicy(
  policy: CaPolicyFacts,
  who: CaSubject,
  appId: string,
  context: SignInContext = DESKTOP,
): PolicyEvaluation {
  const reasons: string[] = [];
  const users = usersMatch(policy, who);
  const app = appMatch(policy, appId);
  const clients = clientAppsMatch(policy, context.clientAppType);
  const dependsOn = unmodelled(policy);
  if (users.included === 'unknown') dependsOn.unshift("the guest's home tenant");
  reasons.push(`users: ${users.reason}`, `applications: ${app.reason}`);
  if (clients.reason) reasons.push(`client apps: ${clients.reason}`);
  if (dependsOn.length > 0) reasons.push(`may apply: depends on ${dependsOn.join(', ')}`);
  const requirement = grantRequirement(policy);
  if (policy.state === 'disabled') reasons.push('state: disabled, never evaluated');
  if (policy.state === 'enabledForReportingButNotEnforced')
    reasons.push('state: report-only, evaluated but never enforced');
  return {
    policyId: policy.id,
    name: policy.displayName,
    state: policy.state,
    applies: users.included !== false && app.targets && clients.matches,
    targetsApp: app.targets && clients.matches,
    conditional: dependsOn.length > 0,
    dependsOn,
    requirement,
    policy,
    reasons,
  };
}

/** Which policies apply to the subject signing in to `appId`, and what the enabled ones enforce. */
export function evaluateCa(
  policies: readonly CaPolicyFacts[],
  who: CaSubject,
  appId: string,
  context: SignInContext = DESKTOP,
): CaOutcome {
  const evaluations = policies.map((p) => evaluatePolicy(p, who, appId, context));
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
export function evaluateCaForApps(
  policies: readonly CaPolicyFacts[],
  who: CaSubject,
  appIds: readonly string[],
  context: SignInContext = DESKTOP,
) {
  const perApp = appIds.map((appId) => ({ appId, ...evaluateCa(policies, who, appId, context) }));
  const enforced = perApp.reduce<CaRequirement | undefined>(
    (acc, r) => (acc ? weakest(acc, r.enforced) : r.enforced),
    undefined,
  ) ?? { level: 'none' };
  return { enforced, perApp };
}

/**
 * The apps a sign-in is issued for, by connection method and VM OS:
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
