/**
 * VM selection's rules: it plans nothing; its findings tell which VMs the other steps must leave alone
 * (unsupported OS, not running) and which computer names will trouble sign-in.
 */
import { ARC_WINDOWS_ALTERNATIVE, isArcDisconnected, isArcEntraUnsupported } from '../../src/checks/arc';
import { checkComputerName, describeComputerNameProblem } from '../../src/checks/computer-name';
import { assessOs } from '../../src/checks/os-support';
import type { AnswersInput } from '../../src/plan/answers';
import type { FindingDraft } from '../../src/plan/types';
import type { StepInputs } from '../shared/contract';
import { isNotRunning, mayStart, startVmKey } from '../shared/vm-state';

export type VmSelectionFacts = StepInputs;

export const NO_VM_SELECTED = 'Select at least one VM: space toggles the highlighted VM.';

/** The wizard cannot plan for nothing: some selector must name at least one VM. */
export function blocker(a: AnswersInput): string | undefined {
  const selectors = (a.vms?.length ?? 0) + (a.resourceGroups?.length ?? 0) + (a.tags?.length ?? 0);
  return selectors > 0 ? undefined : NO_VM_SELECTED;
}

export function assess({ snapshot, answers }: VmSelectionFacts): FindingDraft[] {
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
    if (isArcEntraUnsupported(vm)) {
      findings.push({
        code: 'arc-entra-unsupported',
        severity: 'error',
        step: 'vm-selection',
        target: vm.id,
        message: `${vm.name} is a Windows Azure Arc-enabled server: Microsoft offers Entra sign-in for Linux Arc machines only, so nothing will be changed on it.`,
        remediation: ARC_WINDOWS_ALTERNATIVE,
        fixedBy: [],
      });
    }
    if (isArcDisconnected(vm)) {
      findings.push({
        code: 'arc-machine-disconnected',
        severity: 'warning',
        step: 'vm-selection',
        target: vm.id,
        message: `${vm.name} is an Azure Arc-enabled server whose agent is ${vm.arc?.status}${vm.arc?.lastStatusChange ? ` since ${vm.arc.lastStatusChange}` : ''}: extensions install only through a connected agent, so no extension change is planned for it.`,
        remediation: `On the machine, check the agent with 'azcmagent show' and reconnect it ('azcmagent connect'), then plan again.`,
        fixedBy: [],
      });
    }
    if (isNotRunning(vm)) {
      // With the opt-in, identity-extension starts the VM first when it has something to set up there: the
      // planner keeps this fixedBy only if that start is in the plan.
      const starts = mayStart(vm, answers);
      findings.push({
        code: 'vm-deallocated',
        severity: 'warning',
        step: 'vm-selection',
        target: vm.id,
        message: starts
          ? `${vm.name} is ${vm.powerState}: extensions install only on a running VM, so it is started first when its identity or extension needs setting up (--start-stopped-vms); from then on it bills compute.`
          : `${vm.name} is ${vm.powerState}: extensions install only on a running VM, so no identity or extension change is planned for it.`,
        remediation: starts
          ? `Deallocate it again when done if it should not run (az vm deallocate -g ${vm.resourceGroup} -n ${vm.name}).`
          : `Re-run with --start-stopped-vms to have the plan start it first (it bills compute from then on; needs Virtual Machine Contributor), or start it yourself (az vm start -g ${vm.resourceGroup} -n ${vm.name}) and plan again.`,
        fixedBy: starts ? [startVmKey(vm.id)] : [],
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
