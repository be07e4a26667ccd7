/**
 * Identity and extension discovery: the Graph devices whose names could clash with each VM's hostname, the
 * extension versions published per location, and the NICs and NSGs. A constant number of requests beyond list
 * paging: one batched device lookup, one versions call per (location, extension type), and the network reads.
 */

import { isOsUnsupported } from '../../src/checks/os-support';
import { EXTENSION } from '../../src/core/well-known-ids';
import { UserError } from '../../src/errors';
import type { DeviceFacts } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
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
  // Everything here is context: what cannot be read is recorded as unread, and the rules decide nothing on it.
  const [devices, versions, network] = await Promise.all([
    names.length
      ? readContextual(
          ctx,
          {
            step: 'identity-extension',
            key: FACT_KEYS.devices,
            resource: 'graph:/devices',
            what: 'the Entra devices named like the selected VMs',
            operation: 'graph.devices.read',
          },
          () => gateway.graph.findDevicesByName(names),
          undefined,
        )
      : Promise.resolve({} as Record<string, DeviceFacts[]>),
    Promise.all(
      [...versionsNeeded.entries()].map(([key, [sub, location, type]]) =>
        readContextual(
          ctx,
          {
            step: 'identity-extension',
            key: FACT_KEYS.extensionVersions(key),
            resource: `/subscriptions/${sub}/providers/Microsoft.Compute/locations/${location}/publishers/${EXTENSION.publisher}/artifacttypes/vmextension/types/${type}/versions`,
            what: `the published versions of ${type} in ${location}`,
            operation: 'extension.versions.read',
            scope: `/subscriptions/${sub}`,
          },
          async () => {
            try {
              return [key, await gateway.arm.latestExtensionVersion(sub, location, EXTENSION.publisher, type)] as const;
            } catch (e) {
              // No published version in this location is an answer: the plan falls back to 1.0 and says so.
              if (e instanceof UserError && e.code === 'not-found') return [key, ''] as const;
              throw e;
            }
          },
          [key, ''] as const,
        ),
      ),
    ),
    loadNetwork(gateway, snapshot, ctx.progress),
  ]);
  snapshot.devicesByName = {};
  for (const [name, list] of Object.entries(devices ?? {})) snapshot.devicesByName[name.toLowerCase()] = list;
  for (const [key, version] of versions) if (version) snapshot.extensionVersions[key] = version;
  snapshot.nics = network.nics;
  snapshot.nsgs = network.nsgs;
}
