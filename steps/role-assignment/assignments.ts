/**
 * Role assignment facts and drafts. Pure.
 *
 * Coverage follows Azure inheritance: an assignment counts for a resource when its scope is the resource or an
 * ancestor (resource group, subscription), or a management group. Management-group assignments are only in the
 * snapshot because a principal-filtered listing of a selected subscription returned them, i.e. they sit above
 * it. A group's assignment counts for its members (`PrincipalFacts.memberOf`, transitive).
 */
import { uuidV5 as uuidv5 } from '../../src/core/name-based-uuid';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { RoleScope } from '../../src/plan/answers';
import { parseResourceId, resourceGroupScope, subscriptionScope } from '../../src/plan/ids';
import type { PrincipalFacts, VmFacts } from '../../src/plan/snapshot';

/** Namespace of this tool's role assignment names: never change it, or re-runs stop being idempotent. */
export const ROLE_ASSIGNMENT_NAMESPACE = '3d6f0a52-8c1b-5e4f-9a27-6b0e4c81d2f3';

/** Deterministic assignment name: the same scope, principal and role always give the same GUID. */
export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  return uuidv5([scope.toLowerCase(), '|', principalId, '|', roleGuid], ROLE_ASSIGNMENT_NAMESPACE);
}

export const ROLE_NAMES: Record<string, string> = {
  [ROLE_IDS.vmAdministratorLogin]: 'Virtual Machine Administrator Login',
  [ROLE_IDS.vmUserLogin]: 'Virtual Machine User Login',
  [ROLE_IDS.reader]: 'Reader',
  [ROLE_IDS.owner]: 'Owner',
  [ROLE_IDS.contributor]: 'Contributor',
};

/** Roles that satisfy a wanted role: Administrator Login also grants user sign-in; Owner/Contributor read. */
export const SATISFIES: Record<string, readonly string[]> = {
  [ROLE_IDS.vmAdministratorLogin]: [ROLE_IDS.vmAdministratorLogin],
  [ROLE_IDS.vmUserLogin]: [ROLE_IDS.vmUserLogin, ROLE_IDS.vmAdministratorLogin],
  [ROLE_IDS.reader]: [ROLE_IDS.reader, ROLE_IDS.contributor, ROLE_IDS.owner],
};

export { coversResource, holdsRole, roleHolder } from '../../src/checks/access-path';

export function scopeFor(vm: VmFacts, scope: RoleScope): string {
  if (scope === 'subscription') return subscriptionScope(vm.id);
  if (scope === 'resource-group') return resourceGroupScope(vm.id);
  return vm.id;
}

/** `vm-web-01`, `resource group rg-web`, `subscription 0000…`. */
export function scopeLabel(scope: string): string {
  const p = parseResourceId(scope);
  if (!p) return scope;
  if (p.name) return p.name;
  if (p.resourceGroup) return `resource group ${p.resourceGroup}`;
  return `subscription ${p.subscriptionId}`;
}

export function principalLabel(p: PrincipalFacts): string {
  return p.userPrincipalName ?? p.displayName ?? p.ref;
}

export const principalType = (p: PrincipalFacts): 'User' | 'Group' | 'ServicePrincipal' =>
  p.kind === 'group' ? 'Group' : p.kind === 'servicePrincipal' ? 'ServicePrincipal' : 'User';
