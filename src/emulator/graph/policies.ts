/**
 * Conditional Access policies (with the shape checks the service makes), built-in authentication strengths
 * and security defaults.
 */
import { BUILT_IN_STRENGTHS } from '../../checks/auth-strength';
import { type EmuRequest, type EmuResponse, graphError, isGuid, json, noContent } from '../http';
import type { TenantState } from '../state';
import type { GraphContext } from './directory';
import { collection, entity, notFound } from './odata';

const STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];
const APP_KEYWORDS = ['All', 'None', 'Office365', 'MicrosoftAdminPortals'];
const USER_KEYWORDS = ['All', 'None', 'GuestsOrExternalUsers'];
const CLIENT_APP_TYPES = [
  'all',
  'browser',
  'mobileAppsAndDesktopClients',
  'exchangeActiveSync',
  'easSupported',
  'other',
];
const BUILT_IN_CONTROLS = [
  'block',
  'mfa',
  'compliantDevice',
  'domainJoinedDevice',
  'approvedApplication',
  'compliantApplication',
  'passwordChange',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined =>
  v === undefined || v === null ? [] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;

/** Returns the service's complaint about a policy, or undefined when it is acceptable. */
export function validateCaPolicy(
  p: Obj,
  strengthIds: readonly string[] = BUILT_IN_STRENGTHS.map((s) => s.id),
): string | undefined {
  if (typeof p.displayName !== 'string' || p.displayName.trim() === '') return "Property 'displayName' is required.";
  if (!STATES.includes(String(p.state))) {
    return `Invalid value '${String(p.state)}' for property 'state'. Allowed values: ${STATES.join(', ')}.`;
  }
  const conditions = p.conditions;
  if (!isObj(conditions)) return "Property 'conditions' is required.";
  const users = conditions.users;
  if (!isObj(users)) return "1036: The policy must have a users condition: 'conditions.users' is required.";
  for (const prop of [
    'includeUsers',
    'excludeUsers',
    'includeGroups',
    'excludeGroups',
    'includeRoles',
    'excludeRoles',
  ]) {
    const list = strings(users[prop]);
    if (!list) return `Property 'conditions.users.${prop}' must be a list of strings.`;
    const keywords = prop.endsWith('Users') ? USER_KEYWORDS : [];
    const bad = list.find((v) => !isGuid(v) && !keywords.includes(v));
    if (bad)
      return `Invalid value '${bad}' in 'conditions.users.${prop}': use object ids${keywords.length ? ` or ${keywords.join(', ')}` : ''}.`;
  }
  const includesSomeone =
    (strings(users.includeUsers) ?? []).length > 0 ||
    (strings(users.includeGroups) ?? []).length > 0 ||
    (strings(users.includeRoles) ?? []).length > 0 ||
    isObj(users.includeGuestsOrExternalUsers);
  if (!includesSomeone)
    return '1036: The policy must include users: set includeUsers, includeGroups, includeRoles or includeGuestsOrExternalUsers.';
  const apps = conditions.applications;
  if (!isObj(apps))
    return "1037: The policy must have an applications condition: 'conditions.applications' is required.";
  for (const prop of ['includeApplications', 'excludeApplications']) {
    const list = strings(apps[prop]);
    if (!list) return `Property 'conditions.applications.${prop}' must be a list of strings.`;
    const bad = list.find((v) => !isGuid(v) && !APP_KEYWORDS.includes(v));
    if (bad)
      return `1037: Invalid application '${bad}' in 'conditions.applications.${prop}': use an application (client) id GUID or ${APP_KEYWORDS.join(', ')}.`;
  }
  const targetsApps =
    (strings(apps.includeApplications) ?? []).length > 0 ||
    (strings(apps.includeUserActions) ?? []).length > 0 ||
    (strings(apps.includeAuthenticationContextClassReferences) ?? []).length > 0;
  if (!targetsApps) return '1037: The policy must include applications, user actions or authentication contexts.';
  const clientAppTypes = strings(conditions.clientAppTypes);
  if (!clientAppTypes) return "Property 'conditions.clientAppTypes' must be a list of strings.";
  const badType = clientAppTypes.find((t) => !CLIENT_APP_TYPES.includes(t));
  if (badType)
    return `Invalid value '${badType}' in 'conditions.clientAppTypes'. Allowed values: ${CLIENT_APP_TYPES.join(', ')}.`;
  const grant = p.grantControls;
  if ((grant === undefined || grant === null) && !isObj(p.sessionControls)) {
    return '1012: The policy must have grant controls or session controls.';
  }
  if (grant !== undefined && grant !== null) {
    if (!isObj(grant)) return "Property 'grantControls' must be an object.";
    if (grant.operator !== 'AND' && grant.operator !== 'OR')
      return "Property 'grantControls.operator' must be 'AND' or 'OR'.";
    const controls = strings(grant.builtInControls);
    if (!controls) return "Property 'grantControls.builtInControls' must be a list of strings.";
    const badControl = controls.find((c) => !BUILT_IN_CONTROLS.includes(c));
    if (badControl)
      return `Invalid value '${badControl}' in 'grantControls.builtInControls'. Allowed values: ${BUILT_IN_CONTROLS.join(', ')}.`;
    const strength = grant.authenticationStrength;
    if (strength !== undefined && strength !== null) {
      const id = isObj(strength) ? strength.id : undefined;
      if (typeof id !== 'string' || !strengthIds.includes(id.toLowerCase())) {
        return `The authentication strength policy '${String(id)}' does not exist in this tenant.`;
      }
      if (controls.includes('mfa')) {
        return "1040: 'mfa' in builtInControls cannot be combined with an authentication strength in the same policy.";
      }
    }
    const hasStrength = isObj(strength);
    if (controls.length === 0 && !hasStrength && (strings(grant.termsOfUse) ?? []).length === 0) {
      return '1012: Grant controls must include at least one built-in control, an authentication strength or terms of use.';
    }
  }
  return undefined;
}

function merge(target: Obj, patch: Obj): Obj {
  const out: Obj = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v;
  return out;
}

function denied(ctx: GraphContext, area: string): EmuResponse | undefined {
  if (!ctx.state.caller.deniedGraphWrites.includes(area)) return undefined;
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** Built-in strengths, then the tenant's custom ones, as Graph serves them. */
function strengthsOf(state: TenantState): Obj[] {
  return [
    ...BUILT_IN_STRENGTHS.map((s) =>
      strengthJson({ ...s, allowedCombinations: [...s.allowedCombinations] }, 'builtIn'),
    ),
    ...[...state.customStrengths.values()].map((s) => strengthJson(s, 'custom')),
  ];
}

/** Graph expands a policy's authentication strength inline. */
function withStrength(p: Obj, state: TenantState): Obj {
  const grant = p.grantControls;
  if (!isObj(grant) || !isObj(grant.authenticationStrength)) return p;
  const id = String((grant.authenticationStrength as Obj).id).toLowerCase();
  const s = strengthsOf(state).find((x) => x.id === id);
  return s ? { ...p, grantControls: { ...grant, authenticationStrength: s } } : p;
}

/** `identity/conditionalAccess/policies[/{id}]`. */
export function caPolicies(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  const policies = ctx.state.caPolicies;
  if (rest.length === 0) {
    if (req.method === 'GET')
      return collection(
        req,
        ctx,
        'identity/conditionalAccess/policies',
        [...policies.values()].map((p) => withStrength(p, ctx.state)),
      );
    if (req.method !== 'POST') return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
    const deny = denied(ctx, 'conditionalAccess');
    if (deny) return deny;
    if (!isObj(req.body))
      return graphError(400, 'BadRequest', 'A request body with a conditionalAccessPolicy is required.');
    const problem = validateCaPolicy(req.body, strengthIdsOf(ctx.state)) ?? stateRefused(req.body, ctx.state);
    if (problem) return graphError(400, 'BadRequest', problem);
    const now = new Date(ctx.now()).toISOString();
    const id = crypto.randomUUID();
    const stored: Obj = {
      ...req.body,
      id,
      templateId: null,
      createdDateTime: now,
      modifiedDateTime: null,
      sessionControls: req.body.sessionControls ?? null,
    };
    policies.set(id, stored);
    return {
      ...json(201, {
        '@odata.context': `${ctx.graphBase}/${ctx.version}/$metadata#identity/conditionalAccess/policies/$entity`,
        ...withStrength(stored, ctx.state),
      }),
      target: id,
    };
  }
  const id = rest[0]!.toLowerCase();
  const existing = policies.get(id);
  if (!existing || rest.length > 1) return notFound(rest[0]!);
  if (req.method === 'GET')
    return {
      ...entity(req, ctx, 'identity/conditionalAccess/policies', withStrength(existing, ctx.state)),
      target: id,
    };
  const deny = denied(ctx, 'conditionalAccess');
  if (deny) return { ...deny, target: id };
  if (req.method === 'DELETE') {
    policies.delete(id);
    return { ...noContent(), target: id };
  }
  if (req.method === 'PATCH') {
    if (!isObj(req.body)) return graphError(400, 'BadRequest', 'A request body is required.');
    const { id: _ignored, createdDateTime: _c, ...patch } = req.body;
    const merged = merge(existing, patch);
    const problem =
      validateCaPolicy(merged, strengthIdsOf(ctx.state)) ??
      (existing.state === merged.state ? undefined : stateRefused(merged, ctx.state));
    if (problem) return graphError(400, 'BadRequest', problem);
    policies.set(id, { ...merged, modifiedDateTime: new Date(ctx.now()).toISOString() });
    return { ...noContent(), target: id };
  }
  return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
}

/**
 * The states the service refuses (docs/reference/security-defaults.md): no policy turned on while security
 * defaults are on (report-only and off are accepted), and no report-only policy on a user action.
 */
function stateRefused(p: Obj, state: TenantState): string | undefined {
  if (p.state === 'enabled' && state.securityDefaultsEnabled) {
    return 'Security defaults is enabled in the tenant: disable security defaults before turning a Conditional Access policy on (report-only and off are allowed).';
  }
  const apps = isObj(p.conditions) ? (p.conditions as Obj).applications : undefined;
  const actions = isObj(apps) ? strings(apps.includeUserActions) : [];
  if (p.state === 'enabledForReportingButNotEnforced' && (actions?.length ?? 0) > 0) {
    return "Report-only mode isn't supported for policies on user actions: create it on or off.";
  }
  return undefined;
}

const strengthIdsOf = (state: TenantState) => strengthsOf(state).map((s) => String(s.id));

function strengthJson(
  s: { id: string; displayName: string; description?: string; allowedCombinations: string[] },
  policyType: 'builtIn' | 'custom',
): Obj {
  return {
    id: s.id.toLowerCase(),
    createdDateTime: '2021-12-01T00:00:00Z',
    modifiedDateTime: '2021-12-01T00:00:00Z',
    displayName: s.displayName,
    description: s.description ?? null,
    policyType,
    requirementsSatisfied: 'mfa',
    allowedCombinations: [...s.allowedCombinations],
  };
}

export function authenticationStrengths(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  const all = strengthsOf(ctx.state);
  if (rest.length === 0) return collection(req, ctx, 'policies/authenticationStrengthPolicies', all);
  const s = all.find((x) => x.id === rest[0]!.toLowerCase());
  if (!s || rest.length > 1) return notFound(rest[0]!);
  return entity(req, ctx, 'policies/authenticationStrengthPolicies', s);
}

export function securityDefaults(req: EmuRequest, ctx: GraphContext): EmuResponse {
  const target = 'identitySecurityDefaultsEnforcementPolicy';
  if (req.method === 'GET') {
    return {
      ...json(200, {
        '@odata.context': `${ctx.graphBase}/${ctx.version}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description:
          'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
        isEnabled: ctx.state.securityDefaultsEnabled,
      }),
      target,
    };
  }
  if (req.method !== 'PATCH') return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
  const deny = denied(ctx, 'securityDefaults');
  if (deny) return { ...deny, target };
  const isEnabled = isObj(req.body) ? req.body.isEnabled : undefined;
  if (typeof isEnabled !== 'boolean')
    return graphError(400, 'BadRequest', "Property 'isEnabled' must be true or false.");
  if (isEnabled && [...ctx.state.caPolicies.values()].some((p) => p.state === 'enabled')) {
    return {
      ...graphError(
        400,
        'BadRequest',
        'Security defaults cannot be enabled while Conditional Access policies are on: turn them off first.',
      ),
      target,
    };
  }
  ctx.state.securityDefaultsEnabled = isEnabled;
  return { ...noContent(), target };
}

export { denied as graphWriteDenied };
