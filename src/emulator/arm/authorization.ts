/**
 * Microsoft.Authorization (api 2022-04-01): role assignments at subscription, resource group or resource
 * scope with the real validation order and error codes, list filters `atScope()`, `principalId eq`,
 * `assignedTo()`, and built-in role definitions.
 */
import { isUnderManagementGroup } from '../../core/scopes';
import { findRole, ROLE_DEFINITIONS, type RoleDefinition } from '../catalog';
import { armError, type EmuRequest, type EmuResponse, eqi, isGuid, json } from '../http';
import type { RoleAssignmentModel, TenantState } from '../state';
import { key } from '../state';
import { type ArmContext, denied, objectBody, page, subscriptionNotFound } from './common';

const WRITE_ACTION = 'Microsoft.Authorization/roleAssignments/write';
const DELETE_ACTION = 'Microsoft.Authorization/roleAssignments/delete';

const hex32 = (id: string) => id.replace(/-/g, '').toLowerCase();

/** `true` when `outer` is `inner` or one of its ancestors. */
function covers(outer: string, inner: string): boolean {
  const o = outer.toLowerCase().replace(/\/+$/, '');
  const i = inner.toLowerCase().replace(/\/+$/, '');
  return o === '' || o === i || i.startsWith(`${o}/`);
}

function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

export function roleDefinitionId(scope: string, guid: string): string {
  const sub = subscriptionOf(scope);
  return `${sub ? `/subscriptions/${sub}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function assignmentJson(a: RoleAssignmentModel): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(a.scope, a.roleDefinitionGuid),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: a.description ?? null,
    },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

/** Resource groups that exist: every group that holds a modelled resource or an assignment. */
function resourceGroupExists(state: TenantState, sub: string, rg: string): boolean {
  const prefix = `/subscriptions/${sub}/resourcegroups/${rg}/`.toLowerCase();
  const maps = [state.vms, state.nics, state.nsgs, state.vnets, state.bastions, state.arcMachines];
  if (maps.some((m) => [...m.keys()].some((k) => k.startsWith(prefix)))) return true;
  return state.roleAssignments.some((a) => `${a.scope.toLowerCase()}/`.startsWith(prefix));
}

/** Validates a scope; answers the error ARM gives for a scope it cannot use. */
export function checkScope(ctx: ArmContext, scope: string): EmuResponse | undefined {
  if (isUnderManagementGroup(scope)) return undefined;
  const m =
    /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/[^/]+\/[^/]+\/[^/]+(?:\/[^/]+\/[^/]+)*)?)?$/i.exec(
      scope,
    );
  if (!m)
    return armError(
      400,
      'InvalidScope',
      `The scope '${scope}' is not a valid subscription, resource group or resource scope.`,
    );
  const [, sub, rg, resource] = m;
  if (!ctx.state.subscriptions.some((s) => eqi(s.id, sub))) return subscriptionNotFound(sub!);
  if (rg && !resourceGroupExists(ctx.state, sub!, rg)) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }
  if (resource) {
    const id = key(scope);
    const maps = [
      ctx.state.vms,
      ctx.state.nics,
      ctx.state.nsgs,
      ctx.state.vnets,
      ctx.state.bastions,
      ctx.state.arcMachines,
    ];
    const modelled =
      /\/providers\/(Microsoft\.Compute\/virtualMachines|Microsoft\.HybridCompute\/machines|Microsoft\.Network\/(networkInterfaces|networkSecurityGroups|virtualNetworks|bastionHosts))\//i.test(
        scope,
      );
    if (modelled && !maps.some((map) => map.has(id))) {
      const type = /\/providers\/([^/]+\/[^/]+)\/([^/]+)/i.exec(resource)!;
      return armError(
        404,
        'ResourceNotFound',
        `The Resource '${type[1]}/${type[2]}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
  }
  return undefined;
}

function principalKind(state: TenantState, id: string): 'User' | 'Group' | 'ServicePrincipal' | undefined {
  const k = key(id);
  if (state.users.has(k)) return 'User';
  if (state.groups.has(k)) return 'Group';
  if (state.servicePrincipals.has(k)) return 'ServicePrincipal';
  return undefined;
}

export function putRoleAssignment(req: EmuRequest, ctx: ArmContext, scope: string, name: string): EmuResponse {
  const target = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const result = createAssignment(req, ctx, scope, name);
  return { ...result, target };
}

function createAssignment(req: EmuRequest, ctx: ArmContext, scope: string, name: string): EmuResponse {
  const scopeError = checkScope(ctx, scope);
  if (scopeError) return scopeError;
  if (!isGuid(name)) {
    return armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const deny = denied(ctx, WRITE_ACTION, scope);
  if (deny) return deny;
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const props = (parsed.body.properties ?? {}) as Record<string, unknown>;
  const roleDefinitionIdIn = String(props.roleDefinitionId ?? '');
  const roleGuid = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionIdIn)?.[1];
  const role = roleGuid ? findRole(roleGuid) : undefined;
  if (!role) {
    return armError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuid ? hex32(roleGuid) : roleDefinitionIdIn}' does not exist.`,
    );
  }
  if (isUnderManagementGroup(scope)) {
    return role.dataActions.length > 0
      ? armError(
          400,
          'InvalidRoleAssignmentScope',
          `The role definition '${role.roleName}' contains data actions and cannot be assigned at management group scope '${scope}'. Assign it at a subscription, resource group or resource scope.`,
        )
      : armError(400, 'InvalidScope', `Management group scopes are not modelled by this tenant: '${scope}'.`);
  }
  const principalId = String(props.principalId ?? '');
  const principalType = typeof props.principalType === 'string' ? props.principalType : undefined;
  const kind = isGuid(principalId) ? principalKind(ctx.state, principalId) : undefined;
  const sp = ctx.state.servicePrincipals.get(key(principalId));
  const replicating =
    sp !== undefined &&
    principalType === undefined &&
    ctx.now() - sp.createdAtMs < ctx.state.principalReplicationDelayMs;
  if (!kind || replicating) {
    return armError(
      400,
      'PrincipalNotFound',
      `Principal ${hex32(principalId)} does not exist in the directory ${ctx.state.tenantId}. Check that you have the ` +
        `correct principal ID. If you are creating this principal and then immediately assigning a role, this error ` +
        `might be related to a replication delay. In this case, set the role assignment principalType property to a ` +
        `value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  if (principalType !== undefined && principalType !== kind) {
    return armError(
      400,
      'PrincipalTypeNotSupported',
      `The principal type '${principalType}' does not match the type '${kind}' of principal ${principalId}.`,
    );
  }
  const same = ctx.state.roleAssignments.find((a) => eqi(a.name, name));
  if (same) {
    const identical =
      eqi(same.scope, scope) && eqi(same.principalId, principalId) && same.roleDefinitionGuid === role.guid;
    if (identical) return json(200, assignmentJson(same));
    return armError(
      409,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const duplicate = ctx.state.roleAssignments.find(
    (a) => eqi(a.scope, scope) && eqi(a.principalId, principalId) && a.roleDefinitionGuid === role.guid,
  );
  if (duplicate) {
    return armError(
      409,
      'RoleAssignmentExists',
      `The role assignment already exists. The ID of the existing role assignment is ${hex32(duplicate.name)}.`,
    );
  }
  const created: RoleAssignmentModel = {
    name: name.toLowerCase(),
    scope,
    roleDefinitionGuid: role.guid,
    principalId: principalId.toLowerCase(),
    principalType: kind,
    description: typeof props.description === 'string' ? props.description : undefined,
    createdOn: new Date(ctx.now()).toISOString(),
  };
  ctx.state.roleAssignments.push(created);
  return json(201, assignmentJson(created));
}

export function getRoleAssignment(ctx: ArmContext, scope: string, name: string): EmuResponse {
  const a = ctx.state.roleAssignments.find((x) => eqi(x.name, name) && eqi(x.scope, scope));
  if (!a) return armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
  return {
    ...json(200, assignmentJson(a)),
    target: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
  };
}

export function deleteRoleAssignment(ctx: ArmContext, scope: string, name: string): EmuResponse {
  const target = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const deny = denied(ctx, DELETE_ACTION, scope);
  if (deny) return { ...deny, target };
  const i = ctx.state.roleAssignments.findIndex((x) => eqi(x.name, name) && eqi(x.scope, scope));
  if (i === -1) return { status: 204, target };
  const [removed] = ctx.state.roleAssignments.splice(i, 1);
  return { ...json(200, assignmentJson(removed!)), target };
}

/** Groups that contain `principalId`, directly or through nested groups. */
function groupsOf(state: TenantState, principalId: string): Set<string> {
  const found = new Set<string>();
  const queue = [principalId.toLowerCase()];
  while (queue.length > 0) {
    const member = queue.pop()!;
    for (const g of state.groups.values()) {
      const gid = g.id.toLowerCase();
      if (!found.has(gid) && g.members.some((m) => m.toLowerCase() === member)) {
        found.add(gid);
        queue.push(gid);
      }
    }
  }
  return found;
}

export function listRoleAssignments(req: EmuRequest, ctx: ArmContext, scope: string): EmuResponse {
  const scopeError = checkScope(ctx, scope);
  if (scopeError) return scopeError;
  const filter = (req.query.get('$filter') ?? '').trim();
  let atScopeOnly = false;
  let principals: Set<string> | undefined;
  for (const clause of filter === '' ? [] : filter.split(/\s+and\s+/i)) {
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(clause.trim());
    const assignedTo = /^assignedTo\('([^']+)'\)$/i.exec(clause.trim());
    if (/^atScope\(\)$/i.test(clause.trim())) atScopeOnly = true;
    else if (principal) principals = new Set([principal[1]!.toLowerCase()]);
    else if (assignedTo) principals = new Set([assignedTo[1]!.toLowerCase(), ...groupsOf(ctx.state, assignedTo[1]!)]);
    else {
      return armError(
        400,
        'UnsupportedQuery',
        `The filter '${filter}' is not supported. Supported filters are atScope(), principalId eq '{id}' and assignedTo('{id}').`,
      );
    }
  }
  const items = ctx.state.roleAssignments.filter((a) => {
    if (principals && !principals.has(a.principalId.toLowerCase())) return false;
    return covers(a.scope, scope) || (!atScopeOnly && covers(scope, a.scope));
  });
  return page(req, ctx, items, assignmentJson);
}

function definitionJson(scope: string, r: RoleDefinition): Record<string, unknown> {
  return {
    properties: {
      roleName: r.roleName,
      type: 'BuiltInRole',
      description: r.description,
      assignableScopes: ['/'],
      permissions: [{ actions: r.actions, notActions: [], dataActions: r.dataActions, notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2025-06-19T15:22:31.6813284Z',
      createdBy: null,
      updatedBy: null,
    },
    id: roleDefinitionId(scope, r.guid),
    type: 'Microsoft.Authorization/roleDefinitions',
    name: r.guid,
  };
}

export function getRoleDefinition(scope: string, guid: string): EmuResponse {
  const r = findRole(guid);
  if (!r) return armError(404, 'RoleDefinitionDoesNotExist', `The role definition '${guid}' could not be found.`);
  return json(200, definitionJson(scope, r));
}

export function listRoleDefinitions(req: EmuRequest, ctx: ArmContext, scope: string): EmuResponse {
  const filter = req.query.get('$filter');
  const byName = filter ? /^roleName\s+eq\s+'([^']+)'$/i.exec(filter.trim()) : null;
  if (filter && !byName) return armError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported.`);
  const items = ROLE_DEFINITIONS.filter((r) => !byName || eqi(r.roleName, byName[1]));
  return page(req, ctx, items, (r) => definitionJson(scope, r));
}
