/**
 * Which unread facts a sign-in path rests on (issue #12). Pure: discovery records what it could not read
 * (`Snapshot.unread`), and the rules and the predictor ask here before deciding anything on those facts.
 */
import { parseResourceId, sameId } from '../plan/ids';
import type { Snapshot, UnreadFact, VmFacts } from '../plan/snapshot';
import { FACT_KEYS, unreadFact } from '../plan/unread';
import { findVnet, primaryNic } from './access-path';

const subscriptionOf = (id: string | undefined) => (id ? (parseResourceId(id)?.subscriptionId ?? '') : '');

/**
 * The unread fact that leaves a VM's Bastion route unknown: its NIC, its VNet's Bastions, its VNet's peerings
 * (when it has no Bastion of its own), or the Bastions of a subscription a peering reaches.
 */
export function bastionRouteUnknown(vm: VmFacts, snapshot: Snapshot): UnreadFact | undefined {
  const nicId = vm.nicIds[0];
  if (!nicId) return undefined;
  const nic = unreadFact(snapshot, FACT_KEYS.nic(nicId), FACT_KEYS.nics(subscriptionOf(nicId)));
  if (nic) return nic;
  const vnetId = primaryNic(vm, snapshot.nics)?.vnetId;
  if (!vnetId) return undefined;
  const own = unreadFact(snapshot, FACT_KEYS.bastions(subscriptionOf(vnetId)));
  if (own) return own;
  if (snapshot.bastions.some((b) => sameId(b.vnetId, vnetId))) return undefined;
  const peerings = unreadFact(snapshot, FACT_KEYS.vnet(vnetId));
  if (peerings) return peerings;
  const vnet = findVnet(snapshot.vnets, vnetId);
  return unreadFact(snapshot, ...(vnet?.peeredVnetIds ?? []).map((p) => FACT_KEYS.bastions(subscriptionOf(p))));
}

/** The unread fact that leaves who holds which role on `resourceId` unknown. */
export function rolesUnknown(snapshot: Snapshot, resourceId: string): UnreadFact | undefined {
  return unreadFact(snapshot, FACT_KEYS.roleAssignments(subscriptionOf(resourceId)));
}

/** The unread fact that leaves Conditional Access (policies, security defaults, licence) unknown. */
export function conditionalAccessUnknown(snapshot: Snapshot): UnreadFact | undefined {
  return unreadFact(snapshot, FACT_KEYS.caPolicies, FACT_KEYS.securityDefaults, FACT_KEYS.licences);
}
