/**
 * What the plan promised to find, per resource: a content hash of the facts that its actions depend on.
 * `apply` re-discovers and refuses to write when any of these moved (Terraform's "saved plan is stale").
 *
 * Keys are the resource (or Graph object) an action would write, optionally with `#facet` for a facet of
 * it (role assignments at a scope), so that a resumed apply can ignore what its own earlier writes moved.
 */
import { createHash } from 'node:crypto';
import { byScopeKey, coveringScopes } from './ids';
import type { Snapshot, VmFacts } from './snapshot';

export const CA_POLICIES_KEY = 'graph:/identity/conditionalAccess/policies';
export const SECURITY_DEFAULTS_KEY = 'graph:/policies/identitySecurityDefaultsEnforcementPolicy';
export const servicePrincipalKey = (appId: string) => `graph:/servicePrincipals(appId='${appId}')`;
export const perUserMfaKey = (userId: string) => `graph:/users/${userId}/authentication/requirements`;
export const roleAssignmentsKey = (scope: string) => `${scope}#roleAssignments`;

/** Stable JSON: object keys sorted, so equal content always hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function contentHash(value: unknown): string {
  return `sha256:${createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 32)}`;
}

/**
 * `contentHash` of what a VM's actions depend on: its identity, power state and extensions. The object is
 * written with its keys already in sorted order, so the native stringifier gives `stableStringify`'s text
 * without a sort per object (a fleet hashes tens of thousands of VMs).
 */
export function vmContentHash(vm: VmFacts): string {
  const text = JSON.stringify({
    extensions: vm.extensions
      .map((e) => ({ name: e.name, state: e.provisioningState, type: e.type, version: e.typeHandlerVersion }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    identity: vm.identity.type,
    power: vm.powerState,
    userAssigned: [...vm.identity.userAssignedIds].sort(),
  });
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** A function that returns the first copy it was given of each equal string: one kept per value, not per use. */
export function keepingOnce(): (value: string) => string {
  const kept = new Map<string, string>();
  return (value) => {
    const known = kept.get(value);
    if (known !== undefined) return known;
    kept.set(value, value);
    return value;
  };
}

/**
 * The generic content hashes of a snapshot, written into `out` (a fresh object unless given): a fleet's
 * fingerprint has two entries per VM, and filling the caller's object spares a copy of tens of thousands.
 */
export function fingerprintSnapshot(snapshot: Snapshot, out: Record<string, string> = {}): Record<string, string> {
  // VMs in the same state hash the same: thousands of equal values, each kept once.
  const once = keepingOnce();
  const byScope = byScopeKey(snapshot.roleAssignments, (a) => a.scope);
  const none = contentHash([]);
  for (const vm of snapshot.vms) {
    out[vm.id] = once(vmContentHash(vm));
    if (byScope.size === 0) {
      out[roleAssignmentsKey(vm.id)] = none;
      continue;
    }
    const assignments = coveringScopes(vm.id)
      .flatMap((scope) => byScope.get(scope) ?? [])
      .map((a) => `${a.scope.toLowerCase()}|${a.principalId}|${a.roleDefinitionGuid}`)
      .sort();
    out[roleAssignmentsKey(vm.id)] = once(contentHash(assignments));
  }
  out[CA_POLICIES_KEY] = contentHash(
    [...snapshot.caPolicies]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({ id: p.id, state: p.state, conditions: p.conditions, grant: p.grantControls ?? null })),
  );
  out[SECURITY_DEFAULTS_KEY] = contentHash(snapshot.securityDefaultsEnabled);
  for (const [appId, sp] of Object.entries(snapshot.servicePrincipals)) {
    out[servicePrincipalKey(appId)] = contentHash(sp ? sp.id : null);
  }
  for (const [userId, state] of Object.entries(snapshot.perUserMfa)) {
    out[perUserMfaKey(userId)] = contentHash(state);
  }
  return out;
}
