/**
 * How an Entra login extension install ends, and the statuses Azure reports for each ending (reference
 * §1.4, §5.6). Pure: the decision reads the VM, its NICs, NSGs and the Graph devices; the wording follows
 * what the Windows handler and the Compute RP report.
 */
import { MIN_WINDOWS_BUILD, windowsBuild } from '../catalog';
import type { InstanceStatusModel, NsgModel, NsgRuleModel, TenantState, VmModel } from '../state';
import { key } from '../state';

export type ExtensionOutcome =
  | { kind: 'succeeded' }
  | { kind: 'no-identity' }
  | { kind: 'network-blocked'; nsgId: string; rule: string }
  | { kind: 'unsupported-os' }
  | { kind: 'duplicate-device'; hostname: string };

export const EXIT_NO_IDENTITY = -2145648574;
export const EXIT_DISCOVERY_FAILED = -2145648607;
export const EXIT_UNSUPPORTED_OS = 51;

export function isEntraLoginExtension(publisher: string, type: string): boolean {
  return (
    publisher.toLowerCase() === 'microsoft.azure.activedirectory' &&
    ['aadloginforwindows', 'aadsshloginforlinux'].includes(type.toLowerCase())
  );
}

const ENTRA_TAGS = new Set(['*', 'internet', 'azureactivedirectory', '0.0.0.0/0', 'any']);

function portMatches(range: string, port: number): boolean {
  if (range === '*') return true;
  return range.split(',').some((part) => {
    const [lo, hi] = part.trim().split('-').map(Number);
    return hi === undefined ? lo === port : port >= lo! && port <= hi;
  });
}

/** The rule that decides outbound TCP 443 to Entra in one NSG (first match by priority, defaults included). */
export function decidingOutbound443Rule(nsg: NsgModel): NsgRuleModel | undefined {
  return [...nsg.rules, ...defaultSecurityRules()]
    .filter((r) => r.direction === 'Outbound')
    .sort((a, b) => a.priority - b.priority)
    .find(
      (r) =>
        (r.protocol === '*' || r.protocol.toLowerCase() === 'tcp') &&
        portMatches(r.destinationPortRange, 443) &&
        ENTRA_TAGS.has(r.destinationAddressPrefix.toLowerCase()),
    );
}

/** The decision made when the PUT arrives (identity, OS, network); the duplicate device is checked at the end. */
export function decideAtInstall(state: TenantState, vm: VmModel): ExtensionOutcome {
  if (vm.osType === 'Windows' && windowsBuild(vm.osVersion) < MIN_WINDOWS_BUILD) return { kind: 'unsupported-os' };
  if (!vm.identity.type.startsWith('SystemAssigned')) return { kind: 'no-identity' };
  for (const nicId of vm.nicIds) {
    const nic = state.nics.get(key(nicId));
    if (!nic) continue;
    const subnetNsg = subnetNsgId(state, nic.subnetId);
    for (const nsgId of [nic.nsgId, subnetNsg]) {
      const nsg = nsgId ? state.nsgs.get(key(nsgId)) : undefined;
      const rule = nsg ? decidingOutbound443Rule(nsg) : undefined;
      if (nsg && rule?.access === 'Deny') return { kind: 'network-blocked', nsgId: nsg.id, rule: rule.name };
    }
  }
  return { kind: 'succeeded' };
}

export function subnetNsgId(state: TenantState, subnetId: string): string | undefined {
  const i = subnetId.toLowerCase().indexOf('/subnets/');
  if (i === -1) return undefined;
  const vnet = state.vnets.get(subnetId.slice(0, i).toLowerCase());
  const name = subnetId.slice(i + '/subnets/'.length).toLowerCase();
  return vnet?.subnets.find((s) => s.name.toLowerCase() === name)?.nsgId;
}

const handlerName = (publisher: string, type: string) => `${publisher}.${type}`;

/** Instance-view statuses for an outcome. */
export function outcomeStatuses(
  outcome: ExtensionOutcome,
  vm: VmModel,
  publisher: string,
  type: string,
  time: string,
): InstanceStatusModel[] {
  const failed = (exit: number | undefined, message: string): InstanceStatusModel[] => [
    {
      code: exit === undefined ? 'ProvisioningState/failed' : `ProvisioningState/failed/${exit}`,
      level: 'Error',
      displayStatus: 'Provisioning failed',
      message,
      time,
    },
  ];
  const linux = vm.osType === 'Linux';
  switch (outcome.kind) {
    case 'succeeded':
      return [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded',
          message: linux ? 'Enable succeeded' : 'Plugin enabled',
          time,
        },
      ];
    case 'no-identity':
      return linux
        ? failed(1, 'Enable failed: the VM has no system-assigned managed identity; IMDS returned no tenant id.')
        : failed(
            EXIT_NO_IDENTITY,
            `Handler '${handlerName(publisher, type)}' has reported terminal failure for 'Enable' operation with error: ` +
              `'Failed with terminal error code '1007'. Exit code: ${EXIT_NO_IDENTITY}' ` +
              `(DSREG_E_MSI_TENANTID_UNAVAILABLE: failed to get the tenant id from the instance metadata service).`,
          );
    case 'network-blocked':
      return linux
        ? failed(1, 'Enable failed: could not reach packages.microsoft.com or login.microsoftonline.com (TCP 443).')
        : failed(
            EXIT_DISCOVERY_FAILED,
            `Handler '${handlerName(publisher, type)}' has reported failure for 'Enable' operation with error: ` +
              `'Exit code: ${EXIT_DISCOVERY_FAILED}' (DSREG_AUTOJOIN_DISC_FAILED: the device could not reach ` +
              `https://enterpriseregistration.windows.net for discovery).`,
          );
    case 'unsupported-os':
      return failed(
        EXIT_UNSUPPORTED_OS,
        `Handler '${handlerName(publisher, type)}' has reported failure for 'Enable' operation with error: ` +
          `'Exit code: ${EXIT_UNSUPPORTED_OS}': this extension is supported on Windows Server 2019, Windows 10 1809 ` +
          `and later only.`,
      );
    case 'duplicate-device':
      return failed(
        undefined,
        `Handler '${handlerName(publisher, type)}' has reported failure for 'Enable' operation with error: ` +
          `'Device name already exists: a device with hostname '${outcome.hostname}' already exists in Microsoft ` +
          `Entra ID; the join of this device failed.'`,
      );
  }
}

/** The LRO error Compute reports when the handler failed. */
export function lroError(statuses: InstanceStatusModel[], name: string, publisher: string, type: string) {
  const message = statuses[0]?.message ?? 'Provisioning failed';
  return {
    code: 'VMExtensionProvisioningError',
    message:
      `VM has reported a failure when processing extension '${name}' (publisher '${publisher}' and type ` +
      `'${type}'). Error message: '${message}'. More information on troubleshooting is available at ` +
      `https://aka.ms/vmextensionwindowstroubleshoot`,
  };
}

/** Azure's default NSG rules (present on every NSG, after the custom ones). */
export function defaultSecurityRules(): NsgRuleModel[] {
  const rule = (
    name: string,
    priority: number,
    direction: 'Inbound' | 'Outbound',
    access: 'Allow' | 'Deny',
    source: string,
    destination: string,
    description: string,
  ): NsgRuleModel => ({
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefix: source,
    sourcePortRange: '*',
    destinationAddressPrefix: destination,
    destinationPortRange: '*',
    description,
  });
  return [
    rule(
      'AllowVnetInBound',
      65000,
      'Inbound',
      'Allow',
      'VirtualNetwork',
      'VirtualNetwork',
      'Allow inbound traffic from all VMs in VNET',
    ),
    rule(
      'AllowAzureLoadBalancerInBound',
      65001,
      'Inbound',
      'Allow',
      'AzureLoadBalancer',
      '*',
      'Allow inbound traffic from azure load balancer',
    ),
    rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*', 'Deny all inbound traffic'),
    rule(
      'AllowVnetOutBound',
      65000,
      'Outbound',
      'Allow',
      'VirtualNetwork',
      'VirtualNetwork',
      'Allow outbound traffic from all VMs to all VMs in VNET',
    ),
    rule(
      'AllowInternetOutBound',
      65001,
      'Outbound',
      'Allow',
      '*',
      'Internet',
      'Allow outbound traffic from all VMs to Internet',
    ),
    rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*', 'Deny all outbound traffic'),
  ];
}
