/**
 * ARM request routing. Paths are matched case-insensitively on decoded segments (ARM ids are
 * case-insensitive); every ARM path needs `api-version`.
 */
import { armError, type EmuRequest, type EmuResponse, eqi, json, segments } from '../http';
import { key } from '../state';
import {
  deleteRoleAssignment,
  getRoleAssignment,
  getRoleDefinition,
  listRoleAssignments,
  listRoleDefinitions,
  putRoleAssignment,
} from './authorization';
import { type ArmContext, denied, page, resourceGroupNotFound, seesSubscription, subscriptionNotFound } from './common';
import {
  findVm,
  getExtension,
  getExtensionVersion,
  getInstanceView,
  getVm,
  listExtensions,
  listExtensionVersions,
  listVms,
  operationStatus,
  patchVm,
  putExtension,
  startVm,
} from './compute';
import { findArcMachine, listArcMachines, routeArcMachine } from './hybrid';
import { getNetworkResource, getSubnet, listNetworkResources, NETWORK_KINDS } from './network';
import { routePolicyAssignment, routePolicyDefinition, routePolicyInsights } from './policy';
import { armAction, armScope } from './rbac';

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview|-beta)?$/;

export function handleArm(req: EmuRequest, ctx: ArmContext): EmuResponse {
  const apiVersion = req.query.get('api-version');
  if (!apiVersion) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!API_VERSION.test(apiVersion)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '2022-12-01,2025-04-01,2026-04-01'.`,
    );
  }
  // Reads the caller may not make (a resource group or subscription it cannot see) are refused up front, the
  // way ARM authorizes before it routes; writes keep their handlers' own, more specific checks.
  if (req.method === 'GET') {
    const refused = denied(ctx, armAction(req.method, req.path), armScope(req.path));
    if (refused) return refused;
  }
  const segs = segments(req.path);
  const authz = segs.findIndex(
    (s, i) => eqi(s, 'providers') && eqi(segs[i + 1], 'Microsoft.Authorization') && i + 2 < segs.length,
  );
  if (authz !== -1) return routeAuthorization(req, ctx, segs, authz);
  const insights = segs.findIndex(
    (s, i) => eqi(s, 'providers') && eqi(segs[i + 1], 'Microsoft.PolicyInsights') && i + 2 < segs.length,
  );
  if (insights !== -1) {
    return routePolicyInsights(
      req,
      ctx,
      insights === 0 ? '' : `/${segs.slice(0, insights).join('/')}`,
      segs.slice(insights + 2),
    );
  }
  if (eqi(segs[0], 'tenants') && segs.length === 1) return tenants(req, ctx);
  if (!eqi(segs[0], 'subscriptions')) return noRoute(req);
  if (segs.length === 1) return subscriptions(req, ctx);
  const sub = ctx.state.subscriptions.find((s) => eqi(s.id, segs[1]));
  if (!sub) return subscriptionNotFound(segs[1]!);
  if (segs.length === 2) return req.method === 'GET' ? json(200, subscriptionJson(ctx, sub)) : methodNotAllowed(req);
  const rest = segs.slice(2);
  if (eqi(rest[0], 'providers')) return routeSubscriptionProviders(req, ctx, sub.id, rest.slice(1));
  if (eqi(rest[0], 'resourceGroups')) return routeResourceGroup(req, ctx, sub.id, rest.slice(1));
  return noRoute(req);
}

function routeSubscriptionProviders(req: EmuRequest, ctx: ArmContext, sub: string, p: string[]): EmuResponse {
  const [ns, type, ...more] = p;
  if (req.method !== 'GET') return methodNotAllowed(req);
  if (eqi(ns, 'Microsoft.Compute') && eqi(type, 'virtualMachines') && more.length === 0) return listVms(req, ctx, sub);
  if (eqi(ns, 'Microsoft.HybridCompute') && eqi(type, 'machines') && more.length === 0) {
    return listArcMachines(req, ctx, sub);
  }
  // locations/{location}/operationStatus/{id}: the Azure-AsyncOperation of an Arc extension install.
  if (
    eqi(ns, 'Microsoft.HybridCompute') &&
    eqi(type, 'locations') &&
    eqi(more[1], 'operationStatus') &&
    more.length === 3
  ) {
    return operationStatus(ctx, sub, more[2]!);
  }
  if (eqi(ns, 'Microsoft.Compute') && eqi(type, 'locations') && more.length >= 3) {
    const [location, what, ...tail] = more;
    if (eqi(what, 'operations') && tail.length === 1) return operationStatus(ctx, sub, tail[0]!);
    // publishers/{pub}/artifacttypes/vmextension/types/{type}/versions[/{v}]
    if (
      eqi(what, 'publishers') &&
      eqi(tail[1], 'artifacttypes') &&
      eqi(tail[2], 'vmextension') &&
      eqi(tail[3], 'types') &&
      eqi(tail[5], 'versions')
    ) {
      if (tail.length === 6) return listExtensionVersions(req, sub, location!, tail[0]!, tail[4]!);
      if (tail.length === 7) return getExtensionVersion(sub, location!, tail[0]!, tail[4]!, tail[6]!);
    }
  }
  if (eqi(ns, 'Microsoft.Network') && more.length === 0) {
    const kind = NETWORK_KINDS.find((k) => eqi(k, type));
    if (kind) return listNetworkResources(req, ctx, kind, sub);
  }
  return noRoute(req);
}

function routeResourceGroup(req: EmuRequest, ctx: ArmContext, sub: string, p: string[]): EmuResponse {
  const groups = resourceGroups(ctx, sub);
  if (p.length === 0) {
    return req.method === 'GET'
      ? page(req, ctx, [...groups.values()], (g) => groupJson(sub, g))
      : methodNotAllowed(req);
  }
  const group = groups.get(p[0]!.toLowerCase());
  if (!group) return resourceGroupNotFound(p[0]!);
  if (p.length === 1) return req.method === 'GET' ? json(200, groupJson(sub, group)) : methodNotAllowed(req);
  if (!eqi(p[1], 'providers')) return noRoute(req);
  const [ns, type, name, child, childName, ...extra] = p.slice(2);
  const rgName = group.name;
  if (eqi(ns, 'Microsoft.Compute') && eqi(type, 'virtualMachines')) {
    if (name === undefined) return req.method === 'GET' ? listVms(req, ctx, sub, rgName) : methodNotAllowed(req);
    const vm = findVm(ctx, sub, rgName, name);
    if (!vm) return notFoundResource('Microsoft.Compute/virtualMachines', name, rgName);
    if (child === undefined) {
      if (req.method === 'GET') return getVm(req, ctx, vm);
      if (req.method === 'PATCH') return patchVm(req, ctx, vm);
      return methodNotAllowed(req);
    }
    if (eqi(child, 'instanceView') && childName === undefined && req.method === 'GET') return getInstanceView(ctx, vm);
    if (eqi(child, 'start') && childName === undefined)
      return req.method === 'POST' ? startVm(req, ctx, vm) : methodNotAllowed(req);
    if (eqi(child, 'extensions') && extra.length === 0) {
      if (childName === undefined) return req.method === 'GET' ? listExtensions(req, vm) : methodNotAllowed(req);
      if (req.method === 'GET') return getExtension(req, vm, childName);
      if (req.method === 'PUT') return putExtension(req, ctx, vm, childName);
      return methodNotAllowed(req);
    }
    return noRoute(req);
  }
  if (eqi(ns, 'Microsoft.HybridCompute') && eqi(type, 'machines')) {
    if (name === undefined)
      return req.method === 'GET' ? listArcMachines(req, ctx, sub, rgName) : methodNotAllowed(req);
    const machine = findArcMachine(ctx, sub, rgName, name);
    if (!machine) return notFoundResource('Microsoft.HybridCompute/machines', name, rgName);
    if (extra.length > 0) return noRoute(req);
    return routeArcMachine(req, ctx, machine, child, childName);
  }
  if (eqi(ns, 'Microsoft.Network')) {
    const kind = NETWORK_KINDS.find((k) => eqi(k, type));
    if (!kind || req.method !== 'GET') return kind ? methodNotAllowed(req) : noRoute(req);
    if (name === undefined) return listNetworkResources(req, ctx, kind, sub, rgName);
    const id = `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.Network/${kind}/${name}`;
    if (child === undefined) return getNetworkResource(ctx, kind, id);
    if (kind === 'virtualNetworks' && eqi(child, 'subnets') && childName !== undefined && extra.length === 0) {
      const vnet = ctx.state.vnets.get(key(id));
      return getSubnet(ctx, vnet?.id ?? id, childName);
    }
  }
  return noRoute(req);
}

/** `{scope}/providers/Microsoft.Authorization/{roleAssignments|roleDefinitions}[/{name}]`. */
function routeAuthorization(req: EmuRequest, ctx: ArmContext, segs: string[], i: number): EmuResponse {
  const scope = segs.length === 0 || i === 0 ? '' : `/${segs.slice(0, i).join('/')}`;
  const [collection, name, ...extra] = segs.slice(i + 2);
  if (extra.length > 0) return noRoute(req);
  if (eqi(collection, 'roleAssignments')) {
    if (name === undefined) return req.method === 'GET' ? listRoleAssignments(req, ctx, scope) : methodNotAllowed(req);
    if (req.method === 'PUT') return putRoleAssignment(req, ctx, scope, name);
    if (req.method === 'GET') return getRoleAssignment(ctx, scope, name);
    if (req.method === 'DELETE') return deleteRoleAssignment(ctx, scope, name);
    return methodNotAllowed(req);
  }
  if (eqi(collection, 'policyDefinitions')) return routePolicyDefinition(req, ctx, scope, name);
  if (eqi(collection, 'policyAssignments')) return routePolicyAssignment(req, ctx, scope, name);
  if (eqi(collection, 'roleDefinitions') && req.method === 'GET') {
    return name === undefined ? listRoleDefinitions(req, ctx, scope) : getRoleDefinition(scope, name);
  }
  return noRoute(req);
}

function subscriptionJson(ctx: ArmContext, s: { id: string; displayName: string; state: string }) {
  return {
    id: `/subscriptions/${s.id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.id,
    tenantId: ctx.state.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

function subscriptions(req: EmuRequest, ctx: ArmContext): EmuResponse {
  if (req.method !== 'GET') return methodNotAllowed(req);
  // The listing shows only subscriptions the caller can read, as ARM's does.
  const visible = ctx.state.subscriptions.filter((s) => seesSubscription(ctx, s.id));
  return page(req, ctx, visible, (s) => subscriptionJson(ctx, s));
}

function tenants(req: EmuRequest, ctx: ArmContext): EmuResponse {
  if (req.method !== 'GET') return methodNotAllowed(req);
  return json(200, {
    value: [
      {
        id: `/tenants/${ctx.state.tenantId}`,
        tenantId: ctx.state.tenantId,
        tenantCategory: 'Home',
        country: 'US',
        countryCode: 'US',
        displayName: ctx.state.tenantDisplayName,
        domains: [ctx.state.defaultDomain],
        defaultDomain: ctx.state.defaultDomain,
        tenantType: 'AAD',
      },
    ],
  });
}

interface Group {
  name: string;
  location: string;
}

/** Resource groups are implied by the resources and assignments in them. */
function resourceGroups(ctx: ArmContext, sub: string): Map<string, Group> {
  const out = new Map<string, Group>();
  const add = (id: string, location: string) => {
    const parts = id.split('/');
    if (!eqi(parts[2], sub) || !eqi(parts[3], 'resourceGroups') || !parts[4]) return;
    if (!out.has(parts[4].toLowerCase())) out.set(parts[4].toLowerCase(), { name: parts[4], location });
  };
  for (const m of [
    ctx.state.vms,
    ctx.state.nics,
    ctx.state.nsgs,
    ctx.state.vnets,
    ctx.state.bastions,
    ctx.state.arcMachines,
  ]) {
    for (const r of m.values()) add(r.id, r.location);
  }
  for (const a of ctx.state.roleAssignments) add(a.scope, 'westeurope');
  return out;
}

function groupJson(sub: string, g: Group) {
  return {
    id: `/subscriptions/${sub}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

function notFoundResource(type: string, name: string, rg: string): EmuResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function noRoute(req: EmuRequest): EmuResponse {
  return armError(404, 'InvalidResourceType', `No route registered for '${req.method} ${req.path}'.`);
}

function methodNotAllowed(req: EmuRequest): EmuResponse {
  return armError(405, 'MethodNotAllowed', `The requested method '${req.method}' is not allowed for '${req.path}'.`);
}
