/**
 * The VM selection screen's view model: one row per VM of the list (the whole inventory while the admin
 * chooses), with its OS, state and whether steps may change it, and the cells the selection table shows.
 */
import { isArcDisconnected, isArcEntraUnsupported } from '../../src/checks/arc';
import { assessOs } from '../../src/checks/os-support';
import { EXTENSION } from '../../src/core/well-known-ids';
import type { VmFacts } from '../../src/plan/snapshot';
import type { StepView, ViewRow } from '../shared/contract';
import { canConfigure } from '../shared/vm-state';
import type { VmSelectionFacts } from './rules';

const osFull = (v: VmFacts) => (v.osName ? `${v.osName} ${v.osVersion ?? ''}`.trim() : v.osType);

/** "Server 2022", "Windows 11", "ubuntu 22.04": what tells VMs apart in a narrow terminal. */
function osShort(v: VmFacts): string {
  if (!v.osName) return v.osType;
  if (v.osType === 'Windows') {
    return v.osName.replace(/^Windows Server (\d+).*$/i, 'Server $1').replace(/^Windows (\d+).*$/i, 'Windows $1');
  }
  return `${v.osName} ${v.osVersion ?? ''}`.trim();
}

const ARC_STATUS: Record<string, string> = { connected: 'online', disconnected: 'offline' };

/**
 * The power column: an Azure Arc-enabled server shows its agent's status instead (`arc online`, `arc offline`),
 * no wider than `deallocated`, so that the name column keeps its room.
 */
export const powerText = (v: VmFacts): string =>
  v.arc ? `arc ${ARC_STATUS[v.arc.status.toLowerCase()] ?? v.arc.status.toLowerCase()}` : v.powerState;

/**
 * The columns of the selection table, by name: what the screen lays out and filters on. `subscription` is the
 * subscription's display name when discovery read it, else its id.
 */
export function inventoryCells(v: VmFacts, subscription = v.subscriptionId): Record<string, string> {
  return {
    name: v.name,
    subscription,
    group: v.resourceGroup,
    os: osFull(v),
    osShort: osShort(v),
    power: powerText(v),
    identity: v.identity.type.includes('SystemAssigned') ? 'system' : v.identity.type === 'None' ? 'none' : 'user',
    // Any Entra login extension, Windows or Linux: the column says whether one is there and how it fares.
    extension:
      v.extensions
        .find((e) => e.publisher.toLowerCase() === EXTENSION.publisher.toLowerCase())
        ?.provisioningState.toLowerCase() ?? 'none',
    // What the filter matches: name, group, subscription, OS and power state.
    search:
      `${v.name} ${v.resourceGroup} ${subscription} ${v.osType} ${v.osName ?? ''} ${v.osVersion ?? ''} ${powerText(v)}`.toLowerCase(),
  };
}

export function view({ snapshot }: VmSelectionFacts): StepView {
  const subscriptionName = new Map(snapshot.subscriptions.map((s) => [s.id.toLowerCase(), s.displayName]));
  return {
    question: 'Which VMs should accept Entra sign-in?',
    columns: { subject: 'VM', state: 'OS · POWER', planned: 'CHANGES' },
    rows: snapshot.vms.map((vm): ViewRow => {
      const os = assessOs(vm);
      const configurable = canConfigure(vm);
      return {
        subject: vm.name,
        state: `${os.label} · ${vm.arc ? `Azure Arc, ${vm.arc.status}` : vm.powerState}`,
        planned: configurable
          ? 'may be configured'
          : os.status === 'unsupported'
            ? 'none: OS unsupported'
            : isArcEntraUnsupported(vm)
              ? 'none: no Entra sign-in on Windows Arc'
              : isArcDisconnected(vm)
                ? 'none: Arc agent not connected'
                : `none: ${vm.powerState}`,
        tone: configurable ? 'ok' : 'warn',
        id: vm.id,
        cells: inventoryCells(vm, subscriptionName.get(vm.subscriptionId.toLowerCase()) || vm.subscriptionId),
      };
    }),
    notes: [],
  };
}
