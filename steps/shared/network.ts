/**
 * Reads the NICs of the selected VMs and the NSGs on them (NIC-level and subnet-level), once per discovery:
 * identity-extension (NSG check) and role-assignment (Bastion's VNet) both need them and discover
 * concurrently, so the first caller starts the read and the second awaits the same promise.
 *
 * Requests: per subscription, at most `GET_LIMIT` single GETs; beyond that the subscription-wide list is read
 * when the gateway offers it, so the count grows with list pages rather than per VM.
 */
import type { Gateway } from '../../src/azure/operations';
import { parseResourceId } from '../../src/plan/ids';
import type { NicFacts, NsgFacts, VmFacts, VnetFacts } from '../../src/plan/snapshot';

export const GET_LIMIT = 20;

export interface NetworkFacts {
  nics: Record<string, NicFacts>;
  nsgs: Record<string, NsgFacts>;
  /** The VMs' VNets, read when a NIC lacked its subnet's NSG (one GET per VNet, not per VM). */
  vnets: Record<string, VnetFacts>;
}

/** Keyed by the VM array: a new discovery assigns a new array, so it never sees a stale read. */
const reads = new WeakMap<readonly VmFacts[], Promise<NetworkFacts>>();

interface Listings {
  nics: Map<string, Promise<NicFacts[]>>;
  nsgs: Map<string, Promise<NsgFacts[]>>;
}

/** Subscription-wide listings started early, per discovery (keyed by its snapshot). */
const prefetched = new WeakMap<object, Listings>();

/**
 * For a broad selection (whole subscriptions, resource groups, tags), VM selection calls this before paging
 * the VMs, so that the NIC and NSG pages arrive alongside the VM pages instead of after them. A narrow
 * selection (named VMs) does not: a few GETs beat paging a large subscription.
 */
export function prefetchNetwork(discovery: object, gateway: Gateway, subscriptionIds: readonly string[]): void {
  const arm = gateway.arm;
  if (!arm.listNetworkInterfaces || !arm.listNetworkSecurityGroups) return;
  const listings: Listings = { nics: new Map(), nsgs: new Map() };
  for (const sub of subscriptionIds) {
    const key = sub.toLowerCase();
    const nics = arm.listNetworkInterfaces(sub);
    const nsgs = arm.listNetworkSecurityGroups(sub);
    // Awaited by whoever reads the network; a failure must not surface as an unhandled rejection before then.
    nics.catch(() => {});
    nsgs.catch(() => {});
    listings.nics.set(key, nics);
    listings.nsgs.set(key, nsgs);
  }
  prefetched.set(discovery, listings);
}

function bySubscription(ids: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const id of ids) {
    const key = id.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const sub = parseResourceId(id)?.subscriptionId.toLowerCase() ?? '';
    out.set(sub, [...(out.get(sub) ?? []), id]);
  }
  return out;
}

/**
 * Reads `ids` (grouped per subscription) from a listing already under way, else by GETs or, for large groups,
 * by the subscription's list.
 */
async function readMany<T extends { id: string }>(
  ids: Iterable<string>,
  get: (id: string) => Promise<T>,
  list: ((subscriptionId: string) => Promise<T[]>) | undefined,
  early: Map<string, Promise<T[]>> | undefined,
): Promise<Record<string, T>> {
  const groups = [...bySubscription(ids).entries()];
  const found = await Promise.all(
    groups.map(async ([sub, wanted]) => {
      const listing = early?.get(sub);
      if (listing) {
        const want = new Set(wanted.map((id) => id.toLowerCase()));
        return (await listing).filter((item) => want.has(item.id.toLowerCase()));
      }
      if (list && wanted.length > GET_LIMIT) {
        const want = new Set(wanted.map((id) => id.toLowerCase()));
        return (await list(sub)).filter((item) => want.has(item.id.toLowerCase()));
      }
      return Promise.all(wanted.map(get));
    }),
  );
  const out: Record<string, T> = {};
  for (const item of found.flat()) out[item.id] = item;
  return out;
}

async function read(gateway: Gateway, vms: readonly VmFacts[], early: Listings | undefined): Promise<NetworkFacts> {
  const arm = gateway.arm;
  const nics = await readMany(
    vms.flatMap((vm) => vm.nicIds),
    (id) => arm.getNetworkInterface(id),
    arm.listNetworkInterfaces?.bind(arm),
    early?.nics,
  );
  const vnets = await readSubnetNsgs(gateway, nics);
  const nsgIds = Object.values(nics).flatMap((n) => [n.nsgId, n.subnetNsgId].filter((id): id is string => !!id));
  const nsgs = await readMany(
    nsgIds,
    (id) => arm.getNetworkSecurityGroup(id),
    arm.listNetworkSecurityGroups?.bind(arm),
    early?.nsgs,
  );
  return { nics, nsgs, vnets };
}

/** Fills `subnetNsgId` of NICs from their VNet's subnets, reading each VNet once. */
async function readSubnetNsgs(gateway: Gateway, nics: Record<string, NicFacts>): Promise<Record<string, VnetFacts>> {
  const lacking = Object.values(nics).filter((n) => n.subnetId && n.vnetId && !n.subnetNsgId);
  const ids = [...new Map(lacking.map((n) => [n.vnetId!.toLowerCase(), n.vnetId!])).values()];
  const vnets = await Promise.all(ids.map((id) => gateway.arm.getVirtualNetwork(id)));
  const subnetNsg = new Map<string, string>();
  for (const vnet of vnets) {
    for (const subnet of vnet.subnets ?? []) if (subnet.nsgId) subnetNsg.set(subnet.id.toLowerCase(), subnet.nsgId);
  }
  for (const nic of lacking) {
    const nsgId = subnetNsg.get(nic.subnetId!.toLowerCase());
    if (nsgId) nic.subnetNsgId = nsgId;
  }
  return Object.fromEntries(vnets.map((v) => [v.id, v]));
}

/** The network facts of `discovery.vms`, read once per discovery; uses listings `prefetchNetwork` started. */
export function loadNetwork(gateway: Gateway, discovery: { vms: readonly VmFacts[] }): Promise<NetworkFacts> {
  const vms = discovery.vms;
  let pending = reads.get(vms);
  if (!pending) {
    pending = read(gateway, vms, prefetched.get(discovery));
    reads.set(vms, pending);
    // A failed read must not be cached for the next discovery attempt on the same array.
    pending.catch(() => reads.delete(vms));
  }
  return pending;
}

/** The NIC a VM is reached through: its first (primary) NIC, when it was read. */
export { primaryNic } from '../../src/checks/access-path';
