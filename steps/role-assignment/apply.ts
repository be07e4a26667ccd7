/** Role assignment handler and verifier: one assignment, named deterministically so a re-run never duplicates it. */
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import { isManagementGroupScope } from '../../src/core/scopes';
import { sameId, scopeCovers } from '../../src/plan/ids';
import { ROLE_NAMES, scopeLabel } from './assignments';

export const assignRole: ActionHandler = async (action, ctx) => {
  const p = action.params as {
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
    principalType: 'User' | 'Group' | 'ServicePrincipal';
    name: string;
  };
  ctx.progress(`Assigning ${ROLE_NAMES[p.roleDefinitionGuid] ?? 'role'}…`);
  const { created } = await ctx.gateway.arm.createRoleAssignment({ ...p, description: 'entra-vm-login' });
  return created ? { outcome: 'done' } : { outcome: 'already-done', detail: 'the role assignment already exists' };
};

export const verifyRole: ActionVerifier = async (action, gateway) => {
  const p = action.params as { scope: string; roleDefinitionGuid: string; principalId: string };
  const list = await gateway.arm.listRoleAssignments(p.scope, p.principalId);
  const ok = list.some(
    (a) =>
      sameId(a.principalId, p.principalId) &&
      sameId(a.roleDefinitionGuid, p.roleDefinitionGuid) &&
      (scopeCovers(a.scope, p.scope) || isManagementGroupScope(a.scope)),
  );
  return ok
    ? undefined
    : `${ROLE_NAMES[p.roleDefinitionGuid] ?? p.roleDefinitionGuid} for ${p.principalId} is not assigned on ${scopeLabel(p.scope)}`;
};
