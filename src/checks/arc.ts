/**
 * Azure Arc-enabled servers: what differs from an Azure VM for Entra sign-in. Pure.
 *
 * Microsoft offers Entra sign-in on Arc machines for Linux only, through the AADSSHLoginForLinux extension
 * and `az ssh arc`; Windows Arc machines accept SSH with local accounts only. Extensions run through the
 * Connected Machine agent, so nothing can be installed while the machine is not Connected. An Arc machine
 * always has a system-assigned identity. Sources: docs/reference/azure-arc.md.
 */
import type { VmFacts } from '../plan/snapshot';

type ArcInput = Pick<VmFacts, 'arc' | 'osType'>;

export const isArc = (vm: Pick<VmFacts, 'arc'>): boolean => vm.arc !== undefined;

/** An Arc machine whose agent is not Connected (Disconnected, Error, Expired). */
export const isArcDisconnected = (vm: Pick<VmFacts, 'arc'>): boolean =>
  vm.arc !== undefined && vm.arc.status !== 'Connected';

/** An Arc machine on which Microsoft offers no Entra sign-in: Windows. */
export const isArcEntraUnsupported = (vm: ArcInput): boolean => vm.arc !== undefined && vm.osType === 'Windows';

/** Whether the identity and extension steps may act on the machine as far as Arc is concerned. */
export const arcAllowsChanges = (vm: ArcInput): boolean => !isArcDisconnected(vm) && !isArcEntraUnsupported(vm);

/** How a user signs in to a Linux Arc machine with Entra ID. */
export function arcSshCommand(vm: Pick<VmFacts, 'name' | 'resourceGroup'>): string {
  return `az ssh arc --resource-group ${vm.resourceGroup} --name ${vm.name}`;
}

/** The Azure CLI equivalent of installing the login extension on an Arc machine. */
export function arcExtensionCommand(
  vm: Pick<VmFacts, 'name' | 'resourceGroup' | 'location'>,
  spec: { name: string; publisher: string; type: string; typeHandlerVersion: string },
): string {
  return (
    `az connectedmachine extension create --machine-name ${vm.name} --resource-group ${vm.resourceGroup} ` +
    `--name ${spec.name} --publisher ${spec.publisher} --type ${spec.type} ` +
    `--type-handler-version ${spec.typeHandlerVersion} --location ${vm.location}`
  );
}

/** What Windows Arc machines allow instead, for the finding's remediation. */
export const ARC_WINDOWS_ALTERNATIVE =
  "Entra sign-in is offered for Linux Arc machines only: sign in to this Windows machine with a local account (az ssh arc --local-user <account>, or RDP tunnelled with 'az ssh arc … --rdp'), or move the workload to an Azure VM.";
