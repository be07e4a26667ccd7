/**
 * The `.rdp` file and connection commands the summary hands to users (docs/reference/azure-facts.md §5.4, §1.7). Pure text.
 * `full address` must be the Entra device name (the VM's computer name), never an IP address: web-account
 * sign-in fails with AADSTS293004 otherwise. RDP files use CRLF line endings.
 */
import { createHash } from 'node:crypto';
import { type CloudName, PORTAL_HOSTS } from '../core/cloud-profiles';
import { parseResourceId } from '../plan/ids';
import type { BastionFacts, VmFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { shellQuote } from '../plan/untrusted';

export interface RdpFileInput {
  vm: Pick<VmFacts, 'name' | 'computerName'>;
  /** The name to connect to; defaults to the computer name. Must resolve from the client (DNS or hosts file). */
  hostname?: string;
  method: 'rdp-web-account' | 'rdp-password';
  /** Password flow: pre-fills `AzureAD\upn`, which an Entra *registered* client needs. Ignored for web accounts. */
  upn?: string;
}

/** One or more DNS labels: letters, digits and inner hyphens, 63 characters each, 253 in all. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** A UPN as the username line takes it: one @, no spaces, no control characters, a DNS domain. */
const UPN = /^[^\s@\u0000-\u001f\u007f-\u009f]{1,113}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?$/;

/**
 * Why the values of an .rdp file for this input would be unsafe, or undefined when they are fine. An .rdp file
 * is `key:type:value` lines: a CR or LF in a tenant value (a computer name) would add settings of the tenant's
 * choosing (`alternate shell`, drive redirection), so every value is checked against what it can legally be.
 */
export function rdpFileProblem({ vm, hostname, method, upn }: RdpFileInput): string | undefined {
  const address = hostname ?? vm.computerName ?? vm.name;
  if (!HOST_NAME.test(address)) return `the host name ${JSON.stringify(address)} is not a valid DNS name`;
  if (method === 'rdp-password' && upn !== undefined && !UPN.test(upn)) {
    return `the user name ${JSON.stringify(upn)} is not a valid UPN`;
  }
  return undefined;
}

/** The file's text. Throws on values `rdpFileProblem` refuses: callers check first and report the VM. */
export function renderRdpFile(input: RdpFileInput): string {
  const problem = rdpFileProblem(input);
  if (problem) throw new Error(`refusing to write an .rdp file: ${problem}`);
  const { vm, hostname, method, upn } = input;
  const address = hostname ?? vm.computerName ?? vm.name;
  const lines = [`full address:s:${address}`];
  if (method === 'rdp-web-account') lines.push('enablerdsaadauth:i:1');
  else {
    lines.push('enablecredsspsupport:i:1');
    if (upn) lines.push(`username:s:AzureAD\\${upn}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Characters a file name of ours may hold on every OS: no separators, no controls, no shell specials. */
const FILE_NAME_SAFE = /[^A-Za-z0-9._-]/g;
const FILE_BASE_MAX = 64;

/**
 * The file name (without directory) for a VM's .rdp file: the VM name when it is made only of letters, digits,
 * `.`, `_` and `-`, does not start with a dot and fits; otherwise the name with every other character replaced
 * by `_`, cut short, plus a short hash of the VM's resource id, so that two changed names cannot collide and
 * `../` or an escape sequence never reaches the file system. `taken` (lower-cased names already used in the
 * same directory) adds the hash on a case-insensitive collision.
 */
export function rdpFileName(
  vm: Pick<VmFacts, 'id' | 'name'>,
  suffix = '',
  taken: ReadonlySet<string> = new Set(),
): string {
  const plain = `${vm.name}${suffix}`;
  const cleaned = plain.replace(FILE_NAME_SAFE, '_').replace(/^[.]+/, '_').slice(0, FILE_BASE_MAX);
  const changed = cleaned !== plain;
  if (!changed && !taken.has(`${cleaned}.rdp`.toLowerCase())) return `${cleaned}.rdp`;
  const hash = createHash('sha256').update(vm.id.toLowerCase()).digest('hex').slice(0, 8);
  return `${cleaned}-${hash}.rdp`;
}

export interface ConnectionHint {
  method: ConnectionMethod;
  /** What to run or open. */
  command: string;
  note: string;
}

/** How each user connects to `vm` by `method`. Bastion commands need the Bastion host in reach of the VM. */
export function connectionHint(
  vm: VmFacts,
  method: ConnectionMethod,
  bastion?: BastionFacts,
  cloud: CloudName = 'AzureCloud',
): ConnectionHint {
  const bastionRg = bastion ? (parseResourceId(bastion.id)?.resourceGroup ?? '<bastion-rg>') : '<bastion-rg>';
  const bastionName = bastion?.name ?? '<bastion>';
  switch (method) {
    case 'rdp-web-account':
      return {
        method,
        command: `mstsc ${shellQuote(rdpFileName(vm))}`,
        note: `The .rdp file sets enablerdsaadauth:i:1 ("Use a web account to sign in"); ${vm.computerName ?? vm.name} must resolve from the client (DNS or hosts file), not an IP address.`,
      };
    case 'rdp-password':
      return {
        method,
        command: `mstsc ${shellQuote(rdpFileName(vm))}`,
        note: 'Sign in as user@domain from a client Entra joined to the same tenant, or as AzureAD\\user@domain from an Entra registered client; with MFA required, only Windows Hello for Business works.',
      };
    case 'bastion-native':
      return {
        method,
        command: `az network bastion rdp --name ${shellQuote(bastionName)} --resource-group ${shellQuote(bastionRg)} --target-resource-id ${shellQuote(vm.id)} --enable-mfa`,
        note: 'Needs Bastion Standard or Premium with native client support, and Reader on the VM, its NIC and the Bastion host.',
      };
    case 'bastion-portal':
      return {
        method,
        command: `${PORTAL_HOSTS[cloud]}/#@/resource${vm.id}/bastionHost`,
        note: 'Connect > Bastion > Microsoft Entra ID authentication. Needs Reader on the VM, its NIC and the Bastion host.',
      };
    case 'ssh':
      if (vm.arc) {
        return {
          method,
          command: `az ssh arc --resource-group ${shellQuote(vm.resourceGroup)} --name ${shellQuote(vm.name)}`,
          note: "Signs in with your az login identity through Azure Arc (no public IP or open port); the machine needs sshd and its connectivity endpoint's SSH port (az ssh arc sets it up on first use).",
        };
      }
      return {
        method,
        command: `az ssh vm -n ${shellQuote(vm.name)} -g ${shellQuote(vm.resourceGroup)}`,
        note: 'Signs in with your az login identity; no SSH key is needed.',
      };
  }
}
