import type { VirtualMachine } from '@azure/arm-compute';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS } from '../../src/core/well-known-ids';
import { CLEAN, DEMO, type RunningEmulator, startEmulator } from '../../src/emulator';
import { armClients, dispatcher, raw } from './clients';

const POLL = { updateIntervalInMs: 5 };
const rgName = (id: string) => id.split('/')[4]!;
const vmName = (id: string) => id.split('/').at(-1)!;
/** The modular SDK flattens `properties`; the resource `type` clash makes the extension type `typePropertiesType`. */
const WINDOWS_EXT_WIRE = {
  publisher: 'Microsoft.Azure.ActiveDirectory',
  type: 'AADLoginForWindows',
  typeHandlerVersion: '2.0',
};
const WINDOWS_EXT = {
  location: 'westeurope',
  publisher: 'Microsoft.Azure.ActiveDirectory',
  typePropertiesType: 'AADLoginForWindows',
  typeHandlerVersion: '2.0',
  autoUpgradeMinorVersion: true,
};

describe('emulator: Microsoft.Compute through @azure/arm-compute 25', () => {
  let emu: RunningEmulator;
  let arm: ReturnType<typeof armClients>;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo', pageSize: 4, extensionInstallMs: 30 });
    arm = armClients(emu, DEMO.subscriptions.prod);
  });
  afterAll(() => emu.close());
  afterEach(() => emu.setFaults(''));

  it('pages the subscription VM list with statusOnly over absolute nextLinks that keep api-version', async () => {
    emu.log.reset();
    const vms: VirtualMachine[] = [];
    for await (const vm of arm.compute.virtualMachines.listAll({ statusOnly: 'true' })) vms.push(vm);
    const expected = [...emu.state.vms.values()].filter((v) => v.subscriptionId === DEMO.subscriptions.prod);
    expect(vms.map((v) => v.name)).toEqual(expected.map((v) => v.name));
    const lists = emu.log.requests().filter((r) => r.path.endsWith('/providers/Microsoft.Compute/virtualMachines'));
    expect(lists).toHaveLength(Math.ceil(expected.length / 4));
    for (const r of lists.slice(1)) {
      const q = new URLSearchParams(r.query);
      expect(q.get('api-version')).toBe('2026-04-01');
      expect(q.get('statusOnly')).toBe('true');
      expect(q.get('$skiptoken')).not.toBeNull();
    }
    const ready = vms.find((v) => v.id === DEMO.vms.ready)!;
    const view = ready.instanceView!;
    expect(view.computerName).toBe('vm-web-01');
    expect(view.osName).toBe('Windows Server 2022 Datacenter');
    expect(view.statuses!.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    expect(view.vmAgent!.statuses![0]!.displayStatus).toBe('Ready');
    const failed = vms.find((v) => v.id === DEMO.vms.failed1007)!.instanceView!.extensions![0]!;
    expect(failed.type).toBe('Microsoft.Azure.ActiveDirectory.AADLoginForWindows');
    expect(failed.statuses![0]!.code).toBe('ProvisioningState/failed/-2145648574');
    const deallocated = vms.find((v) => v.id === DEMO.vms.deallocated)!.instanceView!;
    expect(deallocated.statuses![1]!.code).toBe('PowerState/deallocated');
    expect(deallocated.computerName).toBeUndefined();
  });

  it('lists per resource group and reads one VM with and without the instance view', async () => {
    const names: string[] = [];
    for await (const vm of arm.compute.virtualMachines.list('rg-data-prod')) names.push(vm.name!);
    expect(names).toEqual(['vm-rhel-db-01', 'vm-sql-01', 'vm-file-01', 'vm-data-02']);
    const plain = await arm.compute.virtualMachines.get('rg-app-prod', 'vm-reporting-prod-weu-01');
    expect(plain.instanceView).toBeUndefined();
    expect(plain.osProfile!.computerName).toBe(DEMO.computerNames.longName);
    expect(plain.etag).toMatch(/^"\d+"$/);
    const expanded = await arm.compute.virtualMachines.get('rg-app-prod', 'vm-w11-avd-01', { expand: 'instanceView' });
    expect(expanded.instanceView!.osVersion).toBe('10.0.22631.4460');
    const view = await arm.compute.virtualMachines.instanceView('rg-app-prod', 'vm-ubuntu-web-01');
    expect(view.osName).toBe('ubuntu');
  });

  it('answers 404 ResourceNotFound for an unknown VM and extension', async () => {
    await expect(arm.compute.virtualMachines.get('rg-app-prod', 'vm-nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(
      arm.compute.virtualMachineExtensions.get('rg-app-prod', 'vm-web-01', 'AADLoginForWindows'),
    ).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('enables the system identity by PATCH (an LRO), creating its service principal, then installs the extension', async () => {
    const updated = await arm.compute.virtualMachines.update(
      'rg-app-prod',
      'vm-app-02',
      { identity: { type: 'SystemAssigned' } },
      POLL,
    );
    const principalId = updated.identity!.principalId!;
    expect(updated.identity!.type).toBe('SystemAssigned');
    expect(updated.identity!.tenantId).toBe(DEMO.tenantId);
    expect(emu.state.servicePrincipals.get(principalId)?.servicePrincipalType).toBe('ManagedIdentity');
    const poller = arm.compute.virtualMachineExtensions.createOrUpdate(
      'rg-app-prod',
      'vm-app-02',
      'AADLoginForWindows',
      WINDOWS_EXT,
      POLL,
    );
    const ext = await poller;
    expect(ext.provisioningState).toBe('Succeeded');
    const put = emu.log
      .requests()
      .find((r) => r.method === 'PUT' && r.path.endsWith('/vm-app-02/extensions/AADLoginForWindows'))!;
    expect(put.status).toBe(201);
    const withView = await arm.compute.virtualMachineExtensions.get('rg-app-prod', 'vm-app-02', 'AADLoginForWindows', {
      expand: 'instanceView',
    });
    expect(withView.instanceView!.statuses![0]!.code).toBe('ProvisioningState/succeeded');
    expect(
      [...emu.state.devices.values()].filter((d) => d.displayName === 'vm-app-02').map((d) => d.trustType),
    ).toEqual(['AzureAd']);
    const list = await arm.compute.virtualMachineExtensions.list('rg-app-prod', 'vm-app-02');
    expect(list.value!.map((e) => e.name)).toEqual(['AADLoginForWindows']);
  });

  it('keeps user-assigned identities when adding SystemAssigned', async () => {
    const before = emu.state.vms.get(DEMO.vms.dev.toLowerCase())!.identity.principalId;
    const dev = armClients(emu, DEMO.subscriptions.dev);
    const updated = await dev.compute.virtualMachines.update(
      'rg-dev',
      'vm-dev-01',
      { identity: { type: 'SystemAssigned, UserAssigned' } },
      POLL,
    );
    expect(Object.keys(updated.identity!.userAssignedIdentities!)).toEqual([DEMO.userAssignedIdentity]);
    expect(updated.identity!.principalId).toBe(before);
  });

  it.each([
    ['no system identity at install time', DEMO.vms.failed1007, 'ProvisioningState/failed/-2145648574', '1007'],
    [
      'an NSG that denies outbound 443',
      DEMO.vms.nsgBlocked,
      'ProvisioningState/failed/-2145648607',
      'DSREG_AUTOJOIN_DISC_FAILED',
    ],
    ['an unsupported OS (Server 2016)', DEMO.vms.unsupported, 'ProvisioningState/failed/51', 'Exit code: 51'],
    [
      'a duplicate device name',
      DEMO.vms.duplicateDevice,
      'ProvisioningState/failed',
      "hostname 'FILESRV01' already exists",
    ],
  ])('fails the install for %s exactly as Azure reports it', async (_case, vmId, code, text) => {
    const rg = rgName(vmId);
    const name = vmName(vmId);
    const error = await arm.compute.virtualMachineExtensions
      .createOrUpdate(rg, name, 'AADLoginForWindows', WINDOWS_EXT, POLL)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    // core-lro turns the operation's {error:{code,message}} into "The long-running operation has failed. CODE. MESSAGE".
    expect(error?.message).toMatch(
      /^The long-running operation has failed\. VMExtensionProvisioningError\. VM has reported a failure/,
    );
    expect(error?.message).toContain(text);
    const ext = await arm.compute.virtualMachineExtensions.get(rg, name, 'AADLoginForWindows', {
      expand: 'instanceView',
    });
    expect(ext.provisioningState).toBe('Failed');
    expect(ext.instanceView!.statuses![0]!.code).toBe(code);
    expect(ext.instanceView!.statuses![0]!.level).toBe('Error');
  });

  it('refuses extension writes on a deallocated VM with 409 OperationNotAllowed', async () => {
    await expect(
      arm.compute.virtualMachineExtensions.createOrUpdate(
        'rg-app-prod',
        'vm-batch-03',
        'AADLoginForWindows',
        WINDOWS_EXT,
        POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
  });

  it('installs AADSSHLoginForLinux on Linux without creating a device', async () => {
    const devices = emu.state.devices.size;
    const ext = await arm.compute.virtualMachineExtensions.createOrUpdate(
      'rg-app-prod',
      'vm-ubuntu-web-01',
      'AADSSHLoginForLinux',
      {
        location: 'westeurope',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        typePropertiesType: 'AADSSHLoginForLinux',
        typeHandlerVersion: '1.0',
      },
      POLL,
    );
    expect(ext.provisioningState).toBe('Succeeded');
    expect(emu.state.devices.size).toBe(devices);
  });

  it('reports InProgress with Retry-After on the Azure-AsyncOperation URL while the install runs', async () => {
    const slow = await startEmulator({ scenario: 'clean', extensionInstallMs: 60_000 });
    const agent = dispatcher(slow);
    try {
      const path = `${CLEAN.vms.windows}/extensions/AADLoginForWindows?api-version=2026-04-01`;
      const put = await raw(slow, agent, path, {
        method: 'PUT',
        body: { location: 'northeurope', properties: WINDOWS_EXT_WIRE },
      });
      expect(put.status).toBe(201);
      expect(put.body.properties.provisioningState).toBe('Creating');
      const opUrl = new URL(put.headers.get('azure-asyncoperation')!);
      expect(opUrl.origin).toBe(slow.armEndpoint);
      expect(opUrl.searchParams.get('api-version')).toBe('2026-04-01');
      const status = await raw(slow, agent, opUrl.pathname + opUrl.search);
      expect(status.body.status).toBe('InProgress');
      expect(Number(status.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      const again = await raw(slow, agent, path, {
        method: 'PUT',
        body: { location: 'northeurope', properties: WINDOWS_EXT_WIRE },
      });
      expect(again.status).toBe(409);
    } finally {
      await agent.close();
      await slow.close();
    }
  });

  it('lists published extension versions with $orderby and $top, and reads one', async () => {
    const latest = await arm.compute.virtualMachineExtensionImages.listVersions(
      'westeurope',
      'Microsoft.Azure.ActiveDirectory',
      'AADLoginForWindows',
      { orderby: 'name desc', top: 1 },
    );
    expect(latest.map((v) => v.name)).toEqual(['2.2.0.0']);
    const one = await arm.compute.virtualMachineExtensionImages.get(
      'westeurope',
      'Microsoft.Azure.ActiveDirectory',
      'AADSSHLoginForLinux',
      '1.0.2974.1',
    );
    expect(one.operatingSystem).toBe('Linux');
  });

  it('recovers from a 429 with retry-after through the SDK’s own retry policy', async () => {
    emu.setFaults('429=1:times=1:retry-after-ms=20@GET:/virtualMachines/vm-web-01');
    emu.log.reset();
    const vm = await arm.compute.virtualMachines.get('rg-app-prod', 'vm-web-01');
    expect(vm.name).toBe('vm-web-01');
    expect(emu.log.requests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('does not count GETs as writes', async () => {
    emu.log.reset();
    await arm.compute.virtualMachines.get('rg-app-prod', 'vm-web-01', { expand: 'instanceView' });
    for await (const _ of arm.compute.virtualMachines.listAll({ statusOnly: 'true' })) {
      // drain
    }
    expect(emu.log.requests().length).toBeGreaterThan(1);
    expect(emu.log.writes()).toBe(0);
    expect(APP_IDS.windowsVmSignIn).toBe(DEMO.missingServicePrincipalAppId);
  });
});
