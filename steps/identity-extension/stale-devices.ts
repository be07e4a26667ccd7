/**
 * Devices in Entra ID that carry a Windows VM's host name but are not its own join: the extension's join fails
 * with "Device name already exists" while one remains. A device is the VM's own only when its `physicalIds`
 * name the VM's resource id (`[AzureResourceId]:<id>`); one without that entry is provably someone else's.
 * Pure.
 */
import type { DeviceFacts, Snapshot, VmFacts } from '../../src/plan/snapshot';
import { actionKey } from '../shared/contract';
import { hostname } from './hostname';

const AZURE_RESOURCE_ID = '[azureresourceid]:';

/** Whether the device's physicalIds say it is this VM's join; undefined when Graph did not return them. */
export function isOwnJoin(device: DeviceFacts, vm: Pick<VmFacts, 'id'>): boolean | undefined {
  if (!device.physicalIds) return undefined;
  const id = vm.id.toLowerCase();
  return device.physicalIds.some(
    (p) => p.toLowerCase().startsWith(AZURE_RESOURCE_ID) && p.slice(AZURE_RESOURCE_ID.length).toLowerCase() === id,
  );
}

export interface HostnameCollision {
  /** Devices provably not this VM's join: the tool may remove them on opt-in. */
  stale: DeviceFacts[];
  /** Devices whose physicalIds were not read: never removed. */
  unknown: DeviceFacts[];
}

/** The devices that block the join of a Windows VM (none for Linux, which does not join). */
export function hostnameCollision(vm: VmFacts, snapshot: Snapshot): HostnameCollision {
  if (vm.osType !== 'Windows') return { stale: [], unknown: [] };
  const name = hostname(vm).toLowerCase();
  const devices = snapshot.devicesByName[name] ?? [];
  return {
    stale: devices.filter((d) => isOwnJoin(d, vm) === false),
    unknown: devices.filter((d) => isOwnJoin(d, vm) === undefined),
  };
}

export const removeDeviceKey = (deviceId: string): string => actionKey('remove-stale-device', deviceId);

/** The date part of a device's last sign-in, as summaries and findings show it. */
export const lastSignInWords = (at: string | undefined): string =>
  at ? `last sign-in ${at.slice(0, 10)}` : 'no sign-in recorded';

export const lastSignIn = (d: DeviceFacts): string => lastSignInWords(d.approximateLastSignInDateTime);
