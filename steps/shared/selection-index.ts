/**
 * Lookups over a snapshot's selected VMs, built once per snapshot. Apply checks every action of a plan against
 * the re-read tenant (`inScope`), and a fleet's plan has tens of thousands of actions: finding each one's VM
 * by scanning the VMs, or rebuilding every VM's and NIC's id for each Reader assignment, cost a minute at
 * 5,000 VMs before the first write. An index is rebuilt when the snapshot's lists are replaced.
 */
import type { RoleScope } from '../../src/plan/answers';
import { resourceGroupScope, subscriptionScope } from '../../src/plan/ids';
import type { Snapshot, VmFacts } from '../../src/plan/snapshot';

interface Index {
  vms: readonly VmFacts[];
  bastions: Snapshot['bastions'];
  vnets: Snapshot['vnets'];
  byId?: Map<string, VmFacts>;
  scopes: Map<RoleScope, Set<string>>;
  served?: Set<string>;
}

const indexes = new WeakMap<Snapshot, Index>();

function indexOf(snapshot: Snapshot): Index {
  const known = indexes.get(snapshot);
  if (known && known.vms === snapshot.vms && known.bastions === snapshot.bastions && known.vnets === snapshot.vnets) {
    return known;
  }
  const fresh: Index = { vms: snapshot.vms, bastions: snapshot.bastions, vnets: snapshot.vnets, scopes: new Map() };
  indexes.set(snapshot, fresh);
  return fresh;
}

/** The selected VM with this id, in any casing. */
export function selectedVm(snapshot: Snapshot, id: string): VmFacts | undefined {
  const index = indexOf(snapshot);
  if (!index.byId) {
    index.byId = new Map();
    for (const vm of snapshot.vms) if (!index.byId.has(vm.id.toLowerCase())) index.byId.set(vm.id.toLowerCase(), vm);
  }
  return index.byId.get(id.toLowerCase());
}

/** True when `scope` is where `--scope` puts a login role for one of the selected VMs. */
export function isSelectionScope(snapshot: Snapshot, scope: RoleScope, candidate: string): boolean {
  const index = indexOf(snapshot);
  let scopes = index.scopes.get(scope);
  if (!scopes) {
    const of =
      scope === 'subscription' ? subscriptionScope : scope === 'resource-group' ? resourceGroupScope : undefined;
    scopes = new Set(snapshot.vms.map((vm) => (of ? of(vm.id) : vm.id).toLowerCase()));
    index.scopes.set(scope, scopes);
  }
  return scopes.has(candidate.toLowerCase());
}

/** True for a selected VM, its NIC, or a Bastion host or VNet read because it can serve one. */
export function isBastionReadTarget(snapshot: Snapshot, id: string): boolean {
  const index = indexOf(snapshot);
  if (!index.served) {
    const served = new Set<string>();
    for (const vm of snapshot.vms) {
      served.add(vm.id.toLowerCase());
      for (const nic of vm.nicIds) served.add(nic.toLowerCase());
    }
    for (const b of snapshot.bastions) served.add(b.id.toLowerCase());
    for (const vnet of Object.keys(snapshot.vnets)) served.add(vnet.toLowerCase());
    index.served = served;
  }
  return index.served.has(id.toLowerCase());
}
