/**
 * What identity-extension plans for one VM. Pure.
 *
 * Invariants: nothing is planned on a VM whose OS is known to be unsupported or that is not running; the
 * extension install always depends on the identity action when both are planned (the extension reads the
 * tenant from the system-assigned identity: without it the install fails with 1007); a Failed extension is
 * reinstalled under its existing resource name.
 */

import type { ExtensionSpec } from '../../src/azure/operations';
import { explainExtensionFailure } from '../../src/checks/extension-errors';
import { assessOs, isWindowsClient } from '../../src/checks/os-support';
import { CLOUDS } from '../../src/core/cloud-profiles';
import { shared } from '../../src/core/shared-strings';
import { EXTENSION } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { renderFrom, type TextSource } from '../../src/plan/rendered-text';
import type { DeviceFacts, Snapshot, VmFacts, VmIdentityFacts } from '../../src/plan/snapshot';
import type { ActionDraft, CloudName } from '../../src/plan/types';
import { FACT_KEYS, unreadFact } from '../../src/plan/unread';
import type { ActionKindSpec } from '../shared/action-params';
import { actionKey } from '../shared/contract';
import { canConfigure, mayStart, startVmKey } from '../shared/vm-state';
import {
  enableSystemIdentityKind,
  extensionType,
  installExtensionKind,
  loginExtension,
  removeStaleDeviceKind,
  startVmKind,
} from './params';
import { hostnameCollision, removeDeviceKey } from './stale-devices';

/** Used only when the versions API returned nothing for the location (docs/reference/azure-facts.md §0.4: docs use 1.0). */
export const FALLBACK_VERSION = '1.0';

export { extensionType, loginExtension };

export const versionKey = (location: string, type: string): string => `${location.toLowerCase()}/${type}`;

export const hasSystemAssigned = (identity: VmIdentityFacts): boolean => /systemassigned/i.test(identity.type);

/** The endpoints a VM of this OS must reach on 443 (https ones from the cloud profile). */
export function httpsEndpoints(cloud: CloudName, osType: VmFacts['osType']): string[] {
  const profile = CLOUDS[cloud].vmEndpoints;
  return (osType === 'Windows' ? profile.windows : profile.linux).filter((u) => u.startsWith('https://'));
}

/**
 * Summary and command rendered from the parameters, the requirement from the VM's name, each time they are
 * read: a fleet's plan has one install and often one identity action per VM (src/plan/rendered-text.ts). One
 * source per kind, cloud and role, shared by every VM.
 */
const displaySources = new Map<string, TextSource<'summary' | 'command' | 'requires'>>();
function displayedFrom(spec: ActionKindSpec, kind: string, cloud: CloudName, role: string) {
  const key = `${kind}|${cloud}|${role}`;
  let source = displaySources.get(key);
  if (!source) {
    source = {
      summary: (d: { params: unknown }) => spec.describe(d.params, cloud).summary,
      command: (d: { params: unknown }) => spec.describe(d.params, cloud).command,
      requires: (d: { params: { vmName: string } }) => `${role} on ${d.params.vmName}`,
    };
    displaySources.set(key, source);
  }
  return source;
}

export function identityDraft(vm: VmFacts, cloud: CloudName = 'AzureCloud'): ActionDraft {
  const kept = vm.identity.userAssignedIds.length;
  const params = { vmId: vm.id, vmName: vm.name, userAssignedIds: [...vm.identity.userAssignedIds] };
  const draft = {
    key: actionKey('enable-system-identity', vm.id),
    kind: 'enable-system-identity' as const,
    step: 'identity-extension' as const,
    target: vm.id,
    // Names no VM: the same text for thousands of VMs, kept once.
    reason: shared(
      `${extensionType(vm)} reads the tenant from the VM’s system-assigned identity; without it the install fails ` +
        `with error 1007 (exit code -2145648574)${kept ? `. Its ${kept} user-assigned identit${kept === 1 ? 'y is' : 'ies are'} kept` : ''}.`,
    ),
    dependsOn: [] as string[],
    params,
  };
  const source = displayedFrom(enableSystemIdentityKind, draft.kind, cloud, 'Virtual Machine Contributor');
  return renderFrom(draft, source, 'summary', 'command', 'requires');
}

export function extensionDraft(
  vm: VmFacts,
  snapshot: Snapshot,
  answers: Answers,
  identityKey: string | undefined,
): ActionDraft {
  const type = extensionType(vm);
  const existing = loginExtension(vm);
  const latest = snapshot.extensionVersions[versionKey(vm.location, type)];
  const version = latest || FALLBACK_VERSION;
  const mdm = answers.intune && isWindowsClient(vm);
  const spec: ExtensionSpec = {
    name: existing?.name ?? type,
    publisher: EXTENSION.publisher,
    type,
    typeHandlerVersion: version,
    autoUpgradeMinorVersion: true,
    ...(mdm ? { settings: { mdmId: EXTENSION.intuneMdmId } } : {}),
  };
  const reasons: string[] = [];
  if (existing) {
    const why = explainExtensionFailure(existing, { endpoints: httpsEndpoints(snapshot.cloud, vm.osType), type });
    reasons.push(`The existing install failed: ${why.meaning}`);
    if (identityKey) reasons.push('it is reinstalled after the system-assigned identity is enabled');
  } else {
    reasons.push(`Entra sign-in on ${assessOs(vm).label} needs the ${type} extension`);
  }
  reasons.push(
    latest
      ? `version ${version} is the latest published in ${vm.location}`
      : `version ${FALLBACK_VERSION} because the versions API listed none in ${vm.location}`,
  );
  if (mdm) reasons.push('mdmId enrols this Windows client VM in Intune');
  if (vm.arc) reasons.push('this Azure Arc-enabled server installs it through its Connected Machine agent');
  const params = { vmId: vm.id, vmName: vm.name, location: vm.location, reinstall: !!existing, spec };
  const reason = `${reasons.join('; ')}.`;
  const draft = {
    key: actionKey('install-extension', vm.id),
    kind: 'install-extension' as const,
    step: 'identity-extension' as const,
    target: vm.id,
    // A failed install's reason quotes that VM's own error; a fresh one names only its OS, version and region.
    reason: existing ? reason : shared(reason),
    dependsOn: identityKey ? [identityKey] : [],
    params,
  };
  const role = vm.arc ? 'Azure Connected Machine Resource Administrator' : 'Virtual Machine Contributor';
  return renderFrom(
    draft,
    displayedFrom(installExtensionKind, draft.kind, snapshot.cloud, role),
    'summary',
    'command',
    'requires',
  );
}

/** Deleting a device that holds the VM's host name and is provably not its own join (opt-in). */
export function removeDeviceDraft(vm: VmFacts, device: DeviceFacts, cloud: CloudName): ActionDraft {
  const params = {
    deviceObjectId: device.id,
    displayName: device.displayName,
    vmId: vm.id,
    vmName: vm.name,
    ...(device.approximateLastSignInDateTime ? { lastSignInDateTime: device.approximateLastSignInDateTime } : {}),
  };
  return {
    key: removeDeviceKey(device.id),
    kind: 'remove-stale-device',
    step: 'identity-extension',
    ...removeStaleDeviceKind.describe(params, cloud),
    reason: `Entra ID has a device named '${device.displayName}' that is not ${vm.name}'s own join (its physicalIds do not name the VM); while it exists the extension's join fails with "Device name already exists". A deleted device can be restored from deleted items for 30 days.`,
    dependsOn: [],
    requires: 'Cloud Device Administrator (Device.ReadWrite.All)',
    params,
  };
}

/** Starting a deallocated or stopped VM (opt-in) so that the identity and extension drafts after it can run. */
export function startVmDraft(vm: VmFacts): ActionDraft {
  // Deallocated (or deallocating) VMs are not billed for compute; a stopped one is still allocated, so billed.
  const params = { vmId: vm.id, vmName: vm.name, powerState: vm.powerState };
  return {
    key: startVmKey(vm.id),
    kind: 'start-vm',
    step: 'identity-extension',
    ...startVmKind.describe(params, 'AzureCloud'),
    reason: `${vm.name} is ${vm.powerState}, and extensions install only on a running VM; starting it was chosen (--start-stopped-vms). A running VM is billed for compute until it is deallocated again (az vm deallocate -g ${vm.resourceGroup} -n ${vm.name}).`,
    dependsOn: [],
    requires: `Virtual Machine Contributor on ${vm.name}`,
    params,
  };
}

/** The VM's drafts, preceded by its start when it is not running and the admin allowed that. */
export function planVm(vm: VmFacts, snapshot: Snapshot, answers: Answers): ActionDraft[] {
  if (!mayStart(vm, answers)) return planRunningVm(vm, snapshot, answers);
  const drafts = planRunningVm({ ...vm, powerState: 'running' }, snapshot, answers);
  if (drafts.length === 0) return [];
  const start = startVmDraft(vm);
  // The identity and the install need the running VM; removing a stale device in Graph does not.
  for (const d of drafts) if (d.kind !== 'remove-stale-device') d.dependsOn.unshift(start.key);
  return [start, ...drafts];
}

function planRunningVm(vm: VmFacts, snapshot: Snapshot, answers: Answers): ActionDraft[] {
  if (!canConfigure(vm)) return [];
  const drafts: ActionDraft[] = [];
  const identity = hasSystemAssigned(vm.identity) ? undefined : identityDraft(vm, snapshot.cloud);
  if (identity) drafts.push(identity);
  const state = loginExtension(vm)?.provisioningState;
  // The version to install was not readable: nothing is planned on a guess (a read-failed finding says why).
  if (unreadFact(snapshot, FACT_KEYS.extensionVersions(versionKey(vm.location, extensionType(vm))))) return drafts;
  // Succeeded: nothing to do; Creating/Updating/Deleting: Azure is still working on it, leave it alone.
  if (state !== undefined && state !== 'Failed') return drafts;
  // A device that holds the host name makes the join fail: the install is planned only once it goes.
  const collision = hostnameCollision(vm, snapshot);
  if (collision.unknown.length > 0) return drafts;
  if (collision.stale.length > 0 && !answers.removeStaleDevices) return drafts;
  const removals = collision.stale.map((d) => removeDeviceDraft(vm, d, snapshot.cloud));
  drafts.push(...removals);
  const install = extensionDraft(vm, snapshot, answers, identity?.key);
  install.dependsOn.push(...removals.map((r) => r.key));
  drafts.push(install);
  return drafts;
}
