/**
 * Identity and extension rules: which VMs need the system-assigned identity and the login extension, and the
 * findings that explain a failed install, a hostname that duplicates a device, or an NSG that blocks Entra.
 */

import { explainExtensionFailure } from '../../src/checks/extension-errors';
import { blockingRules, describeBlockingRule } from '../../src/checks/nsg';
import { isOsUnsupported } from '../../src/checks/os-support';
import { CLOUDS } from '../../src/core/cloud-profiles';
import type { Answers } from '../../src/plan/answers';
import type { NsgFacts, Snapshot, VmFacts } from '../../src/plan/snapshot';
import type { ActionDraft, CloudName, FindingDraft } from '../../src/plan/types';
import { FACT_KEYS, unreadFact } from '../../src/plan/unread';
import { actionKey, type StepInputs } from '../shared/contract';
import { primaryNic } from '../shared/network';
import { canConfigure, mayStart } from '../shared/vm-state';
import { httpsEndpoints, loginExtension, planVm } from './extension-drafts';
import { hostname } from './hostname';
import { hostnameCollision, lastSignIn, removeDeviceKey } from './stale-devices';

export interface IdentityExtensionFacts extends StepInputs {
  /** Every identity and extension action, computed once: findings name them in `fixedBy`. */
  drafts: ActionDraft[];
}

/** Case-insensitive lookups in a record keyed by resource id, indexed once so that assess stays linear in VMs. */
function caseInsensitive<T>(record: Record<string, T>): (id: string | undefined) => T | undefined {
  const index = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return (id) => (id ? (record[id] ?? index.get(id.toLowerCase())) : undefined);
}

/** The §5.6 reachability probes (404 means reachable) for this cloud, as one shell line to run on the VM. */
export function reachabilityCommand(cloud: CloudName, tenantId: string, vm: VmFacts): string {
  const urls = httpsEndpoints(cloud, vm.osType).map((u) => `${u}/`);
  if (cloud === 'AzureCloud' && vm.osType === 'Windows') {
    urls.push(
      `https://login.microsoftonline.com/${tenantId || '<tenant-id>'}/`,
      'https://device.login.microsoftonline.com/',
    );
  }
  // A Windows VM's admin has PowerShell, not bash and curl: Test-NetConnection checks TCP 443 to each host.
  if (vm.osType === 'Windows') {
    const hosts = [...new Set(urls.filter((u) => u.startsWith('https://')).map((u) => new URL(u).hostname))];
    return `${hosts.map((h) => `'${h}'`).join(',')} | ForEach-Object { Test-NetConnection $_ -Port 443 | Select-Object ComputerName,TcpTestSucceeded }`;
  }
  return `for u in ${urls.join(' ')}; do curl -s -o /dev/null -w "%{http_code} $u\\n" "$u"; done`;
}

export function assess({ snapshot, answers, drafts }: IdentityExtensionFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const graph = CLOUDS[snapshot.cloud].graphEndpoint;
  const planned = new Set(drafts.map((d) => d.key));
  const devicesByName = caseInsensitive(snapshot.devicesByName);
  const nsgById = caseInsensitive(snapshot.nsgs);
  for (const vm of snapshot.vms) {
    if (isOsUnsupported(vm)) continue;
    const ext = loginExtension(vm);
    if (ext?.provisioningState === 'Failed') {
      const why = explainExtensionFailure(ext, {
        endpoints: httpsEndpoints(snapshot.cloud, vm.osType),
        type: ext.type,
      });
      const key = actionKey('install-extension', vm.id);
      findings.push({
        code: 'extension-failed',
        severity: 'error',
        step: 'identity-extension',
        target: vm.id,
        message: `${ext.type} failed on ${vm.name}: ${why.meaning}.`,
        remediation: `${why.fix[0]!.toUpperCase()}${why.fix.slice(1)}.`,
        fixedBy: planned.has(key) ? [key] : [],
      });
    }
    // Unread devices: whether one clashes is unknown, and no finding claims either way.
    const devices = unreadFact(snapshot, FACT_KEYS.devices) ? [] : (devicesByName(hostname(vm)) ?? []);
    // Arc machines get no Windows login extension, so a device of the same name is not a join conflict.
    if (vm.osType === 'Windows' && !vm.arc && ext?.provisioningState !== 'Succeeded' && devices.length) {
      // No successful join yet: a device is the VM's own only when its physicalIds name the VM.
      const { stale, unknown } = hostnameCollision(vm, snapshot);
      const removals = stale.map((d) => removeDeviceKey(d.id)).filter((k) => planned.has(k));
      const install = actionKey('install-extension', vm.id);
      const shown = devices.map((d) => `${d.id}, ${lastSignIn(d)}`).join('; ');
      const blocked = (canConfigure(vm) || mayStart(vm, answers)) && !planned.has(install);
      findings.push({
        code: 'vm-hostname-duplicate-device',
        severity: 'error',
        step: 'identity-extension',
        target: vm.id,
        message: `Entra ID already has ${devices.length === 1 ? 'a device' : `${devices.length} devices`} named '${hostname(vm)}' (${shown}); the join of ${vm.name} fails with "Device name already exists"${blocked ? ', so the extension install is not planned' : ''}.`,
        remediation:
          unknown.length > 0
            ? `Whether ${unknown.length === 1 ? 'it is' : 'they are'} ${vm.name}'s own join could not be read (physicalIds): delete the stale device in the Entra admin center (Devices) or with ${devices.map((d) => `az rest --method delete --url ${graph}/v1.0/devices/${d.id}`).join(' && ')}, or rename the VM's computer name.`
            : removals.length > 0
              ? `Planned: the stale ${removals.length === 1 ? 'device is' : 'devices are'} removed, then the extension is installed.`
              : `Re-run with --remove-stale-devices (needs Cloud Device Administrator): the plan deletes ${stale.length === 1 ? 'the device, which is' : 'the devices, which are'} provably not ${vm.name}'s own join, then installs the extension. Or rename the VM's computer name.`,
        fixedBy: removals.length > 0 ? [...removals, install] : [],
      });
    }
    if (!canConfigure(vm)) continue;
    const nic = primaryNic(vm, snapshot.nics);
    const nsgs = [nic?.nsgId, nic?.subnetNsgId].map(nsgById).filter((n): n is NsgFacts => !!n);
    const blocking = nsgs.flatMap(blockingRules);
    if (blocking.length) {
      findings.push({
        code: 'network-endpoint-blocked',
        severity: 'warning',
        step: 'identity-extension',
        target: vm.id,
        message: `${vm.name}: ${blocking.map(describeBlockingRule).join('; ')}. The extension needs ${httpsEndpoints(snapshot.cloud, vm.osType).join(', ')} on port 443; effective reachability is checked on the VM itself.`,
        remediation: `Allow outbound TCP 443 to those endpoints (the AzureActiveDirectory service tag may not cover all of them), then check from the VM: ${reachabilityCommand(snapshot.cloud, snapshot.tenantId, vm)}${vm.osType === 'Windows' ? ' (TcpTestSucceeded True means reachable).' : ' (404 means reachable).'}`,
        fixedBy: [],
      });
    }
  }
  return findings;
}

export function facts(snapshot: Snapshot, answers: Answers): IdentityExtensionFacts {
  return { snapshot, answers, drafts: snapshot.vms.flatMap((vm) => planVm(vm, snapshot, answers)) };
}

export const plan = (f: IdentityExtensionFacts): ActionDraft[] => f.drafts;
