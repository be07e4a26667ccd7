/**
 * VM selection's discovery: which subscriptions are searched and which VMs the admin selected, with their OS,
 * power state, computer name, identity and extensions. Each subscription's VMs come from one paged list call,
 * all subscriptions concurrently, so requests grow with list pages, never per VM.
 */
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import { keepingOnce, vmContentHash } from '../../src/plan/fingerprint';
import { parseResourceId } from '../../src/plan/ids';
import type { SubscriptionFacts, VmFacts } from '../../src/plan/snapshot';
import type { DiscoverContext } from '../shared/contract';
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
 * Arc-enabled servers of a subscription, beside its VMs, unless the admin left them out (`--no-include-arc`).
 * A subscription where the HybridCompute provider is not registered has none.
 */
async function arcMachinesOf(gateway: DiscoverContext['gateway'], answers: Answers, sub: string): Promise<VmFacts[]> {
  if (answers.includeArc === false || !gateway.arm.listArcMachines) return [];
  try {
    return await gateway.arm.listArcMachines(sub);
  } catch (e) {
    const unregistered = e instanceof UserError && e.details?.serviceCode === 'MissingSubscriptionRegistration';
    if (unregistered || (e instanceof UserError && e.code === 'not-found')) return [];
    throw e;
  }
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
  const perSubscription = await Promise.all(
    searched.flatMap((s) => [gateway.arm.listVms(s.id), arcMachinesOf(gateway, answers, s.id)]),
  );
  const result = selectVms(perSubscription.flat(), answers);
  const problem = selectionProblem(result);
  if (problem) {
    throw new UserError('bad-input', problem, 'check the name with `az vm list -o table`, or pick VMs in the wizard');
  }
  if (tenant) snapshot.tenantId = tenant.id;
  snapshot.subscriptions = searched;
  snapshot.vms = result.selected;
  // VMs in the same state hash the same: each hash kept once, not once per VM.
  const once = keepingOnce();
  for (const vm of result.selected) snapshot.fingerprint[vm.id] = once(vmContentHash(vm));
}
