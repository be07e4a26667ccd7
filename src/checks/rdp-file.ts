/**
 * The `.rdp` file and connection commands the summary hands to users (reference §5.4, §1.7). Pure text.
 * `full address` must be the Entra device name (the VM's computer name), never an IP address: web-account
 * sign-in fails with AADSTS293004 otherwise. RDP files use CRLF line endings.
 */
import { parseResourceId } from '../plan/ids';
import type { BastionFacts, VmFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';

export interface RdpFileInput {
  vm: Pick<VmFacts, 'name' | 'computerName'>;
  /** The name to connect to; defaults to the computer name. Must resolve from the client (DNS or hosts file). */
  hostname?: string;
  method: 'rdp-web-account' | 'rdp-password';
  /** Password flow: pre-fills `AzureAD\upn`, which an Entra *registered* client needs. Ignored for web accounts. */
  upn?: string;
}

export function renderRdpFile({ vm, hostname, method, upn }: RdpFileInput): string {
  const address = hostname ?? vm.computerName ?? vm.name;
  const lines = [`full address:s:${address}`];
  if (method === 'rdp-web-account') lines.push('enablerdsaadauth:i:1');
  else {
    lines.push('enablecredsspsupport:i:1');
    if (upn) lines.push(`username:s:AzureAD\\${upn}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ConnectionHint {
  method: ConnectionMethod;
  /** What to run or open. */
  command: string;
  note: string;
}

/** How each user connects to `vm` by `method`. Bastion commands need the Bastion host in reach of the VM. */
export function connectionHint(vm: VmFacts, method: ConnectionMethod, bastion?: BastionFacts): ConnectionHint {
  const bastionRg = bastion ? (parseResourceId(bastion.id)?.resourceGroup ?? '<bastion-rg>') : '<bastion-rg>';
  const bastionName = bastion?.name ?? '<bastion>';
  switch (method) {
    case 'rdp-web-account':
      return {
        method,
        command: `mstsc ${vm.name}.rdp`,
        note: `The .rdp file sets enablerdsaadauth:i:1 ("Use a web account to sign in"); ${vm.computerName ?? vm.name} must resolve from the client (DNS or hosts file), not an IP address.`,
      };
    case 'rdp-password':
      return {
        method,
        command: `mstsc ${vm.name}.rdp`,
        note: 'Sign in as user@domain from a client Entra joined to the same tenant, or as AzureAD\\user@domain from an Entra registered client; with MFA required, only Windows Hello for Business works.',
      };
    case 'bastion-native':
      return {
        method,
        command: `az network bastion rdp --name ${bastionName} --resource-group ${bastionRg} --target-resource-id ${vm.id} --enable-mfa`,
        note: 'Needs Bastion Standard or Premium with native client support, and Reader on the VM, its NIC and the Bastion host.',
      };
    case 'bastion-portal':
      return {
        method,
        command: `https://portal.azure.com/#@/resource${vm.id}/bastionHost`,
        note: 'Connect > Bastion > Microsoft Entra ID authentication. Needs Reader on the VM, its NIC and the Bastion host.',
      };
    case 'ssh':
      return {
        method,
        command: `az ssh vm -n ${vm.name} -g ${vm.resourceGroup}`,
        note: 'Signs in with your az login identity; no SSH key is needed.',
      };
  }
}
