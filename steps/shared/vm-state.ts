/**
 * Whether a selected VM can be changed at all: every step that plans on a VM asks this, so the answer lives
 * in one place.
 */
import { arcAllowsChanges } from '../../src/checks/arc';
import { isOsUnsupported } from '../../src/checks/os-support';
import type { PowerState, VmFacts } from '../../src/plan/snapshot';

/** Power states in which the VM agent cannot run an extension install. */
const NOT_RUNNING: ReadonlySet<PowerState> = new Set(['deallocated', 'deallocating', 'stopped', 'stopping']);

export const isNotRunning = (vm: VmFacts): boolean => NOT_RUNNING.has(vm.powerState);

/**
 * VMs the identity and extension actions may touch: OS not known to be unsupported, running, and for an Azure
 * Arc-enabled server, connected and Linux (Microsoft offers Entra sign-in on Linux Arc machines only).
 */
export const canConfigure = (vm: VmFacts): boolean => !isOsUnsupported(vm) && !isNotRunning(vm) && arcAllowsChanges(vm);
