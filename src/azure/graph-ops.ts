/**
 * `GraphOperations` over the Graph client. Per-item lookups go through `$batch` (20 per batch), so discovery
 * costs a handful of requests however many users, devices or apps are involved.
 */

import { SERVICE_PLAN_IDS } from '../core/well-known-ids';
import { UserError } from '../errors';
import type {
  AuthMethodFacts,
  CaPolicyFacts,
  DeviceFacts,
  PerUserMfaState,
  PrincipalFacts,
  ServicePrincipalFacts,
  SignInFacts,
} from '../plan/snapshot';
import { batchFailure, type OperationDescriptor, translateHttpFailure } from './errors';
import { type BatchRequest, type BatchResponse, type GraphHttp, odataFilter, odataString } from './graph-http';
import type { GraphOperations, PrincipalLookup, SignInQuery } from './operations';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_SELECT = 'id,displayName,userPrincipalName,userType,accountEnabled';
const DEVICE_SELECT =
  'id,deviceId,displayName,trustType,accountEnabled,operatingSystem,physicalIds,approximateLastSignInDateTime';
const SP_SELECT = 'id,appId,displayName';
const USER_SEARCH_SELECT = `${USER_SELECT},mail`;
/** Word and prefix matches asked for per lookup, users and groups each. */
const SEARCH_TOP = 25;
/** The page of users and groups searched on this side for text in the middle of a name (Graph's largest page). */
const PAGE_TOP = 999;

/**
 * `"displayName:T" OR "mail:T"`, URL-encoded: each clause in double quotes with `"` and `\` escaped by a
 * backslash, `OR` outside the quotes in upper case, as Graph's `$search` wants.
 */
function searchClauses(text: string, properties: readonly string[]): string {
  const escaped = text.replace(/[\\"]/g, (c) => `\\${c}`);
  return encodeURIComponent(properties.map((p) => `"${p}:${escaped}"`).join(' OR '));
}

/**
 * How well `text` matches the best of `values`: 0 equal, 1 starts with, 2 a word starts with it, 3 anywhere;
 * undefined when none contains it. Case-insensitive.
 */
export function matchRank(text: string, values: readonly (string | undefined)[]): number | undefined {
  const t = text.trim().toLowerCase();
  let best: number | undefined;
  for (const raw of values) {
    const v = raw?.toLowerCase();
    if (!v || !t) continue;
    const at = v.indexOf(t);
    if (at < 0) continue;
    const rank = v === t ? 0 : at === 0 ? 1 : /[^a-z0-9]/.test(v[at - 1]!) ? 2 : 3;
    best = best === undefined ? rank : Math.min(best, rank);
  }
  return best;
}
/** Graph accepts at most 15 values in one `in (…)` filter on directory objects. */
const DEVICE_NAMES_PER_FILTER = 15;

function ok(res: BatchResponse | undefined): boolean {
  return !!res && res.status >= 200 && res.status < 300;
}

/** The body of a 2xx inner response, or the translated failure. */
function bodyOf<T>(res: BatchResponse | undefined, op: OperationDescriptor): T {
  if (!res) throw translateHttpFailure({ status: 503, serviceCode: 'MissingBatchResponse' }, op, 'graph');
  if (!ok(res)) throw translateHttpFailure(batchFailure(res), op, 'graph');
  return res.body as T;
}

interface GraphUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  userType?: string;
  accountEnabled?: boolean;
  '@odata.type'?: string;
}

interface DirectoryObject extends GraphUser {
  roleTemplateId?: string;
  appId?: string;
}

function principalOf(ref: string, obj: DirectoryObject, kind: PrincipalFacts['kind']): PrincipalFacts {
  const p: PrincipalFacts = {
    ref,
    kind,
    id: obj.id,
    displayName: obj.displayName ?? obj.userPrincipalName ?? obj.id,
    memberOf: [],
    roleTemplateIds: [],
  };
  if (kind === 'user') {
    if (obj.userPrincipalName) p.userPrincipalName = obj.userPrincipalName;
    if (obj.userType === 'Member' || obj.userType === 'Guest') p.userType = obj.userType;
    if (typeof obj.accountEnabled === 'boolean') p.accountEnabled = obj.accountEnabled;
  }
  return p;
}

/**
 * The `$batch` requests that look up one reference: a UPN as a user, a display name as a group, an object id
 * as a user and as a group (whichever answers 200 is the principal; both typed reads carry `$select`).
 */
function lookupRequests(i: number, ref: string): BatchRequest[] {
  if (GUID.test(ref)) {
    return [
      { id: `${i}:user`, method: 'GET', url: `/users/${ref}?$select=${USER_SELECT}` },
      { id: `${i}:group`, method: 'GET', url: `/groups/${ref}?$select=id,displayName` },
    ];
  }
  if (ref.includes('@')) {
    return [{ id: `${i}:user`, method: 'GET', url: `/users/${encodeURIComponent(ref)}?$select=${USER_SELECT}` }];
  }
  return [
    {
      id: `${i}:groups`,
      method: 'GET',
      url: `/groups?$filter=${odataFilter('displayName eq ')}${odataString(ref)}&$select=id,displayName`,
    },
  ];
}

function toCaPolicy(raw: Record<string, unknown>): CaPolicyFacts {
  const { '@odata.context': _ctx, '@odata.type': _type, ...rest } = raw;
  const policy = rest as unknown as CaPolicyFacts;
  policy.conditions ??= {};
  return policy;
}

/** `userRegistrationDetails` in either shape: v1.0 (no defaultMfaMethod) or beta (with it). */
interface RegistrationDetails {
  methodsRegistered?: string[];
  isMfaCapable?: boolean;
  isPasswordlessCapable?: boolean;
  userPreferredMethodForSecondaryAuthentication?: string;
  defaultMfaMethod?: string;
  systemPreferredAuthenticationMethods?: string[];
}

export function registrationFacts(details: RegistrationDetails): Partial<AuthMethodFacts> {
  const out: Partial<AuthMethodFacts> = { methodsRegistered: details.methodsRegistered ?? [] };
  if (typeof details.isMfaCapable === 'boolean') out.isMfaCapable = details.isMfaCapable;
  if (typeof details.isPasswordlessCapable === 'boolean') out.isPasswordlessCapable = details.isPasswordlessCapable;
  const preferred = [details.userPreferredMethodForSecondaryAuthentication, details.defaultMfaMethod].find(
    (m) => typeof m === 'string' && m !== '' && m !== 'none' && m !== 'unknownFutureValue',
  );
  if (preferred) out.defaultMfaMethod = preferred;
  if (Array.isArray(details.systemPreferredAuthenticationMethods)) {
    out.systemPreferredMethods = details.systemPreferredAuthenticationMethods.filter((m) => m !== 'none');
  }
  return out;
}

/** Graph's beta signIn, the fields the evidence reads. */
interface RawSignIn {
  id: string;
  createdDateTime: string;
  userId?: string;
  userPrincipalName?: string;
  appId?: string;
  appDisplayName?: string;
  clientAppUsed?: string;
  status?: { errorCode?: number; failureReason?: string | null } | null;
  authenticationRequirement?: string | null;
  authenticationDetails?: { authenticationMethod?: string; succeeded?: boolean }[] | null;
  conditionalAccessStatus?: string | null;
  appliedConditionalAccessPolicies?:
    | { id?: string; displayName?: string; result?: string; enforcedGrantControls?: string[] | null }[]
    | null;
  deviceDetail?: {
    displayName?: string | null;
    operatingSystem?: string | null;
    trustType?: string | null;
    isCompliant?: boolean | null;
  } | null;
}

/** Sign-in methods that are not a second factor. */
const FIRST_FACTOR = new Set(['password', '']);

export function toSignInFacts(raw: RawSignIn): SignInFacts {
  const multi = raw.authenticationRequirement === 'multiFactorAuthentication';
  const methods = (raw.authenticationDetails ?? [])
    .filter((d) => d.succeeded && !FIRST_FACTOR.has((d.authenticationMethod ?? '').toLowerCase()))
    .map((d) => d.authenticationMethod!);
  const f: SignInFacts = {
    id: raw.id,
    createdDateTime: raw.createdDateTime,
    userId: raw.userId ?? '',
    appId: raw.appId ?? '',
    errorCode: raw.status?.errorCode ?? 0,
    mfaMethods: multi ? [...new Set(methods)] : [],
    policies: (raw.appliedConditionalAccessPolicies ?? []).map((p) => ({
      id: p.id ?? '',
      displayName: p.displayName ?? p.id ?? '',
      result: p.result ?? 'unknown',
      enforcedGrantControls: p.enforcedGrantControls ?? [],
    })),
  };
  if (raw.userPrincipalName) f.userPrincipalName = raw.userPrincipalName;
  if (raw.appDisplayName) f.appDisplayName = raw.appDisplayName;
  if (raw.clientAppUsed) f.clientAppUsed = raw.clientAppUsed;
  if (raw.status?.failureReason) f.failureReason = raw.status.failureReason;
  if (raw.authenticationRequirement) f.authenticationRequirement = raw.authenticationRequirement;
  if (raw.conditionalAccessStatus) f.conditionalAccessStatus = raw.conditionalAccessStatus;
  const d = raw.deviceDetail;
  if (d?.displayName) f.deviceName = d.displayName;
  if (d?.operatingSystem) f.operatingSystem = d.operatingSystem;
  if (d?.trustType) f.deviceTrustType = d.trustType;
  if (typeof d?.isCompliant === 'boolean') f.isCompliant = d.isCompliant;
  return f;
}

/** `createdDateTime ge <since> and userId eq '…' and (appId eq '…' or …)`, encoded for a query value. */
export function signInFilter(query: SignInQuery): string {
  const since = new Date(query.since).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const apps = query.appIds.map((a) => `${odataFilter('appId eq ')}${odataString(a)}`);
  const parts = [
    odataFilter(`createdDateTime ge ${since}`),
    ...(query.userId ? [`${odataFilter('userId eq ')}${odataString(query.userId)}`] : []),
    apps.length === 1 ? apps[0]! : `${odataFilter('(')}${apps.join(odataFilter(' or '))}${odataFilter(')')}`,
  ];
  return parts.join(odataFilter(' and '));
}

export function createGraphOperations(http: GraphHttp): GraphOperations {
  /** Follows an inner response's nextLink so a batched collection is complete. */
  async function restOf<T>(op: OperationDescriptor, body: { value?: T[]; '@odata.nextLink'?: string }): Promise<T[]> {
    const first = body.value ?? [];
    const next = body['@odata.nextLink'];
    return next ? [...first, ...(await http.list<T>(op, next))] : first;
  }

  async function readServicePrincipal(appId: string): Promise<ServicePrincipalFacts | null> {
    const op: OperationDescriptor = { name: 'graph.servicePrincipals.read', target: appId };
    const res = await http.batch(op, [
      { id: '0', method: 'GET', url: `/servicePrincipals(appId=${odataString(appId)})?$select=${SP_SELECT}` },
    ]);
    const r = res.get('0');
    if (r?.status === 404) return null;
    const sp = bodyOf<ServicePrincipalFacts>(r, op);
    return { id: sp.id, appId: sp.appId, displayName: sp.displayName };
  }

  async function readTenant() {
    const op: OperationDescriptor = { name: 'graph.tenant.read' };
    const orgs = await http.read<{ value?: { id: string; displayName?: string }[] }>(
      op,
      '/organization?$select=id,displayName',
    );
    const org = orgs.value?.[0];
    if (!org) throw new UserError('not-found', 'The signed-in tenant could not be read', 'Sign in to a work tenant');
    return { id: org.id, displayName: org.displayName ?? org.id };
  }
  // A credential's tenant does not change: sign-in and discovery share one read (a failed one is tried again).
  let tenant: Promise<{ id: string; displayName: string }> | undefined;

  return {
    getTenant() {
      tenant ??= readTenant().catch((e: unknown) => {
        tenant = undefined;
        throw e;
      });
      return tenant;
    },

    async resolvePrincipals(refs) {
      const op: OperationDescriptor = { name: 'graph.principals.read' };
      const unique = [...new Set(refs)];
      const found = await http.batch(
        op,
        unique.flatMap((ref, i) => lookupRequests(i, ref)),
      );
      const principals = new Map<string, PrincipalFacts>();
      unique.forEach((ref, i) => {
        const target = { ...op, target: ref };
        const groupsByName = found.get(`${i}:groups`);
        if (groupsByName) {
          const matches = bodyOf<{ value?: DirectoryObject[] }>(groupsByName, target).value ?? [];
          if (matches.length > 1) {
            throw new UserError(
              'bad-input',
              `The group name "${ref}" matches ${matches.length} groups`,
              'Use the group object id instead',
            );
          }
          if (matches[0]) principals.set(ref, principalOf(ref, matches[0], 'group'));
          return;
        }
        for (const kind of ['user', 'group'] as const) {
          const res = found.get(`${i}:${kind}`);
          if (!res || res.status === 404) continue;
          principals.set(ref, principalOf(ref, bodyOf<DirectoryObject>(res, target), kind));
          return;
        }
      });

      const users = [...principals.values()].filter((p) => p.kind === 'user');
      if (users.length > 0) {
        const memberships = await http.batch(
          op,
          users.map((u, i) => ({
            id: String(i),
            method: 'GET' as const,
            url: `/users/${u.id}/transitiveMemberOf?$select=id,roleTemplateId&$top=999`,
          })),
        );
        await Promise.all(
          users.map(async (u, i) => {
            const body = bodyOf<{ value?: DirectoryObject[] }>(memberships.get(String(i)), { ...op, target: u.ref });
            for (const m of await restOf(op, body)) {
              const type = m['@odata.type']?.toLowerCase();
              if (type === '#microsoft.graph.directoryrole' || m.roleTemplateId) {
                if (m.roleTemplateId) u.roleTemplateIds.push(m.roleTemplateId);
              } else if (type === undefined || type === '#microsoft.graph.group') {
                u.memberOf.push(m.id);
              }
            }
          }),
        );
      }
      return refs.map((ref): PrincipalLookup => {
        const principal = principals.get(ref);
        return principal ? { ref, principal } : { ref };
      });
    },

    async searchPrincipals(text, top = 5) {
      const op: OperationDescriptor = { name: 'graph.principals.read', target: text };
      const advanced = { ConsistencyLevel: 'eventual' };
      const found = await http.batch(op, [
        {
          id: 'users',
          method: 'GET',
          url: `/users?$search=${searchClauses(text, ['displayName', 'userPrincipalName', 'mail'])}&$select=${USER_SEARCH_SELECT}&$top=${SEARCH_TOP}`,
          headers: advanced,
        },
        {
          id: 'groups',
          method: 'GET',
          url: `/groups?$search=${searchClauses(text, ['displayName', 'mail'])}&$select=id,displayName,mail&$top=${SEARCH_TOP}`,
          headers: advanced,
        },
        { id: 'users-page', method: 'GET', url: `/users?$select=${USER_SEARCH_SELECT}&$top=${PAGE_TOP}` },
        { id: 'groups-page', method: 'GET', url: `/groups?$select=id,displayName,mail&$top=${PAGE_TOP}` },
      ]);
      const list = (id: string) => bodyOf<{ value?: DirectoryObject[] }>(found.get(id), op).value ?? [];
      // What `$search` found matched by words in any order; the pages are matched here, for text anywhere.
      const candidates = [
        ...list('users').map((u) => ({ obj: u, kind: 'user' as const, searched: true })),
        ...list('groups').map((g) => ({ obj: g, kind: 'group' as const, searched: true })),
        ...list('users-page').map((u) => ({ obj: u, kind: 'user' as const, searched: false })),
        ...list('groups-page').map((g) => ({ obj: g, kind: 'group' as const, searched: false })),
      ];
      const seen = new Set<string>();
      const ranked: { p: PrincipalFacts; rank: number }[] = [];
      for (const { obj, kind, searched } of candidates) {
        if (seen.has(obj.id)) continue;
        seen.add(obj.id);
        const rank = matchRank(text, [obj.displayName, obj.userPrincipalName, obj.mail]) ?? (searched ? 2 : undefined);
        if (rank === undefined) continue;
        const ref = kind === 'user' ? (obj.userPrincipalName ?? obj.id) : (obj.displayName ?? obj.id);
        const p = principalOf(ref, obj, kind);
        if (obj.mail) p.mail = obj.mail;
        ranked.push({ p, rank });
      }
      return ranked
        .sort((a, b) => a.rank - b.rank || a.p.displayName.localeCompare(b.p.displayName))
        .slice(0, top)
        .map((r) => r.p);
    },

    async findDevicesByName(names) {
      const op: OperationDescriptor = { name: 'graph.devices.read' };
      // One `displayName in (…)` filter per DEVICE_NAMES_PER_FILTER names, batched: requests grow by one $batch
      // per 300 names rather than one inner request per VM.
      const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
      const groups: string[][] = [];
      for (let i = 0; i < unique.length; i += DEVICE_NAMES_PER_FILTER) {
        groups.push(unique.slice(i, i + DEVICE_NAMES_PER_FILTER));
      }
      const res = await http.batch(
        op,
        groups.map((group, i) => ({
          id: String(i),
          method: 'GET' as const,
          url: `/devices?$filter=${odataFilter('displayName in (')}${group.map(odataString).join(',')})&$select=${DEVICE_SELECT}`,
        })),
      );
      // Display names compare case-insensitively in Graph filters; every requested name gets an entry.
      const byName = new Map<string, DeviceFacts[]>(unique.map((n) => [n.toLowerCase(), []]));
      await Promise.all(
        groups.map(async (group, i) => {
          const body = bodyOf<{ value?: DeviceFacts[] }>(res.get(String(i)), { ...op, target: group.join(', ') });
          for (const d of await restOf(op, body)) {
            const device: DeviceFacts = { id: d.id, displayName: d.displayName };
            if (d.deviceId) device.deviceId = d.deviceId;
            if (d.trustType) device.trustType = d.trustType;
            if (typeof d.accountEnabled === 'boolean') device.accountEnabled = d.accountEnabled;
            if (d.operatingSystem) device.operatingSystem = d.operatingSystem;
            if (Array.isArray(d.physicalIds)) device.physicalIds = d.physicalIds;
            if (d.approximateLastSignInDateTime) device.approximateLastSignInDateTime = d.approximateLastSignInDateTime;
            byName.get((d.displayName ?? '').toLowerCase())?.push(device);
          }
        }),
      );
      const out: Record<string, DeviceFacts[]> = {};
      for (const name of names) out[name] = byName.get(name.toLowerCase()) ?? [];
      return out;
    },

    async findDeviceById(deviceId) {
      const op: OperationDescriptor = { name: 'graph.devices.read', target: deviceId };
      const res = await http.batch(op, [
        {
          id: 'device',
          method: 'GET' as const,
          url: `/devices?$filter=${odataFilter('deviceId eq ')}${odataString(deviceId)}&$select=${DEVICE_SELECT},isCompliant`,
        },
      ]);
      const d = (bodyOf<{ value?: (DeviceFacts & { isCompliant?: boolean | null })[] }>(res.get('device'), op).value ??
        [])[0];
      if (!d) return undefined;
      const device: DeviceFacts = { id: d.id, displayName: d.displayName };
      if (d.deviceId) device.deviceId = d.deviceId;
      if (d.trustType) device.trustType = d.trustType;
      if (typeof d.isCompliant === 'boolean') device.isCompliant = d.isCompliant;
      return device;
    },

    async getServicePrincipals(appIds) {
      const op: OperationDescriptor = { name: 'graph.servicePrincipals.read' };
      const unique = [...new Set(appIds)];
      const res = await http.batch(
        op,
        unique.map((appId, i) => ({
          id: String(i),
          method: 'GET' as const,
          url: `/servicePrincipals(appId=${odataString(appId)})?$select=${SP_SELECT}`,
        })),
      );
      const out: Record<string, ServicePrincipalFacts | null> = {};
      unique.forEach((appId, i) => {
        const r = res.get(String(i));
        if (r?.status === 404) {
          out[appId] = null;
          return;
        }
        const sp = bodyOf<ServicePrincipalFacts>(r, { ...op, target: appId });
        out[appId] = { id: sp.id, appId: sp.appId, displayName: sp.displayName };
      });
      return out;
    },

    async createServicePrincipal(appId) {
      const op: OperationDescriptor = { name: 'graph.servicePrincipals.write', target: appId };
      try {
        const sp = await http.write(
          op,
          (req) => req('/servicePrincipals').post({ appId }) as Promise<ServicePrincipalFacts>,
        );
        return { sp: { id: sp.id, appId: sp.appId, displayName: sp.displayName }, created: true };
      } catch (e) {
        const exists =
          e instanceof UserError &&
          (e.details?.status === 409 || (e.details?.status === 400 && /already exist/i.test(e.message)));
        if (!exists) throw e;
        const sp = await readServicePrincipal(appId);
        if (!sp) throw e;
        return { sp, created: false };
      }
    },

    async listCaPolicies() {
      const raw = await http.list<Record<string, unknown>>(
        { name: 'graph.ca.read' },
        '/identity/conditionalAccess/policies',
      );
      return raw.map(toCaPolicy);
    },

    async createCaPolicy(body) {
      const op: OperationDescriptor = { name: 'graph.ca.write', target: body.displayName };
      const created = await http.write(
        op,
        (req) => req('/identity/conditionalAccess/policies').post(body) as Promise<Record<string, unknown>>,
      );
      return toCaPolicy(created);
    },

    async updateCaPolicy(id, patch) {
      const op: OperationDescriptor = { name: 'graph.ca.write', target: id };
      const path = `/identity/conditionalAccess/policies/${encodeURIComponent(id)}`;
      await http.write(op, (req) => req(path).patch(patch) as Promise<unknown>);
      return toCaPolicy(await http.read<Record<string, unknown>>({ name: 'graph.ca.read', target: id }, path));
    },

    async deleteCaPolicy(id) {
      const op: OperationDescriptor = { name: 'graph.ca.write', target: id };
      const path = `/identity/conditionalAccess/policies/${encodeURIComponent(id)}`;
      try {
        await http.write(op, (req) => req(path).delete() as Promise<unknown>);
      } catch (e) {
        if (e instanceof UserError && e.code === 'not-found') return;
        throw e;
      }
    },

    async deleteDevice(id) {
      const op: OperationDescriptor = { name: 'graph.devices.write', target: id };
      try {
        await http.write(op, (req) => req(`/devices/${encodeURIComponent(id)}`).delete() as Promise<unknown>);
      } catch (e) {
        if (e instanceof UserError && e.code === 'not-found') return;
        throw e;
      }
    },

    async getSecurityDefaults() {
      const policy = await http.read<{ isEnabled?: boolean }>(
        { name: 'graph.securityDefaults.read' },
        '/policies/identitySecurityDefaultsEnforcementPolicy',
      );
      return policy.isEnabled === true;
    },

    async setSecurityDefaults(enabled) {
      await http.write(
        { name: 'graph.securityDefaults.write' },
        (req) =>
          req('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: enabled }) as Promise<unknown>,
      );
    },

    async getPerUserMfa(userIds) {
      const op: OperationDescriptor = { name: 'graph.perUserMfa.read' };
      const unique = [...new Set(userIds)];
      const res = await http.batch(
        op,
        unique.map((id, i) => ({
          id: String(i),
          method: 'GET' as const,
          url: `/users/${encodeURIComponent(id)}/authentication/requirements`,
        })),
        'beta',
      );
      const out: Record<string, PerUserMfaState> = {};
      unique.forEach((id, i) => {
        const r = res.get(String(i));
        // Any failure (a refusal, a user the beta endpoint does not know) is the whole read's, and says why.
        if (!ok(r)) bodyOf(r, { ...op, target: `/beta/users/${id}/authentication/requirements` });
        const state = (r!.body as { perUserMfaState?: string }).perUserMfaState;
        if (state === 'disabled' || state === 'enabled' || state === 'enforced') out[id] = state;
      });
      return out;
    },

    async setPerUserMfa(userId, state) {
      await http.write(
        { name: 'graph.perUserMfa.write', target: userId },
        (req) =>
          req(`/users/${encodeURIComponent(userId)}/authentication/requirements`, 'beta').patch({
            perUserMfaState: state,
          }) as Promise<unknown>,
      );
    },

    async getAuthMethods(userIds) {
      const op: OperationDescriptor = { name: 'graph.authMethods.read' };
      const unique = [...new Set(userIds)];
      const kinds = ['windowsHelloForBusinessMethods', 'fido2Methods', 'microsoftAuthenticatorMethods'] as const;
      const requests: BatchRequest[] = [];
      unique.forEach((id, i) => {
        const user = encodeURIComponent(id);
        for (const kind of kinds) {
          requests.push({ id: `${i}:${kind}`, method: 'GET', url: `/users/${user}/authentication/${kind}?$select=id` });
        }
        requests.push({
          id: `${i}:registration`,
          method: 'GET',
          url: `/reports/authenticationMethods/userRegistrationDetails/${user}`,
        });
      });
      const res = await http.batch(op, requests);
      const out: Record<string, AuthMethodFacts> = {};
      await Promise.all(
        unique.map(async (id, i) => {
          const count = async (kind: (typeof kinds)[number]) => {
            const body = bodyOf<{ value?: unknown[] }>(res.get(`${i}:${kind}`), { ...op, target: id });
            return (await restOf(op, body)).length;
          };
          const facts: AuthMethodFacts = {
            windowsHelloForBusiness: await count('windowsHelloForBusinessMethods'),
            fido2: await count('fido2Methods'),
            microsoftAuthenticator: await count('microsoftAuthenticatorMethods'),
            methodsRegistered: [],
          };
          // Registration details need AuditLog.Read.All and a P1/P2 licence (and list only users the report
          // knows): optional, but a refusal is recorded so that discovery can say what it could not read.
          const reg = res.get(`${i}:registration`);
          if (reg?.status === 401) bodyOf(reg, op);
          if (reg && !ok(reg)) {
            try {
              bodyOf(reg, { name: 'graph.registrationDetails.read', target: id });
            } catch (e) {
              facts.registrationUnread = e as UserError;
            }
          }
          if (ok(reg)) {
            Object.assign(facts, registrationFacts(reg!.body as RegistrationDetails));
          }
          out[id] = facts;
        }),
      );
      return out;
    },

    async listSignIns(query) {
      const op: OperationDescriptor = { name: 'graph.signIns.read', target: query.userId };
      const max = query.max ?? 500;
      const { items, truncated } = await http.listUpTo<RawSignIn>(
        op,
        `/auditLogs/signIns?$filter=${signInFilter(query)}&$top=${Math.min(max, 1000)}`,
        // authenticationRequirement and authenticationDetails are beta-only; reportOnly* results need the header.
        { version: 'beta', max, headers: { Prefer: 'include-unknown-enum-members' } },
      );
      const signIns = items.map(toSignInFacts);
      signIns.sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
      return { signIns, truncated };
    },

    async evaluateWhatIf(input) {
      const op: OperationDescriptor = { name: 'graph.ca.evaluate', target: input.userId };
      const body = {
        signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: input.userId },
        signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [input.appId] },
        signInConditions: {
          clientAppType: input.clientAppType,
          ...(input.devicePlatform ? { devicePlatform: input.devicePlatform } : {}),
        },
        appliedPoliciesOnly: false,
      };
      const res = await http.query<{
        value?: {
          id: string;
          displayName?: string;
          state?: string;
          policyApplies?: boolean;
          analysisReasons?: string;
        }[];
      }>(op, '/identity/conditionalAccess/evaluate', body);
      return (res.value ?? []).map((r) => ({
        policyId: r.id,
        displayName: r.displayName ?? r.id,
        state: r.state ?? 'unknown',
        policyApplies: r.policyApplies === true,
        analysisReasons: r.analysisReasons ?? 'notSet',
      }));
    },

    async hasEntraP1() {
      const skus = await http.list<{ capabilityStatus?: string; servicePlans?: { servicePlanId?: string }[] }>(
        { name: 'graph.licences.read' },
        '/subscribedSkus?$select=capabilityStatus,servicePlans',
      );
      const plans = new Set<string>([SERVICE_PLAN_IDS.entraP1, SERVICE_PLAN_IDS.entraP2]);
      return skus.some(
        (sku) =>
          sku.capabilityStatus === 'Enabled' &&
          (sku.servicePlans ?? []).some((p) => p.servicePlanId !== undefined && plans.has(p.servicePlanId)),
      );
    },
  };
}
