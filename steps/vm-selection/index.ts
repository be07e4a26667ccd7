/**
 * Step 1, VM selection: which subscriptions are searched and which VMs the admin selected, with their OS,
 * power state, computer name, identity and extensions (DESIGN §2). Plans nothing; its findings tell which VMs
 * the other steps must leave alone (unsupported OS, not running).
 *
 * Discovery reads each subscription's VMs with one paged list call (the gateway pages), all subscriptions
 * concurrently, so requests grow with list pages, never per VM.
 */

import { checkComputerName, describeComputerNameProblem } from '../../src/checks/computer-name';
import { assessOs, isOsUnsupported } from '../../src/checks/os-support';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import { fingerprintSnapshot } from '../../src/plan/fingerprint';
import { parseResourceId } from '../../src/plan/ids';
import {
  emptySnapshot,
  type PowerState,
  type Snapshot,
  type SubscriptionFacts,
  type VmFacts,
} from '../../src/plan/snapshot';
import type { FindingDraft } from '../../src/plan/types';
import { prefetchNetwork } from '../shared/network';
import type { DiscoverContext, StepModule } from '../shared/contract';
import { isManagementGroupScope, selectionProblem, selectVms } from './selectors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Power states in which the VM agent cannot run an extension install. */
const NOT_RUNNING: ReadonlySet<PowerState> = new Set(['deallocated', 'deallocating', 'stopped', 'stopping']);

export const isNotRunning = (vm: VmFacts): boolean => NOT_RUNNING.has(vm.powerState);

/** VMs the identity and extension actions may touch: OS not known to be unsupported, and running. */
export const canConfigure = (vm: VmFacts): boolean => !isOsUnsupported(vm) && !isNotRunning(vm);

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

async function discover(ctx: DiscoverContext): Promise<void> {
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
  const perSubscription = await Promise.all(searched.map((s) => gateway.arm.listVms(s.id)));
  const result = selectVms(perSubscription.flat(), answers);
  const problem = selectionProblem(result);
  if (problem) {
    throw new UserError('bad-input', problem, 'check the name with `az vm list -o table`, or pick VMs in the wizard');
  }
  if (tenant) snapshot.tenantId = tenant.id;
  snapshot.subscriptions = searched;
  snapshot.vms = result.selected;
  const prints = fingerprintSnapshot({ ...emptySnapshot(snapshot.cloud), vms: result.selected });
  for (const vm of result.selected) snapshot.fingerprint[vm.id] = prints[vm.id]!;
}

function assess(snapshot: Snapshot, _answers: Answers): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const vm of snapshot.vms) {
    const os = assessOs(vm);
    if (os.status === 'unsupported') {
      findings.push({
        code: 'vm-os-unsupported',
        severity: 'error',
        step: 'vm-selection',
        target: vm.id,
        message: `${vm.name} runs ${os.label}: ${os.reason}. Nothing will be changed on it.`,
        remediation:
          vm.osType === 'Windows'
            ? 'Use Windows Server 2019 or later with Desktop Experience, Windows 10 1809 or later, or Windows 11.'
            : 'Use a distribution listed under "Supported Linux distributions" in the Entra SSH sign-in docs.',
        fixedBy: [],
      });
    }
    if (isNotRunning(vm)) {
      findings.push({
        code: 'vm-deallocated',
        severity: 'warning',
        step: 'vm-selection',
        target: vm.id,
        message: `${vm.name} is ${vm.powerState}: extensions install only on a running VM, so no identity or extension change is planned for it.`,
        remediation: `Start it (az vm start -g ${vm.resourceGroup} -n ${vm.name}) and plan again.`,
        fixedBy: [],
      });
    }
    const name = checkComputerName(vm);
    if (name) {
      findings.push({
        code: 'vm-computername-mismatch',
        severity: 'warning',
        step: 'vm-selection',
        target: vm.id,
        message: `${vm.name}: ${describeComputerNameProblem(name)}.`,
        remediation:
          'Connect by the computer name (it must resolve, e.g. via DNS or a hosts entry), or rebuild the VM with a name of at most 15 characters that equals its computer name.',
        fixedBy: [],
      });
    }
  }
  return findings;
}

export const vmSelectionStep: StepModule = {
  id: 'vm-selection',
  title: 'VM selection',
  discover,
  assess,
  plan: () => [],
  handlers: {},
};

export { isManagementGroupScope };
export default vmSelectionStep;
