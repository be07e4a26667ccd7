/**
 * VM selection's discovery: which subscriptions are searched and which VMs the admin selected, with their OS,
 * power state, computer name, identity and extensions. Each subscription's VMs come from one paged list call,
 * all subscriptions concurrently, so requests grow with list pages, never per VM. A subscription that refuses
 * that listing is read through the resource groups the answers name, or left unread (`machinesOf`).
 */
import { groupDigits } from '../../src/core/numbers';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import { keepingOnce, vmContentHash } from '../../src/plan/fingerprint';
import { parseResourceId } from '../../src/plan/ids';
import type { SubscriptionFacts, VmFacts } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { recordUnread, unreadFrom } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { distinctGroups, isRefusal } from '../shared/group-fallback';
import { prefetchNetwork } from '../shared/network';
import { selectionProblem, selectVms } from './selectors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateSubscriptionIds(ids: string[]): void {
  const bad = ids.filter((id) => !GUID.test(id.trim()));
  if (bad.length) {
    throw new UserError(
      'bad-input',
      `'${bad[0]}' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)`,
      'list yours with `az account list -o table`',
    );
  }
}

/** Subscriptions to search: the requested ones (all must be visible), else every enabled one. */
function searchedSubscriptions(all: SubscriptionFacts[], answers: Answers): SubscriptionFacts[] {
  const fromIds = answers.vmIds.map((id) => parseResourceId(id)?.subscriptionId?.toLowerCase());
  const wanted = new Set(answers.subscriptions.map((s) => s.trim().toLowerCase()));
  for (const id of wanted) {
    if (!all.some((s) => s.id.toLowerCase() === id)) {
      throw new UserError(
        'bad-input',
        `subscription ${id} is not visible to the signed-in account`,
        'sign in to the right tenant, or check the id with `az account list -o table`',
      );
    }
  }
  return all.filter((s) => {
    const id = s.id.toLowerCase();
    if (answers.vmIds.length) return fromIds.includes(id);
    return wanted.size ? wanted.has(id) : s.state !== 'Disabled' && s.state !== 'Deleted';
  });
}

/**
 * The resource groups the answers name in subscription `sub`: every `--resource-group`, and the groups of VMs
 * named by id or as `resourceGroup/name`. Read one by one when the subscription cannot be listed as a whole.
 */
export function namedGroups(answers: Answers, sub: string): string[] {
  const groups: (string | undefined)[] = answers.resourceGroups.map((rg) => rg.trim());
  for (const ref of [...answers.vmIds, ...answers.vms]) {
    const id = parseResourceId(ref.trim());
    if (id) {
      if (id.subscriptionId.toLowerCase() === sub.toLowerCase()) groups.push(id.resourceGroup);
      continue;
    }
    const parts = ref.trim().split('/');
    if (parts.length === 2 && parts[0] && parts[1]) groups.push(parts[0]);
  }
  return distinctGroups(groups);
}

interface MachineKind {
  noun: string;
  operation: 'vm.read' | 'arc.read';
  key: (subscriptionId: string) => string;
  list(sub: string): Promise<VmFacts[]>;
  listGroup?: (sub: string, resourceGroup: string) => Promise<VmFacts[]>;
}

/** What of one kind of machine a subscription refused: the subscription, or some of the named groups in it. */
interface Refusal {
  kind: MachineKind;
  /** "subscription Fleet 2 (…)" or "resource group rg-web in subscription Fleet 2 (…)". */
  where: string;
  scope: string;
  error: unknown;
}

interface Machines {
  machines: VmFacts[];
  refusal?: Refusal;
}

/**
 * One kind of machine in one subscription. Someone whose roles are all on resource groups inside a
 * subscription sees it in their list yet cannot list its machines, because Azure RBAC grants flow down a scope,
 * never up. Then the groups the answers name are read one by one; what still cannot be read is returned as a
 * refusal, to become an unread fact (a `read-failed` warning, nothing planned on it), unless the admin named the
 * subscription or a VM in it, whose refusal ends the plan as before: that is what was asked for.
 */
async function machinesOf(
  ctx: DiscoverContext,
  kind: MachineKind,
  sub: SubscriptionFacts,
  named: boolean,
): Promise<Machines> {
  try {
    return { machines: await kind.list(sub.id) };
  } catch (e) {
    if (!isRefusal(e)) throw e;
    const groups = namedGroups(ctx.answers, sub.id);
    const where = sub.displayName ? `subscription ${sub.displayName} (${sub.id})` : `subscription ${sub.id}`;
    if (!kind.listGroup || groups.length === 0) {
      if (named) throw e;
      return { machines: [], refusal: { kind, where, scope: `/subscriptions/${sub.id}`, error: e } };
    }
    const listGroup = kind.listGroup;
    if (kind.operation === 'vm.read') {
      ctx.progress(`Cannot list the VMs of ${where} as a whole: reading the named resource groups one by one…`);
    }
    const refused: string[] = [];
    let refusal: unknown;
    const found = await Promise.all(
      groups.map(async (rg) => {
        try {
          return await listGroup(sub.id, rg);
        } catch (g) {
          // Not a group of this subscription: the answers name groups across every searched subscription.
          if (g instanceof UserError && g.code === 'not-found') return [];
          if (!isRefusal(g)) throw g;
          refused.push(rg);
          refusal ??= g;
          return [];
        }
      }),
    );
    const machines = found.flat();
    if (refused.length === 0) return { machines };
    if (named) throw refusal;
    const which = refused.length === 1 ? `resource group ${refused[0]}` : `resource groups ${refused.join(', ')}`;
    const scope =
      refused.length === 1 ? `/subscriptions/${sub.id}/resourceGroups/${refused[0]}` : `/subscriptions/${sub.id}`;
    return { machines, refusal: { kind, where: `${which} in ${where}`, scope, error: refusal } };
  }
}

/**
 * Records what a subscription refused as unread facts: one for its VMs and Arc-enabled servers together when
 * both were refused at the same scope (one warning per subscription, not two), else one per kind.
 */
function recordRefusals(ctx: DiscoverContext, sub: SubscriptionFacts, refusals: Refusal[]): void {
  const [first, second] = refusals;
  if (!first) return;
  const together = second !== undefined && second.scope === first.scope && second.where === first.where;
  const parts = together
    ? [{ ...first, noun: `${first.kind.noun} and ${second.kind.noun}` }]
    : refusals.map((r) => ({ ...r, noun: r.kind.noun }));
  for (const r of parts) {
    recordUnread(
      ctx.snapshot,
      unreadFrom(
        {
          step: 'vm-selection',
          key: r.kind.key(sub.id),
          resource: `/subscriptions/${sub.id}`,
          what: `the ${r.noun} of ${r.where}`,
          operation: r.kind.operation,
          scope: r.scope,
        },
        r.error,
      ),
    );
  }
}

/**
 * Arc-enabled servers of a subscription, beside its VMs, unless the admin left them out (`--no-include-arc`).
 * A subscription where the HybridCompute provider is not registered has none.
 */
function arcKind(gateway: DiscoverContext['gateway']): MachineKind | undefined {
  const list = gateway.arm.listArcMachines?.bind(gateway.arm);
  if (!list) return undefined;
  const absent = (e: unknown) =>
    e instanceof UserError && (e.details?.serviceCode === 'MissingSubscriptionRegistration' || e.code === 'not-found');
  const orNone = async (read: Promise<VmFacts[]>) => {
    try {
      return await read;
    } catch (e) {
      if (absent(e)) return [];
      throw e;
    }
  };
  return {
    noun: 'Azure Arc-enabled servers',
    operation: 'arc.read',
    key: FACT_KEYS.arcMachines,
    list: (sub) => orNone(list(sub)),
    listGroup: (sub, rg) => orNone(list(sub, rg)),
  };
}

/** How often a resource group read VM by VM says how far it got. */
const PROGRESS_EVERY_VMS = 100;

/** A resource group's VMs, VM by VM, saying how far it got on a large group (ARM paces those reads). */
function listVmsOfGroup(ctx: DiscoverContext): MachineKind['listGroup'] {
  const list = ctx.gateway.arm.listResourceGroupVms?.bind(ctx.gateway.arm);
  if (!list) return undefined;
  return (sub, rg) =>
    list(sub, rg, (done, total) => {
      if (done % PROGRESS_EVERY_VMS === 0 && done < total) {
        ctx.progress(`Reading the VMs of ${rg} one by one: ${groupDigits(done)} of ${groupDigits(total)}…`);
      }
    });
}

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { gateway, answers, snapshot } = ctx;
  validateSubscriptionIds(answers.subscriptions);
  ctx.progress('Reading subscriptions…');
  const [tenant, subscriptions] = await Promise.all([
    snapshot.tenantId ? undefined : gateway.graph.getTenant(),
    gateway.arm.listSubscriptions(),
  ]);
  const searched = searchedSubscriptions(subscriptions, answers);
  const broad = answers.vms.length === 0 && answers.vmIds.length === 0;
  if (broad) {
    prefetchNetwork(
      snapshot,
      gateway,
      searched.map((s) => s.id),
    );
  }
  ctx.progress(`Reading VMs in ${searched.length} subscription${searched.length === 1 ? '' : 's'}…`);
  const vmKind: MachineKind = {
    noun: 'VMs',
    operation: 'vm.read',
    key: FACT_KEYS.vms,
    list: (sub) => gateway.arm.listVms(sub),
    listGroup: listVmsOfGroup(ctx),
  };
  const arc = answers.includeArc === false ? undefined : arcKind(gateway);
  const named = (sub: SubscriptionFacts) =>
    answers.subscriptions.some((s) => s.trim().toLowerCase() === sub.id.toLowerCase()) ||
    answers.vmIds.some((id) => parseResourceId(id)?.subscriptionId.toLowerCase() === sub.id.toLowerCase());
  const perSubscription = await Promise.all(
    searched.map(async (s) => {
      const [vms, arcs] = await Promise.all([
        machinesOf(ctx, vmKind, s, named(s)),
        arc ? machinesOf(ctx, arc, s, named(s)) : ({ machines: [] } as Machines),
      ]);
      return { sub: s, vms, arcs };
    }),
  );
  // Nothing readable anywhere is not a plan with warnings: it is the refusal, with the way around it.
  const all = perSubscription.flatMap(({ vms, arcs }) => [...vms.machines, ...arcs.machines]);
  const vmRefusals = perSubscription.flatMap(({ vms }) => (vms.refusal ? [vms.refusal] : []));
  if (all.length === 0 && vmRefusals.length === searched.length && searched.length > 0) {
    const first = vmRefusals[0]!.error as UserError;
    throw new UserError(
      first.code,
      first.message,
      answers.resourceGroups.length
        ? 'ask for Reader on those resource groups (or on the subscription)'
        : 'name resource groups you can read with --resource-group, or ask for Reader on the subscription',
      first.exitCode,
      first.details,
    );
  }
  for (const { sub, vms, arcs } of perSubscription) {
    recordRefusals(
      ctx,
      sub,
      [vms.refusal, arcs.refusal].filter((r): r is Refusal => r !== undefined),
    );
  }
  const result = selectVms(all, answers);
  const problem = selectionProblem(result);
  if (problem) {
    const unread = (snapshot.unread ?? []).filter((f) => f.step === 'vm-selection');
    const hint = unread.length
      ? `; ${unread.map((f) => `${f.what} could not be read (${f.reason})`).join('; ')}: reading it needs ${unread[0]!.needs}`
      : '';
    throw new UserError(
      'bad-input',
      `${problem}${hint}`,
      'check the name with `az vm list -o table`, or pick VMs in the wizard',
    );
  }
  if (tenant) snapshot.tenantId = tenant.id;
  snapshot.subscriptions = searched;
  snapshot.vms = result.selected;
  // VMs in the same state hash the same: each hash kept once, not once per VM.
  const once = keepingOnce();
  for (const vm of result.selected) snapshot.fingerprint[vm.id] = once(vmContentHash(vm));
}
