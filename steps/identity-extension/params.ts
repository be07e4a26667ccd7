/**
 * Closed parameters of the identity-extension kinds. `enable-system-identity` keeps exactly the VM's current
 * user-assigned identities (a plan must not attach another identity to a VM); `install-extension` installs only
 * the two Entra login extensions from their publisher, with no settings but the Intune `mdmId` this tool writes.
 */
import * as z from 'zod';
import { isWindowsClient } from '../../src/checks/os-support';
import { CLOUDS } from '../../src/core/cloud-profiles';
import { EXTENSION } from '../../src/core/well-known-ids';
import { parseResourceId } from '../../src/plan/ids';
import type { ExtensionFacts, VmFacts } from '../../src/plan/snapshot';
import { shellQuote } from '../../src/plan/untrusted';
import { actionKind, armId, guid, nameOf, vmId } from '../shared/action-params';
import { selectedVm } from '../shared/selection-index';
import { hostnameCollision, lastSignInWords } from './stale-devices';

const vmRef = { vmId, vmName: z.string().min(1) };
const arcMachineId = armId('Microsoft.HybridCompute', 'machines');
/** An Azure VM or an Azure Arc-enabled server: both take the login extensions. */
const machineRef = { vmId: z.union([vmId, arcMachineId]), vmName: z.string().min(1) };
const isArcId = (id: string) => /\/providers\/Microsoft\.HybridCompute\/machines\//i.test(id);
const nameMatchesId = (p: { vmId: string; vmName: string }) => nameOf(p.vmId) === p.vmName;
const NAME_MISMATCH = { message: 'vmName is not the name in vmId', path: ['vmName'] };
const rgOf = (id: string) => parseResourceId(id)?.resourceGroup ?? '';

/** The Entra login extension type for the VM's OS. */
export const extensionType = (vm: Pick<VmFacts, 'osType'>): string =>
  vm.osType === 'Windows' ? EXTENSION.windowsType : EXTENSION.linuxType;

/** The VM's Entra login extension of the right type, whatever its resource name. */
export function loginExtension(vm: VmFacts): ExtensionFacts | undefined {
  const type = extensionType(vm).toLowerCase();
  return vm.extensions.find(
    (e) => e.type.toLowerCase() === type && e.publisher.toLowerCase() === EXTENSION.publisher.toLowerCase(),
  );
}

export const enableSystemIdentityKind = actionKind({
  params: z
    .object({
      ...vmRef,
      userAssignedIds: z.array(armId('Microsoft.ManagedIdentity', 'userAssignedIdentities')),
    })
    .strict()
    .refine(nameMatchesId, NAME_MISMATCH),
  describe: (p) => ({
    target: p.vmId,
    summary: `Enable the system-assigned managed identity on ${p.vmName}`,
    command: `az vm identity assign -g ${shellQuote(rgOf(p.vmId))} -n ${shellQuote(p.vmName)}`,
  }),
  inScope(p, snapshot) {
    const vm = selectedVm(snapshot, p.vmId);
    if (!vm) return 'vmId: not a selected VM';
    const now = new Set(vm.identity.userAssignedIds.map((i) => i.toLowerCase()));
    const kept = new Set(p.userAssignedIds.map((i) => i.toLowerCase()));
    const same = now.size === kept.size && [...kept].every((i) => now.has(i));
    return same ? undefined : 'userAssignedIds: not the identities the VM has';
  },
});

export const LOGIN_EXTENSION_TYPES = [EXTENSION.windowsType, EXTENSION.linuxType] as const;

export const installExtensionKind = actionKind({
  params: z
    .object({
      ...machineRef,
      location: z.string().regex(/^[a-z0-9]+$/i, 'expected an Azure region name'),
      reinstall: z.boolean(),
      spec: z
        .object({
          name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected an extension resource name'),
          publisher: z.literal(EXTENSION.publisher),
          type: z.enum(LOGIN_EXTENSION_TYPES),
          typeHandlerVersion: z.string().regex(/^\d{1,4}(\.\d{1,6}){1,3}$/, 'expected a version like 1.0'),
          autoUpgradeMinorVersion: z.literal(true),
          settings: z
            .object({ mdmId: z.literal(EXTENSION.intuneMdmId) })
            .strict()
            .optional(),
        })
        .strict(),
    })
    .strict()
    .refine(nameMatchesId, NAME_MISMATCH)
    .refine((p) => p.reinstall || p.spec.name === p.spec.type, {
      message: 'a new install is named after its type',
      path: ['spec', 'name'],
    }),
  describe(p) {
    const rg = shellQuote(rgOf(p.vmId));
    if (isArcId(p.vmId)) {
      return {
        target: p.vmId,
        summary: `${p.reinstall ? 'Reinstall' : 'Install'} ${p.spec.type} on ${p.vmName}`,
        command:
          `az connectedmachine extension create --machine-name ${shellQuote(p.vmName)} --resource-group ${rg} ` +
          `--name ${shellQuote(p.spec.name)} --publisher ${p.spec.publisher} --type ${p.spec.type} ` +
          `--type-handler-version ${p.spec.typeHandlerVersion} --location ${p.location}`,
      };
    }
    const settings = p.spec.settings ? ` --settings ${shellQuote(JSON.stringify(p.spec.settings))}` : '';
    return {
      target: p.vmId,
      summary: `${p.reinstall ? 'Reinstall' : 'Install'} ${p.spec.type} on ${p.vmName}`,
      command:
        `az vm extension set --publisher ${p.spec.publisher} --name ${p.spec.type} --resource-group ${rg} ` +
        `--vm-name ${shellQuote(p.vmName)} --version ${p.spec.typeHandlerVersion}${settings}${p.reinstall ? ' --force-update' : ''}`,
    };
  },
  inScope(p, snapshot, answers) {
    const vm = selectedVm(snapshot, p.vmId);
    if (!vm) return 'vmId: not a selected VM';
    if (p.spec.type !== extensionType(vm)) return `spec.type: ${vm.osType} VMs take ${extensionType(vm)}`;
    if (p.location.toLowerCase() !== vm.location.toLowerCase()) return 'location: not the VM’s region';
    const existing = loginExtension(vm)?.name;
    if (p.spec.name !== (existing ?? p.spec.type)) return 'spec.name: not the VM’s login extension';
    // Microsoft offers Entra sign-in on Linux Arc machines only (docs/reference/azure-arc.md).
    if (vm.arc && vm.osType !== 'Linux') return 'vmId: Entra sign-in is offered for Linux Arc machines only';
    if (p.spec.settings && !(answers.intune && isWindowsClient(vm) && !vm.arc)) {
      return 'spec.settings: mdmId only for Windows client VMs with --intune';
    }
    return undefined;
  },
});

export const removeStaleDeviceKind = actionKind({
  params: z
    .object({
      deviceObjectId: guid,
      displayName: z.string().min(1),
      ...vmRef,
      lastSignInDateTime: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'expected a date')
        .optional(),
    })
    .strict()
    .refine(nameMatchesId, NAME_MISMATCH),
  describe: (p, cloud) => ({
    target: `graph:/devices/${p.deviceObjectId}`,
    summary: `Remove stale device '${p.displayName}' (${lastSignInWords(p.lastSignInDateTime)}) so that ${p.vmName} can join`,
    command: `az rest --method DELETE --url ${CLOUDS[cloud].graphEndpoint}/v1.0/devices/${p.deviceObjectId}`,
  }),
  inScope(p, snapshot, answers) {
    if (!answers.removeStaleDevices) return 'kind: the answers did not opt in to removing stale devices';
    const vm = selectedVm(snapshot, p.vmId);
    if (!vm) return 'vmId: not a selected VM';
    const device = hostnameCollision(vm, snapshot).stale.find(
      (d) => d.id.toLowerCase() === p.deviceObjectId.toLowerCase(),
    );
    if (!device) return 'deviceObjectId: not a device that provably blocks this VM’s join';
    return device.displayName === p.displayName ? undefined : 'displayName: not that device’s name';
  },
});

/** Power states a VM is started from: `stopping`/`deallocating` settle first, then start like the others. */
const STARTABLE = ['deallocated', 'deallocating', 'stopped', 'stopping'] as const;

/**
 * Starting a VM that is not running, opt-in (it bills): only an Azure VM the answers selected, only with
 * `--start-stopped-vms`, and only when it is not running in the tenant as re-read (apply's handler finds a
 * running VM already done).
 */
export const startVmKind = actionKind({
  params: z
    .object({ ...vmRef, powerState: z.enum(STARTABLE, { error: 'not a state a VM is started from' }) })
    .strict()
    .refine(nameMatchesId, NAME_MISMATCH),
  describe(p) {
    // Deallocated (or deallocating) VMs are not billed for compute; a stopped one is still allocated, so billed.
    const allocated = p.powerState === 'stopped' || p.powerState === 'stopping';
    return {
      target: p.vmId,
      summary: allocated
        ? `Start ${p.vmName} (${p.powerState}, still allocated and billed)`
        : `Start ${p.vmName} (${p.powerState}): it bills compute from now on`,
      command: `az vm start -g ${shellQuote(rgOf(p.vmId))} -n ${shellQuote(p.vmName)}`,
    };
  },
  inScope(p, snapshot, answers) {
    if (!answers.startStoppedVms) return 'kind: the answers did not opt in to starting stopped VMs';
    const vm = selectedVm(snapshot, p.vmId);
    if (!vm) return 'vmId: not a selected VM';
    return vm.arc ? 'vmId: an Azure Arc-enabled server is not started by this tool' : undefined;
  },
});
