/**
 * Computer name checks (docs/reference/azure-facts.md §5.6, §6 items 2 and 7). Pure.
 *
 * A Windows VM joins Entra ID as a device named after its guest hostname (computerName). RDP with a web
 * account, and Bastion's `--enable-mfa`, connect by a name that must equal that device hostname, otherwise
 * sign-in fails with AADSTS293004. Windows computer names are NetBIOS names of at most 15 characters, so a VM
 * whose resource name is longer gets a truncated computer name that no longer matches, a known cause of
 * "extension succeeded but the VM is not joined" reports. Linux VMs do not join as devices and `az ssh vm`
 * does not use the hostname, so the check applies to Windows only.
 */
import type { VmFacts } from '../plan/snapshot';

export const NETBIOS_MAX = 15;

export type ComputerNameProblem =
  | { kind: 'too-long'; computerName: string }
  | { kind: 'vm-name-too-long'; vmName: string }
  | { kind: 'differs'; computerName: string; vmName: string };

export function checkComputerName(
  vm: Pick<VmFacts, 'name' | 'computerName' | 'osType'>,
): ComputerNameProblem | undefined {
  if (vm.osType !== 'Windows') return undefined;
  const computerName = vm.computerName?.trim();
  if (!computerName) {
    return vm.name.length > NETBIOS_MAX ? { kind: 'vm-name-too-long', vmName: vm.name } : undefined;
  }
  if (computerName.length > NETBIOS_MAX) return { kind: 'too-long', computerName };
  if (computerName.toLowerCase() !== vm.name.toLowerCase()) {
    return { kind: 'differs', computerName, vmName: vm.name };
  }
  return undefined;
}

/** One sentence for the finding's message. */
export function describeComputerNameProblem(p: ComputerNameProblem): string {
  switch (p.kind) {
    case 'too-long':
      return `computer name '${p.computerName}' is longer than ${NETBIOS_MAX} characters; the Entra join and web-account RDP (AADSTS293004) can fail`;
    case 'vm-name-too-long':
      return `VM name '${p.vmName}' is longer than ${NETBIOS_MAX} characters, so its Windows computer name is truncated and differs from it; RDP by the VM name fails with AADSTS293004`;
    case 'differs':
      return `computer name '${p.computerName}' differs from the VM name '${p.vmName}'; the Entra device is named '${p.computerName}', and connecting as '${p.vmName}' fails with AADSTS293004`;
  }
}
