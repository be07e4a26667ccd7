/**
 * Sign-in logs (`auditLogs/signIns`, v1.0 and beta shapes) and Conditional Access What-If
 * (`identity/conditionalAccess/evaluate`), as the real service answers them (docs/reference/sign-in-evidence.md):
 * newest first, `$filter` on time, app and user, `$top` up to 1000 with `@odata.nextLink` paging, the
 * `reportOnly*` results only with `Prefer: include-unknown-enum-members`, beta-only fields left out of v1.0, and
 * 403 without an Entra ID P1 licence.
 */
import { APP_NAMES, SERVICE_PLAN_IDS } from '../../core/well-known-ids';
import { type EmuRequest, type EmuResponse, graphError, json } from '../http';
import type { SignInModel, TenantState, UserModel } from '../state';
import { key } from '../state';
import type { GraphContext } from './directory';
import { collection } from './odata';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const REPORT_ONLY = /^reportOnly/;

function hasPremium(state: TenantState): boolean {
  const plans = new Set<string>([SERVICE_PLAN_IDS.entraP1, SERVICE_PLAN_IDS.entraP2]);
  return state.skus.some(
    (s) => s.capabilityStatus === 'Enabled' && s.servicePlans.some((p) => plans.has(p.servicePlanId)),
  );
}

/** The grant controls a policy enforces, worded as the sign-in logs word them. */
function grantWords(policy: Obj): string[] {
  const grant = isObj(policy.grantControls) ? policy.grantControls : undefined;
  if (!grant) return [];
  const words: Record<string, string> = {
    mfa: 'Mfa',
    block: 'Block',
    compliantDevice: 'RequireCompliantDevice',
    domainJoinedDevice: 'RequireDomainJoinedDevice',
    approvedApplication: 'RequireApprovedApp',
    compliantApplication: 'RequireCompliantApp',
    passwordChange: 'RequirePasswordChange',
  };
  const out = strings(grant.builtInControls).map((c) => words[c] ?? c);
  if (isObj(grant.authenticationStrength)) out.push('RequireAuthenticationStrength');
  return out;
}

/** What the logs say for a policy the scenario did not name: its conditions did not match this sign-in. */
function defaultResult(policy: Obj): string {
  if (policy.state === 'disabled') return 'notEnabled';
  if (policy.state === 'enabledForReportingButNotEnforced') return 'reportOnlyNotApplied';
  return 'notApplied';
}

function signInJson(s: SignInModel, state: TenantState, beta: boolean, unknownEnums: boolean): Obj {
  const user = state.users.get(key(s.userId));
  const applied = [...state.caPolicies.values()].map((p) => {
    const result = s.policyResults[String(p.id).toLowerCase()] ?? defaultResult(p);
    const enforced = /success|failure|interrupted/i.test(result) && result !== 'reportOnlyNotApplied';
    return {
      id: p.id,
      displayName: p.displayName,
      enforcedGrantControls: enforced ? grantWords(p) : [],
      enforcedSessionControls: [],
      result: REPORT_ONLY.test(result) && !unknownEnums ? 'unknownFutureValue' : result,
    };
  });
  const enforcedResults = applied.map((a) => a.result).filter((r) => r === 'success' || r === 'failure');
  const caStatus = enforcedResults.includes('failure')
    ? 'failure'
    : enforcedResults.includes('success')
      ? 'success'
      : 'notApplied';
  const appName = APP_NAMES[s.appId] ?? s.appId;
  const base: Obj = {
    id: s.id,
    createdDateTime: s.createdDateTime,
    userDisplayName: user?.displayName ?? null,
    userPrincipalName: user?.userPrincipalName ?? null,
    userId: s.userId,
    appId: s.appId,
    appDisplayName: appName,
    ipAddress: s.ipAddress,
    clientAppUsed: s.clientAppUsed,
    correlationId: s.correlationId,
    conditionalAccessStatus: caStatus,
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'hidden',
    riskLevelDuringSignIn: 'hidden',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: appName,
    resourceId: s.appId,
    status: {
      errorCode: s.errorCode,
      failureReason: s.errorCode === 0 ? 'Other.' : (s.failureReason ?? null),
      additionalDetails: null,
    },
    deviceDetail: {
      deviceId: '',
      displayName: s.device?.displayName ?? null,
      operatingSystem: s.device?.operatingSystem ?? 'Windows 10',
      browser: null,
      isCompliant: s.device ? s.device.isCompliant : null,
      isManaged: s.device ? s.device.trustType !== '' : null,
      trustType: s.device?.trustType || null,
    },
    location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', geoCoordinates: null },
    appliedConditionalAccessPolicies: applied,
  };
  if (!beta) return base;
  const started = Date.parse(s.createdDateTime);
  return {
    ...base,
    authenticationRequirement: s.authenticationRequirement,
    authenticationDetails: s.methods.map((m, i) => ({
      authenticationStepDateTime: new Date(started + i * 4000).toISOString(),
      authenticationMethod: m.method,
      authenticationMethodDetail: m.detail ?? null,
      succeeded: m.succeeded,
      authenticationStepResultDetail: m.succeeded
        ? i === 0
          ? 'Correct password'
          : 'MFA successfully completed'
        : 'MFA denied',
      authenticationStepRequirement: i === 0 ? 'Primary authentication' : 'Multifactor authentication',
    })),
    authenticationMethodsUsed: [...new Set(s.methods.filter((m) => m.succeeded).map((m) => m.method))],
    signInEventTypes: ['interactiveUser'],
    conditionalAccessAudiences: [s.appId],
  };
}

/** `GET auditLogs/signIns` */
export function signIns(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  if (req.method !== 'GET') {
    return graphError(405, 'Request_BadRequest', `Specified HTTP method '${req.method}' is not supported.`);
  }
  if (rest.length > 1) return graphError(400, 'BadRequest', `Resource not found for the segment '${rest[1]}'.`);
  if (!hasPremium(ctx.state)) {
    return graphError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
  const prefer = (req.headers.prefer ?? '').toLowerCase();
  const unknownEnums = prefer.includes('include-unknown-enum-members');
  const items = ctx.state.signIns.map((s) => signInJson(s, ctx.state, ctx.version === 'beta', unknownEnums));
  if (rest.length === 1) {
    const one = items.find((i) => String(i.id).toLowerCase() === rest[0]!.toLowerCase());
    return one
      ? json(200, { '@odata.context': `${ctx.graphBase}/${ctx.version}/$metadata#auditLogs/signIns/$entity`, ...one })
      : graphError(404, 'Request_ResourceNotFound', `Resource '${rest[0]}' does not exist.`);
  }
  return collection(req, ctx, 'auditLogs/signIns', items, undefined, 1000);
}

/** Transitive groups of a user in the emulator's directory. */
function groupsOf(state: TenantState, userId: string): Set<string> {
  const out = new Set<string>();
  let frontier = [userId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const g of state.groups.values()) {
      const gid = g.id.toLowerCase();
      if (out.has(gid)) continue;
      if (g.members.some((m) => frontier.includes(m.toLowerCase()))) {
        out.add(gid);
        next.push(gid);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * The emulator's own What-If matching for policies a scenario did not declare: users (direct, groups, roles, All,
 * guests), applications (All or by id), client app types; exclusions win. Independent of the product's evaluator.
 */
function matchPolicy(p: Obj, user: UserModel, groups: Set<string>, appId: string, clientAppType: string) {
  const c = isObj(p.conditions) ? p.conditions : {};
  const u = isObj(c.users) ? c.users : {};
  const a = isObj(c.applications) ? c.applications : {};
  const has = (list: unknown, id: string) => strings(list).some((x) => x.toLowerCase() === id.toLowerCase());
  const anyGroup = (list: unknown) => strings(list).some((g) => groups.has(g.toLowerCase()));
  const anyRole = (list: unknown) => strings(list).some((r) => user.roleTemplateIds.includes(r.toLowerCase()));
  const reasons: string[] = [];
  const excluded = has(u.excludeUsers, user.id) || anyGroup(u.excludeGroups) || anyRole(u.excludeRoles);
  const included =
    has(u.includeUsers, 'All') ||
    has(u.includeUsers, user.id) ||
    anyGroup(u.includeGroups) ||
    anyRole(u.includeRoles) ||
    (user.userType === 'Guest' && has(u.includeUsers, 'GuestsOrExternalUsers'));
  if (excluded || !included) reasons.push('users');
  const appOk =
    !has(a.excludeApplications, appId) && (has(a.includeApplications, 'All') || has(a.includeApplications, appId));
  if (!appOk) reasons.push('application');
  const types = strings(c.clientAppTypes);
  if (types.length > 0 && !types.includes('all') && !types.includes(clientAppType)) reasons.push('clientApps');
  return { policyApplies: reasons.length === 0, analysisReasons: reasons.length > 0 ? reasons.join(',') : 'notSet' };
}

/** `POST identity/conditionalAccess/evaluate` */
export function whatIf(req: EmuRequest, ctx: GraphContext): EmuResponse {
  if (req.method !== 'POST') {
    return graphError(405, 'Request_BadRequest', `Specified HTTP method '${req.method}' is not supported.`);
  }
  const body = isObj(req.body) ? req.body : {};
  const identity = isObj(body.signInIdentity) ? body.signInIdentity : undefined;
  const context = isObj(body.signInContext) ? body.signInContext : undefined;
  if (!identity || !context || !isObj(body.signInConditions)) {
    return graphError(400, 'BadRequest', 'signInIdentity, signInContext and signInConditions are required.');
  }
  const userId = typeof identity.userId === 'string' ? identity.userId : '';
  const user = ctx.state.users.get(key(userId));
  if (identity['@odata.type'] !== '#microsoft.graph.userSignIn' || !user) {
    return graphError(400, 'BadRequest', `Invalid signInIdentity: user '${userId}' was not found.`);
  }
  const apps = strings(context.includeApplications);
  if (context['@odata.type'] !== '#microsoft.graph.applicationContext' || apps.length !== 1) {
    return graphError(400, 'BadRequest', 'signInContext must be an applicationContext with one application.');
  }
  const appId = apps[0]!;
  const clientAppType = String((body.signInConditions as Obj).clientAppType ?? 'all');
  const declared = ctx.state.whatIf.find(
    (w) => w.userId.toLowerCase() === user.id.toLowerCase() && w.appId.toLowerCase() === appId.toLowerCase(),
  );
  const groups = groupsOf(ctx.state, user.id);
  const value = [...ctx.state.caPolicies.values()]
    .map((p) => {
      const answer =
        declared?.results[String(p.id).toLowerCase()] ?? matchPolicy(p, user, groups, appId, clientAppType);
      return { ...structuredClone(p), ...answer };
    })
    .filter((r) => body.appliedPoliciesOnly !== true || r.policyApplies);
  return json(200, {
    '@odata.context': `${ctx.graphBase}/${ctx.version}/$metadata#Collection(microsoft.graph.whatIfAnalysisResult)`,
    value,
  });
}
