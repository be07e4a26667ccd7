/**
 * Whether a selected VM can be changed at all: every step that plans on a VM asks this, so the answer lives
 * in one place.
 */
import { arcAllowsChanges } from '../../src/checks/arc';
import { isOsUnsupported } from '../../src/checks/os-support';
import type { Answers } from '../../src/plan/answers';
import type { PowerState, VmFacts } from '../../src/plan/snapshot';
import { actionKey } from './contract';

/** Power states in which the VM agent cannot run an extension install. */
const NOT_RUNNING: ReadonlySet<PowerState> = new Set(['deallocated', 'deallocating', 'stopped', 'stopping']);

export const isNotRunning = (vm: VmFacts): boolean => NOT_RUNNING.has(vm.powerState);

/**
 * VMs the identity and extension actions may touch: OS not known to be unsupported, running, and for an Azure
 * Arc-enabled server, connected and Linux (Microsoft offers Entra sign-in on Linux Arc machines only).
 */
export const canConfigure = (vm: VmFacts): boolean => !isOsUnsupported(vm) && !isNotRunning(vm) && arcAllowsChanges(vm);

/**
 * A VM the admin allowed to be started (`--start-stopped-vms`) so that its identity and extension can be set
 * up: not running, an Azure VM (an Arc machine is started where it runs), OS not known to be unsupported.
 */
export const mayStart = (vm: VmFacts, answers: Pick<Answers, 'startStoppedVms'>): boolean =>
  answers.startStoppedVms && isNotRunning(vm) && !vm.arc && !isOsUnsupported(vm);

/** The key of the start-vm draft for a VM: what the identity and extension drafts depend on. */
export const startVmKey = (vmId: string): string => actionKey('start-vm', vmId);
