/** System-assigned managed identities: each one is a service principal in the directory. */
import { key } from '../state';
import type { ArmContext } from './common';

/** Creates the identity's service principal (created now: replication delay applies) and returns its id. */
export function createManagedIdentity(ctx: ArmContext, vmName: string): string {
  const id = crypto.randomUUID();
  ctx.state.servicePrincipals.set(key(id), {
    id,
    appId: crypto.randomUUID(),
    displayName: vmName,
    servicePrincipalType: 'ManagedIdentity',
    createdAtMs: ctx.now(),
  });
  return id;
}

export function removeManagedIdentity(ctx: ArmContext, principalId: string): void {
  ctx.state.servicePrincipals.delete(key(principalId));
}
