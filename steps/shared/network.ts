/**
 * Reads the NICs of the selected VMs and the NSGs on them (NIC-level and subnet-level), once per discovery:
 * identity-extension (NSG check) and role-assignment (Bastion's VNet) both need them and discover
 * concurrently, so the first caller starts the read and the second awaits the same promise.
 *
 * Requests: per subscription, at most `GET_LIMIT` single GETs; beyond that the subscription-wide list is read
 * when the gateway offers it, so the count grows with list pages rather than per VM.
 */
import type { OperationName } from '../../src/azure/errors';
import type { Gateway } from '../../src/azure/operations';
import { UserError } from '../../src/errors';
import { parseResourceId } from '../../src/plan/ids';
import type { NicFacts, NsgFacts, Snapshot, VmFacts, VnetFacts } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { type ContextualRead, readContextual } from './contextual-read';
import { distinctGroups, isRefusal } from './group-fallback';

/**
 * Runs one contextual read for the network facts (all owned by the identity-extension step): a NIC, NSG or VNet
 * that cannot be read is recorded as unread, and the checks that need it treat it as unknown.
 */
export type Reader = <T>(read: ContextualRead, work: () => Promise<T>, fallback: T) => Promise<T>;

export function readerFor(ctx: { snapshot: Snapshot; progress(message: string): void }): Reader {
  return (read, work, fallback) => readContextual(ctx, read, work, fallback);
}

const lastSegment = (id: string) => id.split('/').pop() ?? id;

/** Unread-fact keys of the network facts: one per resource, and one per subscription-wide listing. */
export const networkKeys = {
  nic: FACT_KEYS.nic,
  nsg: FACT_KEYS.nsg,
  vnet: FACT_KEYS.vnet,
  nics: FACT_KEYS.nics,
  nsgs: FACT_KEYS.nsgs,
} as const;

interface Kind {
  key: (id: string) => string;
  listKey: (subscriptionId: string) => string;
  noun: string;
  operation: OperationName;
}

const NIC: Kind = {
  key: networkKeys.nic,
  listKey: networkKeys.nics,
  noun: 'network interface',
  operation: 'network.nic.read',
};
const NSG: Kind = {
  key: networkKeys.nsg,
  listKey: networkKeys.nsgs,
  noun: 'network security group',
  operation: 'network.nsg.read',
};

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

/**
 * `ids` grouped per subscription, each once whatever its casing, and every spelling each one was given in
 * (keyed by the lower-cased id).
 */
function bySubscription(ids: Iterable<string>): { groups: Map<string, string[]>; spellings: Map<string, string[]> } {
  const groups = new Map<string, string[]>();
  const spellings = new Map<string, string[]>();
  for (const id of ids) {
    const key = id.toLowerCase();
    const known = spellings.get(key);
    if (known) {
      if (!known.includes(id)) known.push(id);
      continue;
    }
    spellings.set(key, [id]);
    const sub = parseResourceId(id)?.subscriptionId.toLowerCase() ?? '';
    const list = groups.get(sub) ?? [];
    list.push(id);
    groups.set(sub, list);
  }
  return { groups, spellings };
}

/** The fallback of a listing that could not be read: its items are unknown, not missing. */
const UNREAD_LISTING: never[] = [];
const unreadListing = (items: readonly unknown[]) => items === UNREAD_LISTING;

function readOf(kind: Kind, id: string): ContextualRead {
  return {
    step: 'identity-extension',
    key: kind.key(id),
    resource: id,
    what: `the ${kind.noun} ${lastSegment(id)}`,
    operation: kind.operation,
  };
}

function missingError(kind: Kind, id: string): UserError {
  return new UserError('not-found', `the ${kind.noun} ${id} is not in its subscription`, undefined, 2, {
    status: 404,
    serviceCode: 'ResourceNotFound',
  });
}

/**
 * A subscription's listing or, when Azure refused it (to someone whose roles are all on resource groups inside
 * the subscription), the listings of the groups the wanted items sit in: the same items, for whoever can read
 * those groups. A group refused as well leaves the whole listing unread, as before.
 */
function orByGroups<T>(
  listing: Promise<T[]>,
  sub: string,
  wanted: readonly string[],
  list: ((subscriptionId: string, resourceGroup?: string) => Promise<T[]>) | undefined,
): Promise<T[]> {
  return listing.catch(async (e: unknown) => {
    if (!list || !isRefusal(e)) throw e;
    const groups = distinctGroups(wanted.map((id) => parseResourceId(id)?.resourceGroup));
    return (await Promise.all(groups.map((rg) => list(sub, rg)))).flat();
  });
}

/**
 * Reads `ids` (grouped per subscription) from a listing already under way, else by GETs or, for large groups,
 * by the subscription's list.
 */
async function readMany<T extends { id: string }>(
  ids: Iterable<string>,
  get: (id: string) => Promise<T>,
  list: ((subscriptionId: string, resourceGroup?: string) => Promise<T[]>) | undefined,
  early: Map<string, Promise<T[]>> | undefined,
  kind: Kind,
  reader: Reader,
): Promise<Record<string, T>> {
  const { groups, spellings } = bySubscription(ids);
  const found = await Promise.all(
    [...groups].map(async ([sub, wanted]) => {
      const listing = early?.get(sub) ?? (list && wanted.length > GET_LIMIT ? list(sub) : undefined);
      if (listing) {
        const all = await reader(
          {
            step: 'identity-extension',
            key: kind.listKey(sub),
            resource: `/subscriptions/${sub}`,
            what: `the ${kind.noun}s of subscription ${sub}`,
            operation: kind.operation,
          },
          () => orByGroups(listing, sub, wanted, list),
          UNREAD_LISTING as T[],
        );
        const want = new Set(wanted.map((id) => id.toLowerCase()));
        const found = all.filter((item) => want.has(item.id.toLowerCase()));
        if (!unreadListing(all)) {
          // Referenced but not in the listing: deleted since (a NIC pointing at a removed NSG). Unknown, as a
          // single GET answering 404 would be.
          const have = new Set(found.map((item) => item.id.toLowerCase()));
          for (const id of wanted.filter((w) => !have.has(w.toLowerCase()))) {
            await reader(readOf(kind, id), () => Promise.reject(missingError(kind, id)), undefined);
          }
        }
        return found;
      }
      const items = await Promise.all(wanted.map((id) => reader(readOf(kind, id), () => get(id), undefined)));
      return items.filter((item): item is Awaited<T> => item !== undefined);
    }),
  );
  // Filed under each spelling the referrers used as well: Azure does not keep one casing (a VM's NIC reference
  // may say RG-WEB where the NIC's own id says rg-web), and a lookup that missed fell back to a scan of every
  // NIC, per VM. Where the spellings agree, the item takes the referrer's string: one copy per id, not two.
  const out: Record<string, T> = {};
  for (const item of found.flat() as T[]) {
    for (const spelling of spellings.get(item.id.toLowerCase()) ?? []) {
      if (spelling === item.id) item.id = spelling;
      out[spelling] = item;
    }
    out[item.id] = item;
  }
  return out;
}

async function read(
  gateway: Gateway,
  vms: readonly VmFacts[],
  early: Listings | undefined,
  reader: Reader,
): Promise<NetworkFacts> {
  const arm = gateway.arm;
  const nics = await readMany(
    vms.flatMap((vm) => vm.nicIds),
    (id) => arm.getNetworkInterface(id),
    arm.listNetworkInterfaces?.bind(arm),
    early?.nics,
    NIC,
    reader,
  );
  const vnets = await readSubnetNsgs(gateway, nics, reader);
  const nsgIds = Object.values(nics).flatMap((n) => [n.nsgId, n.subnetNsgId].filter((id): id is string => !!id));
  const nsgs = await readMany(
    nsgIds,
    (id) => arm.getNetworkSecurityGroup(id),
    arm.listNetworkSecurityGroups?.bind(arm),
    early?.nsgs,
    NSG,
    reader,
  );
  return { nics, nsgs, vnets };
}

/** Reads one VNet as a contextual fact of the identity-extension step; undefined when it could not be read. */
export function readVnet(gateway: Gateway, reader: Reader, id: string): Promise<VnetFacts | undefined> {
  return reader(
    {
      step: 'identity-extension',
      key: networkKeys.vnet(id),
      resource: id,
      what: `the virtual network ${lastSegment(id)}`,
      operation: 'network.vnet.read',
    },
    () => gateway.arm.getVirtualNetwork(id),
    undefined,
  );
}

/** Fills `subnetNsgId` of NICs from their VNet's subnets, reading each VNet once. */
async function readSubnetNsgs(
  gateway: Gateway,
  nics: Record<string, NicFacts>,
  reader: Reader,
): Promise<Record<string, VnetFacts>> {
  const lacking = Object.values(nics).filter((n) => n.subnetId && n.vnetId && !n.subnetNsgId);
  const ids = [...new Map(lacking.map((n) => [n.vnetId!.toLowerCase(), n.vnetId!])).values()];
  const vnets = (await Promise.all(ids.map((id) => readVnet(gateway, reader, id)))).filter(
    (v): v is VnetFacts => v !== undefined,
  );
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

/**
 * The network facts of `discovery.vms`, read once per discovery; uses listings `prefetchNetwork` started. What
 * cannot be read is recorded in the snapshot as unread (see `networkKeys`) and left out of the result.
 */
export function loadNetwork(
  gateway: Gateway,
  discovery: Snapshot,
  progress: (message: string) => void = () => {},
): Promise<NetworkFacts> {
  const vms = discovery.vms;
  let pending = reads.get(vms);
  if (!pending) {
    pending = read(gateway, vms, prefetched.get(discovery), readerFor({ snapshot: discovery, progress }));
    reads.set(vms, pending);
    // A failed read must not be cached for the next discovery attempt on the same array.
    pending.catch(() => reads.delete(vms));
  }
  return pending;
}

/** The NIC a VM is reached through: its first (primary) NIC, when it was read. */
export { primaryNic } from '../../src/checks/access-path';
