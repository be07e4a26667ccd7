/**
 * Role assignment discovery: the assignments that already grant sign-in, listed once per (subscription,
 * principal or group the principal is in), never per VM; and, for Bastion connections, the Bastion hosts and
 * their VNets, including a hub Bastion in another subscription.
 */
import { codeUnitOrder } from '../../src/core/numbers';
import { byScopeKey, coveringScopes, listingScope, parseResourceId } from '../../src/plan/ids';
import type { RoleAssignmentFacts } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { distinctGroups, isRefusal } from '../shared/group-fallback';
import { loadNetwork, readerFor } from '../shared/network';
import { ensurePrincipals, loginGrants } from '../shared/principals';
import { coversResource } from './assignments';
import { discoverBastions, wantsBastion } from './bastion';

/**
 * The assignments of `principalIds` that bear on a subscription's selected VMs. Listed at the subscription,
 * or, when Azure refuses that to someone whose roles are all on resource groups inside it, at each group of the
 * selected VMs there: a listing filtered by principal returns the assignments at, above and below its scope,
 * so the groups together give the same facts for those VMs.
 */
async function assignmentsIn(ctx: DiscoverContext, sub: string, principalIds: string[]) {
  const at = async (scope: string) =>
    (await Promise.all(principalIds.map((id) => ctx.gateway.arm.listRoleAssignments(scope, id)))).flat();
  try {
    return await at(listingScope(sub));
  } catch (e) {
    if (!isRefusal(e)) throw e;
    const groups = distinctGroups(
      ctx.snapshot.vms.filter((vm) => vm.subscriptionId.toLowerCase() === sub).map((vm) => vm.resourceGroup),
    );
    if (groups.length === 0) throw e;
    const lists = await Promise.all(groups.map((rg) => at(listingScope(sub, rg))));
    // An assignment above the groups (at the subscription) comes back in each group's listing.
    return [...new Map(lists.flat().map((a) => [a.id.toLowerCase(), a])).values()];
  }
}

/**
 * Role assignments at and above each subscription's VMs, per principal. Contextual: a subscription whose
 * assignments cannot be read leaves who holds which role there unknown, and no role is planned there.
 */
async function listAssignments(ctx: DiscoverContext, subscriptionIds: string[]): Promise<RoleAssignmentFacts[]> {
  const principals = loginGrants(ctx.snapshot, ctx.answers).map((g) => g.principal);
  const ids = [...new Set(principals.flatMap((p) => [p.id, ...p.memberOf]).map((id) => id.toLowerCase()))];
  const lists = await Promise.all(
    subscriptionIds.map((sub) =>
      readContextual(
        ctx,
        {
          step: 'role-assignment',
          key: FACT_KEYS.roleAssignments(sub),
          resource: `/subscriptions/${sub}`,
          what: `the role assignments in subscription ${sub}`,
          operation: 'roleAssignments.read',
        },
        () => assignmentsIn(ctx, sub, ids),
        [] as RoleAssignmentFacts[],
      ),
    ),
  );
  return lists.flat();
}

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { gateway, snapshot, answers } = ctx;
  await ensurePrincipals(ctx);
  const vmSubs = [...new Set(snapshot.vms.map((vm) => vm.subscriptionId.toLowerCase()))];
  ctx.progress('Reading role assignments…');
  const [assignments, bastionFacts] = await Promise.all([
    listAssignments(ctx, vmSubs),
    wantsBastion(answers)
      ? loadNetwork(gateway, snapshot, ctx.progress).then(async (network) => ({
          network,
          ...(await discoverBastions(gateway, snapshot, network, readerFor(ctx))),
        }))
      : undefined,
  ]);
  const relevant = snapshot.vms.flatMap((vm) => [vm.id, ...vm.nicIds]);
  if (bastionFacts) {
    snapshot.bastions = bastionFacts.bastions;
    snapshot.vnets = bastionFacts.vnets;
    const extra = new Set<string>();
    for (const b of bastionFacts.bastions) relevant.push(b.id);
    for (const nic of Object.values(bastionFacts.network.nics)) if (nic.vnetId) relevant.push(nic.vnetId);
    for (const id of [...bastionFacts.bastions.map((b) => b.id), ...Object.keys(bastionFacts.vnets)]) {
      const sub = parseResourceId(id)?.subscriptionId.toLowerCase();
      if (sub && !vmSubs.includes(sub)) extra.add(sub);
    }
    // A hub Bastion in another subscription: its Reader assignments live there.
    if (extra.size) for (const a of await listAssignments(ctx, [...extra])) assignments.push(a);
  }
  // Kept: the assignments at or above a relevant resource. Found from the resources' side, parent by parent:
  // a group holding a role at each of thousands of VMs makes a scan of every resource per assignment quadratic.
  const covering = new Set<RoleAssignmentFacts>();
  const byScope = byScopeKey(assignments, (a) => a.scope);
  for (const r of relevant) {
    for (const scope of coveringScopes(r)) for (const a of byScope.get(scope) ?? []) covering.add(a);
  }
  const byId = new Map<string, RoleAssignmentFacts>();
  for (const a of assignments) {
    // A management group's assignment is listed only because it sits above a selected subscription.
    const covers = covering.has(a) || (relevant.length > 0 && coversResource(a, relevant[0]!));
    if (covers) byId.set(a.id.toLowerCase(), a);
  }
  // Code-unit order: the same on every machine, whatever its locale, and fast for thousands of assignments.
  snapshot.roleAssignments = [...byId.values()].sort((a, b) => codeUnitOrder(a.id, b.id));
}
