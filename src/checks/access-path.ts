/**
 * How a connection reaches a VM before any sign-in happens: the VM's primary NIC and VNet, the Azure Bastion
 * that serves it (same VNet, else a peered one), whether that Bastion's SKU allows the connection, and which
 * role assignments cover a resource. Pure: the role-assignment step plans from these rules and the sign-in
 * prediction fails on them, so the two can never disagree.
 */
import { ROLE_IDS } from '../core/well-known-ids';
import type { Answers } from '../plan/answers';
import { byScopeKey, coveringScopes, sameId, scopeCovers } from '../plan/ids';
import type { BastionFacts, NicFacts, PrincipalFacts, RoleAssignmentFacts, Snapshot, VmFacts } from '../plan/snapshot';

/**
 * A record's entries by lower-cased id, made once per record on the first lookup that needs it; the first
 * entry wins, as a scan in order would find. A record is complete once discovery made it, never added to after.
 * Lookups that miss the record's own spelling are many in real tenants, and a scan of the record for each was
 * the product of the two: NICs referenced in another casing, or whose subscription's listing was refused;
 * spoke VNets in a hub-and-spoke network, hundreds of them, looked up once per VM.
 */
const lowerIdIndexes = new WeakMap<object, Map<string, unknown>>();

function byLowerId<T extends { id: string }>(record: Record<string, T>, id: string): T | undefined {
  let index = lowerIdIndexes.get(record) as Map<string, T> | undefined;
  if (!index) {
    index = new Map();
    for (const entry of Object.values(record)) {
      const key = entry.id.toLowerCase();
      if (!index.has(key)) index.set(key, entry);
    }
    lowerIdIndexes.set(record, index);
  }
  return index.get(id.toLowerCase());
}

export function primaryNic(vm: VmFacts, nics: Record<string, NicFacts>): NicFacts | undefined {
  const id = vm.nicIds[0];
  if (!id) return undefined;
  return nics[id] ?? byLowerId(nics, id);
}

/** A VNet by id in any casing. */
export function findVnet(vnets: Snapshot['vnets'], id: string): Snapshot['vnets'][string] | undefined {
  return byLowerId(vnets, id);
}

const MANAGEMENT_GROUP = /^\/providers\/microsoft\.management\/managementgroups\//i;

/**
 * An assignment counts for a resource when its scope is the resource or an ancestor, or a management group
 * (those are only in the snapshot because a principal-filtered listing of a selected subscription returned them,
 * i.e. they sit above it).
 */
export function coversResource(a: Pick<RoleAssignmentFacts, 'scope'>, resourceId: string): boolean {
  return MANAGEMENT_GROUP.test(a.scope) || scopeCovers(a.scope, resourceId);
}

/**
 * The test "does the principal (directly or through a group) hold one of `roleGuids` at or above this resource?",
 * prepared once: the assignments that could answer yes are picked out first, so asking it for each of 20,000
 * VMs looks only at those few instead of every assignment of the tenant each time.
 */
export function roleHolder(
  assignments: readonly RoleAssignmentFacts[],
  principal: Pick<PrincipalFacts, 'id' | 'memberOf'>,
  roleGuids: readonly string[],
): (resourceId: string) => boolean {
  const ids = new Set([principal.id, ...principal.memberOf].map((id) => id.toLowerCase()));
  const roles = new Set(roleGuids.map((r) => r.toLowerCase()));
  const candidates = assignments.filter(
    (a) => ids.has(a.principalId.toLowerCase()) && roles.has(a.roleDefinitionGuid.toLowerCase()),
  );
  if (candidates.some((a) => MANAGEMENT_GROUP.test(a.scope))) return () => true;
  if (candidates.length === 0) return () => false;
  // By scope, not in a list: a group that holds the role at each of 5,000 VMs would otherwise be 5,000
  // comparisons for each VM asked about.
  const scopes = byScopeKey(candidates, (a) => a.scope);
  return (resourceId) => coveringScopes(resourceId).some((scope) => scopes.has(scope));
}

/**
 * The tests `holdsRole` prepared, per assignment list: the sign-in prediction asks once per VM and user, and
 * preparing each time is a pass over every assignment of the tenant. A list is the snapshot's, read-only once
 * discovered; its length is part of the key all the same.
 */
const preparedHolders = new WeakMap<
  readonly RoleAssignmentFacts[],
  WeakMap<object, Map<string, (resourceId: string) => boolean>>
>();

/** True when the principal (directly or through a group) holds one of `roleGuids` at or above the resource. */
export function holdsRole(
  assignments: readonly RoleAssignmentFacts[],
  principal: Pick<PrincipalFacts, 'id' | 'memberOf'>,
  roleGuids: readonly string[],
  resourceId: string,
): boolean {
  let byPrincipal = preparedHolders.get(assignments);
  if (!byPrincipal) {
    byPrincipal = new WeakMap();
    preparedHolders.set(assignments, byPrincipal);
  }
  // By the principal object itself: a key spelling out its groups would cost as much as it saves for a member
  // of hundreds of groups. Its id is in the key as well, in case the object is reused for another principal.
  let prepared = byPrincipal.get(principal);
  if (!prepared) {
    prepared = new Map();
    byPrincipal.set(principal, prepared);
  }
  const key = `${assignments.length}|${principal.id}|${principal.memberOf.length}|${roleGuids.join(',')}`;
  let holder = prepared.get(key);
  if (!holder) {
    holder = roleHolder(assignments, principal, roleGuids);
    prepared.set(key, holder);
  }
  return holder(resourceId);
}

export const READ_ROLES: readonly string[] = [ROLE_IDS.reader, ROLE_IDS.contributor, ROLE_IDS.owner];
/** Roles that let a user sign in to a VM at all (Administrator Login includes user sign-in). */
export const LOGIN_ROLES: readonly string[] = [ROLE_IDS.vmAdministratorLogin, ROLE_IDS.vmUserLogin];

/** Why a Bastion cannot serve the chosen connections with Entra ID, or undefined when it can. */
export function skuProblem(b: BastionFacts, answers: Pick<Answers, 'connections'>): string | undefined {
  if (
    answers.connections.includes('bastion-native') &&
    (b.sku === 'Basic' || b.sku === 'Developer' || !b.enableTunneling)
  ) {
    return b.sku === 'Basic' || b.sku === 'Developer'
      ? `${b.name} is ${b.sku}; the native client (az network bastion rdp --enable-mfa / ssh --auth-type AAD) needs Standard or Premium with native client support`
      : `${b.name} has native client support (enableTunneling) turned off; the native client needs it`;
  }
  if (answers.connections.includes('bastion-portal') && b.sku === 'Developer') {
    return `${b.name} is Developer; Entra sign-in through the portal needs Basic or higher`;
  }
  return undefined;
}

export interface BastionRoute {
  bastion?: BastionFacts;
  vnetId?: string;
  peered: boolean;
}

/** The Bastion that reaches a VM: one in its VNet, else one in a peered VNet; one fit for the connection first. */
export function bastionFor(
  vm: VmFacts,
  snapshot: Pick<Snapshot, 'nics' | 'vnets' | 'bastions'>,
  answers: Pick<Answers, 'connections'>,
): BastionRoute {
  const vnetId = primaryNic(vm, snapshot.nics)?.vnetId;
  if (!vnetId) return { peered: false };
  const pick = (list: BastionFacts[]) =>
    [...list].sort(
      (a, b) => Number(!!skuProblem(a, answers)) - Number(!!skuProblem(b, answers)) || a.id.localeCompare(b.id),
    )[0];
  const direct = pick(snapshot.bastions.filter((b) => sameId(b.vnetId, vnetId)));
  if (direct) return { bastion: direct, vnetId, peered: false };
  const vnet = findVnet(snapshot.vnets, vnetId);
  const peered = pick(snapshot.bastions.filter((b) => vnet?.peeredVnetIds.some((p) => sameId(p, b.vnetId))));
  return peered ? { bastion: peered, vnetId, peered: true } : { vnetId, peered: false };
}

/** The resources Bastion reads as the signed-in user, with how to name them: VM, NIC, Bastion, peered VNet. */
export function bastionReadTargets(vm: VmFacts, route: BastionRoute): [id: string, label: string][] {
  if (!route.bastion) return [];
  const nicId = vm.nicIds[0];
  return [
    [vm.id, `the VM ${vm.name}`],
    ...(nicId ? [[nicId, `its NIC ${nicId.split('/').pop()}`] as [string, string]] : []),
    [route.bastion.id, `the Bastion host ${route.bastion.name}`],
    ...(route.peered && route.vnetId
      ? [[route.vnetId, `its VNet ${route.vnetId.split('/').pop()}`] as [string, string]]
      : []),
  ];
}
