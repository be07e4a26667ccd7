/** Azure Arc-enabled servers through the official HybridCompute client against the simulated tenant. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { UserError } from '../../src/errors';
import { gatewayOn } from './harness';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ extensionInstallMs: 5 });
});
afterAll(async () => {
  await emu.close();
});

const spec = (type: string) => ({
  name: type,
  publisher: EXTENSION.publisher,
  type,
  typeHandlerVersion: '1.0',
  autoUpgradeMinorVersion: true,
});

describe('Arc machines in the gateway', () => {
  it('lists them as VM facts with their status, OS, identity and agent version', async () => {
    const { gateway } = gatewayOn(emu);
    const machines = await gateway.arm.listArcMachines!(DEMO.subscriptions.prod);
    const byId = new Map(machines.map((m) => [m.id.toLowerCase(), m]));
    const linux = byId.get(DEMO.arc.linux.toLowerCase())!;
    expect(linux).toMatchObject({
      name: 'arc-lnx-web-01',
      resourceGroup: 'rg-onprem-arc',
      osType: 'Linux',
      osName: 'Ubuntu 22.04.4 LTS',
      osVersion: '22.04',
      powerState: 'running',
      identity: { type: 'SystemAssigned' },
      nicIds: [],
      arc: { status: 'Connected', agentVersion: expect.any(String) },
    });
    expect(linux.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byId.get(DEMO.arc.windows.toLowerCase())).toMatchObject({ osType: 'Windows', osVersion: '10.0.20348.2402' });
    expect(byId.get(DEMO.arc.disconnected.toLowerCase())).toMatchObject({
      powerState: 'unknown',
      arc: { status: 'Disconnected' },
    });
    expect(await gateway.arm.listArcMachines!(DEMO.subscriptions.dev)).toEqual([]);
  });

  it('installs AADSSHLoginForLinux on a connected Linux machine and reads it back', async () => {
    const { gateway } = gatewayOn(emu);
    const states: string[] = [];
    const ext = await gateway.arm.installExtension(DEMO.arc.linux, 'westeurope', spec(EXTENSION.linuxType), (s) =>
      states.push(s),
    );
    expect(ext).toMatchObject({
      type: 'AADSSHLoginForLinux',
      publisher: EXTENSION.publisher,
      provisioningState: 'Succeeded',
    });
    expect(await gateway.arm.getExtension(DEMO.arc.linux, EXTENSION.linuxType)).toMatchObject({
      provisioningState: 'Succeeded',
    });
    const again = (await gateway.arm.getVm(DEMO.arc.linux)).extensions;
    expect(again.map((e) => [e.type, e.publisher, e.provisioningState])).toEqual([
      ['AADSSHLoginForLinux', EXTENSION.publisher, 'Succeeded'],
    ]);
  });

  it('refuses an install on a disconnected machine, and AADLoginForWindows on Arc, as user errors', async () => {
    const { gateway } = gatewayOn(emu);
    await expect(
      gateway.arm.installExtension(DEMO.arc.disconnected, 'westeurope', spec(EXTENSION.linuxType)),
    ).rejects.toSatisfy((e) => e instanceof UserError && /Disconnected/.test(e.message));
    await expect(
      gateway.arm.installExtension(DEMO.arc.windows, 'westeurope', spec(EXTENSION.windowsType)),
    ).rejects.toSatisfy((e) => e instanceof UserError && /Linux Arc machines only/.test(e.message));
  });

  it('answers not-found for an extension that is not there, and refuses an identity change', async () => {
    const { gateway } = gatewayOn(emu);
    expect(await gateway.arm.getExtension(DEMO.arc.windows, 'AADLoginForWindows')).toBeUndefined();
    await expect(gateway.arm.enableSystemIdentity(DEMO.arc.windows)).rejects.toThrow(/always on/);
  });
});
