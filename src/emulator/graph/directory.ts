/** Directory objects: organization, users, groups, memberships, devices, service principals, subscribed SKUs. */
import { FIRST_PARTY_APPS } from '../catalog';
import { type EmuRequest, type EmuResponse, eqi, graphError, isGuid, json, noContent } from '../http';
import type { DeviceModel, GroupModel, ServicePrincipalModel, TenantState, UserModel } from '../state';
import { key } from '../state';
import { collection, entity, type GraphContextBase, notFound } from './odata';

export interface GraphContext extends GraphContextBase {
  state: TenantState;
  now(): number;
}

const DIRECTORY_ROLES: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

export function userJson(u: UserModel): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(' ');
  return {
    id: u.id,
    businessPhones: [],
    displayName: u.displayName,
    givenName: given ?? null,
    jobTitle: null,
    mail: u.mail ?? null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.join(' ') || null,
    userPrincipalName: u.userPrincipalName,
    userType: u.userType,
    accountEnabled: u.accountEnabled,
    createdDateTime: u.createdDateTime,
  };
}

/** Graph's default user projection leaves out userType, accountEnabled and createdDateTime (select them). */
export function userDefaults(item: Record<string, unknown>): Record<string, unknown> {
  const { userType: _t, accountEnabled: _a, createdDateTime: _c, ...rest } = item;
  return rest;
}

export function groupJson(g: GroupModel): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description ?? null,
    securityEnabled: true,
    mailEnabled: false,
    mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, ''),
    groupTypes: [],
    createdDateTime: '2026-11-01T08:00:00Z',
  };
}

export function deviceJson(d: DeviceModel): Record<string, unknown> {
  return {
    id: d.id,
    deviceId: d.deviceId,
    displayName: d.displayName,
    accountEnabled: d.accountEnabled,
    operatingSystem: d.operatingSystem,
    operatingSystemVersion: d.operatingSystemVersion,
    trustType: d.trustType,
    profileType: 'RegisteredDevice',
    registrationDateTime: d.registrationDateTime,
    approximateLastSignInDateTime: d.approximateLastSignInDateTime ?? d.registrationDateTime,
    // An Azure VM's join names the VM's resource id, as Entra ID records it for extension joins.
    physicalIds: d.registeredByVmId ? [`[AzureResourceId]:${d.registeredByVmId}`] : [],
    isCompliant: d.isCompliant ?? null,
    isManaged: null,
  };
}

export function spJson(sp: ServicePrincipalModel, tenantId: string): Record<string, unknown> {
  return {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    appDisplayName: sp.servicePrincipalType === 'Application' ? sp.displayName : null,
    accountEnabled: true,
    servicePrincipalType: sp.servicePrincipalType,
    appOwnerOrganizationId:
      sp.servicePrincipalType === 'Application' ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : tenantId,
    servicePrincipalNames:
      sp.servicePrincipalType === 'Application' ? [sp.appId] : [sp.appId, `https://identity.azure.net/${sp.id}`],
    tags: [],
  };
}

/** A user by object id or UPN (case-insensitive), as `/users/{id|upn}` resolves it. */
export function findUser(state: TenantState, ref: string): UserModel | undefined {
  const byId = state.users.get(key(ref));
  if (byId) return byId;
  for (const u of state.users.values()) if (eqi(u.userPrincipalName, ref)) return u;
  return undefined;
}

function directMemberOf(state: TenantState, id: string): GroupModel[] {
  return [...state.groups.values()].filter((g) => g.members.some((m) => eqi(m, id)));
}

function transitiveGroups(state: TenantState, id: string): GroupModel[] {
  const seen = new Map<string, GroupModel>();
  const queue = [id];
  while (queue.length) {
    for (const g of directMemberOf(state, queue.pop()!)) {
      if (!seen.has(g.id)) {
        seen.set(g.id, g);
        queue.push(g.id);
      }
    }
  }
  return [...seen.values()];
}

export function organization(req: EmuRequest, ctx: GraphContext): EmuResponse {
  const s = ctx.state;
  return collection(req, ctx, 'organization', [
    {
      id: s.tenantId,
      displayName: s.tenantDisplayName,
      tenantType: 'AAD',
      countryLetterCode: 'US',
      verifiedDomains: [
        {
          name: s.defaultDomain,
          type: 'Managed',
          isDefault: true,
          isInitial: false,
          capabilities: 'Email, OfficeCommunicationsOnline',
        },
        {
          name: `${s.tenantDisplayName.toLowerCase().replace(/\s+/g, '')}.onmicrosoft.com`,
          type: 'Managed',
          isDefault: false,
          isInitial: true,
          capabilities: 'Email, OfficeCommunicationsOnline',
        },
      ],
    },
  ]);
}

export function users(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  if (rest.length === 0) {
    if (req.method !== 'GET')
      return graphError(405, 'Request_BadRequest', `${req.method} is not supported on users here.`);
    return collection(req, ctx, 'users', [...ctx.state.users.values()].map(userJson), userDefaults);
  }
  const user = findUser(ctx.state, rest[0]!);
  if (!user) return notFound(rest[0]!);
  if (rest.length === 1) return { ...entity(req, ctx, 'users', userJson(user), userDefaults), target: user.id };
  if (rest[1] === 'transitiveMemberOf' && rest.length === 2) {
    const groups = transitiveGroups(ctx.state, user.id).map((g) => ({
      '@odata.type': '#microsoft.graph.group',
      ...groupJson(g),
    }));
    const roles = user.roleTemplateIds.map((t) => ({
      '@odata.type': '#microsoft.graph.directoryRole',
      id: `${t.slice(0, 24)}${user.id.slice(24)}`,
      displayName: DIRECTORY_ROLES[t] ?? 'Directory role',
      description: null,
      roleTemplateId: t,
    }));
    return collection(req, ctx, 'directoryObjects', [...groups, ...roles]);
  }
  if (rest[1] === 'memberOf' && rest.length === 2) {
    return collection(
      req,
      ctx,
      'directoryObjects',
      directMemberOf(ctx.state, user.id).map((g) => ({ '@odata.type': '#microsoft.graph.group', ...groupJson(g) })),
    );
  }
  return graphError(400, 'BadRequest', `Resource not found for the segment '${rest[1]}'.`);
}

export function groups(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  if (rest.length === 0) return collection(req, ctx, 'groups', [...ctx.state.groups.values()].map(groupJson));
  const group = ctx.state.groups.get(key(rest[0]!));
  if (!group) return notFound(rest[0]!);
  if (rest.length === 1) return { ...entity(req, ctx, 'groups', groupJson(group)), target: group.id };
  if ((rest[1] === 'members' || rest[1] === 'transitiveMembers') && rest.length === 2) {
    const ids = rest[1] === 'members' ? group.members : transitiveMembers(ctx.state, group);
    const members = ids.flatMap((id) => {
      const u = ctx.state.users.get(key(id));
      if (u) return [{ '@odata.type': '#microsoft.graph.user', ...userJson(u) }];
      const g = ctx.state.groups.get(key(id));
      return g ? [{ '@odata.type': '#microsoft.graph.group', ...groupJson(g) }] : [];
    });
    return collection(req, ctx, 'directoryObjects', members);
  }
  return graphError(400, 'BadRequest', `Resource not found for the segment '${rest[1]}'.`);
}

function transitiveMembers(state: TenantState, group: GroupModel): string[] {
  const out = new Set<string>();
  const queue = [...group.members];
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    const nested = state.groups.get(key(id));
    if (nested) queue.push(...nested.members);
  }
  return [...out];
}

export function devices(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  if (rest.length === 0) return collection(req, ctx, 'devices', [...ctx.state.devices.values()].map(deviceJson));
  const d = ctx.state.devices.get(key(rest[0]!));
  if (!d || rest.length > 1) return notFound(rest[0]!);
  if (req.method === 'DELETE') {
    if (ctx.state.caller.deniedGraphWrites.includes('devices')) {
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    ctx.state.devices.delete(key(d.id));
    return { ...noContent(), target: d.id };
  }
  if (req.method !== 'GET') return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
  return entity(req, ctx, 'devices', deviceJson(d));
}

/** `servicePrincipals`, `servicePrincipals/{id}`, `servicePrincipals(appId='…')`, POST `{appId}`. */
export function servicePrincipals(req: EmuRequest, ctx: GraphContext, head: string, rest: string[]): EmuResponse {
  const all = () => [...ctx.state.servicePrincipals.values()];
  const alt = /^servicePrincipals\(appId='([^']*)'\)$/i.exec(head);
  if (alt) {
    const sp = all().find((s) => eqi(s.appId, alt[1]));
    if (!sp) return notFound(`appId='${alt[1]}'`);
    return entity(req, ctx, 'servicePrincipals', spJson(sp, ctx.state.tenantId));
  }
  if (rest.length === 0) {
    if (req.method === 'POST') return createServicePrincipal(req, ctx);
    return collection(
      req,
      ctx,
      'servicePrincipals',
      all().map((sp) => spJson(sp, ctx.state.tenantId)),
    );
  }
  const sp = ctx.state.servicePrincipals.get(key(rest[0]!));
  if (!sp || rest.length > 1) return notFound(rest[0]!);
  return entity(req, ctx, 'servicePrincipals', spJson(sp, ctx.state.tenantId));
}

function createServicePrincipal(req: EmuRequest, ctx: GraphContext): EmuResponse {
  const appId = (req.body as { appId?: unknown } | undefined)?.appId;
  if (typeof appId !== 'string' || !isGuid(appId)) {
    return graphError(
      400,
      'Request_BadRequest',
      "Invalid value specified for property 'appId' of resource 'ServicePrincipal'.",
    );
  }
  const displayName = FIRST_PARTY_APPS[appId.toLowerCase()];
  if (!displayName) {
    return graphError(
      400,
      'Request_BadRequest',
      `The appId '${appId}' of the service principal does not reference a valid application object.`,
    );
  }
  if ([...ctx.state.servicePrincipals.values()].some((s) => eqi(s.appId, appId))) {
    return graphError(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      'Another object with the same value for property servicePrincipalNames already exists.',
    );
  }
  const sp: ServicePrincipalModel = {
    id: crypto.randomUUID(),
    appId: appId.toLowerCase(),
    displayName,
    servicePrincipalType: 'Application',
    createdAtMs: ctx.now(),
  };
  ctx.state.servicePrincipals.set(key(sp.id), sp);
  return {
    ...json(201, {
      '@odata.context': `${ctx.graphBase}/${ctx.version}/$metadata#servicePrincipals/$entity`,
      ...spJson(sp, ctx.state.tenantId),
    }),
    target: sp.id,
  };
}

export function subscribedSkus(req: EmuRequest, ctx: GraphContext): EmuResponse {
  return collection(
    req,
    ctx,
    'subscribedSkus',
    ctx.state.skus.map((s) => ({
      capabilityStatus: s.capabilityStatus,
      consumedUnits: s.consumedUnits,
      id: `${ctx.state.tenantId}_${s.skuId}`,
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      appliesTo: 'User',
      prepaidUnits: { enabled: s.enabledUnits, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: s.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success', appliesTo: 'User' })),
    })),
  );
}
