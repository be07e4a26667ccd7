/**
 * Identity and extension discovery: the Graph devices whose names could clash with each VM's hostname, the
 * extension versions published per location, and the NICs and NSGs. A constant number of requests beyond list
 * paging: one batched device lookup, one versions call per (location, extension type), and the network reads.
 */

import { isOsUnsupported } from '../../src/checks/os-support';
import { EXTENSION } from '../../src/core/well-known-ids';
import { UserError } from '../../src/errors';
import type { DeviceFacts } from '../../src/plan/snapshot';
import type { DiscoverContext } from '../shared/contract';
import { loadNetwork } from '../shared/network';
import { canConfigure } from '../shared/vm-state';
import { extensionType, loginExtension, versionKey } from './extension-drafts';
import { hostname } from './hostname';

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { gateway, snapshot } = ctx;
  const windows = snapshot.vms.filter((vm) => vm.osType === 'Windows' && !isOsUnsupported(vm));
  const names = [...new Map(windows.map((vm) => [hostname(vm).toLowerCase(), hostname(vm)])).values()];
  const versionsNeeded = new Map<string, [string, string, string]>();
  for (const vm of snapshot.vms.filter(canConfigure)) {
    if (loginExtension(vm)?.provisioningState === 'Succeeded') continue;
    const type = extensionType(vm);
    versionsNeeded.set(versionKey(vm.location, type), [vm.subscriptionId, vm.location, type]);
  }
  ctx.progress('Reading extension versions, devices and network rules…');
  const [devices, versions, network] = await Promise.all([
    names.length ? gateway.graph.findDevicesByName(names) : Promise.resolve({} as Record<string, DeviceFacts[]>),
    Promise.all(
      [...versionsNeeded.entries()].map(async ([key, [sub, location, type]]) => {
        try {
          return [key, await gateway.arm.latestExtensionVersion(sub, location, EXTENSION.publisher, type)] as const;
        } catch (e) {
          // No published version in this location: the plan falls back to 1.0 and says so.
          if (e instanceof UserError && e.code === 'not-found') return [key, ''] as const;
          throw e;
        }
      }),
    ),
    loadNetwork(gateway, snapshot),
  ]);
  snapshot.devicesByName = {};
  for (const [name, list] of Object.entries(devices)) snapshot.devicesByName[name.toLowerCase()] = list;
  for (const [key, version] of versions) if (version) snapshot.extensionVersions[key] = version;
  snapshot.nics = network.nics;
  snapshot.nsgs = network.nsgs;
}
