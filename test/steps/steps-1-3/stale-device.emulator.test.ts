/**
 * The duplicate-device VM (vm-file-01, host name FILESRV01 held by another device): without the opt-in the
 * doomed install is not planned and the finding says what would unblock it; with --remove-stale-devices the
 * stale device is removed first and the extension ends Succeeded. Also `plan --detailed-exitcode`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import type { Plan } from '../../../src/plan/types';
import { captureIO } from '../../cli/io';
import { emuEnv, tempDir } from '../../reliability/harness';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const SELECT = ['--vm', 'vm-file-01', '--user', DEMO.users.carol.upn];

async function plan(e: RunningEmulator, extra: string[]) {
  const path = join(await tempDir('stale'), 'plan.json');
  const io = captureIO({ env: emuEnv(e) });
  const code = await main(['plan', ...SELECT, ...extra, '--out', path], io);
  return { code, io, path, plan: JSON.parse(await readFile(path, 'utf8')) as Plan };
}

describe('a stale device that holds the VM host name', () => {
  it('is not planned around: no install that would fail, and the finding names the opt-in', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan: p, code, io } = await plan(emu, ['--detailed-exitcode']);
    expect(p.actions.some((a) => a.kind === 'install-extension')).toBe(false);
    const f = p.findings.find((x) => x.code === 'vm-hostname-duplicate-device')!;
    expect(f.fixedBy).toEqual([]);
    expect(f.message).toMatch(/last sign-in \d{4}-\d{2}-\d{2}/);
    expect(f.remediation).toMatch(/--remove-stale-devices/);
    // Errors remain that no planned change fixes: the goal is not reached.
    expect(code).toBe(5);
    expect(io.out()).toMatch(/^MFA will not be enforced/m);
  });

  it('with --remove-stale-devices the device goes first and the extension ends Succeeded', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan: p, path } = await plan(emu, ['--remove-stale-devices']);
    const remove = p.actions.find((a) => a.kind === 'remove-stale-device')!;
    const install = p.actions.find((a) => a.kind === 'install-extension')!;
    expect(install.dependsOn).toContain(remove.id);
    expect(remove.summary).toMatch(/FILESRV01.*last sign-in/);
    expect(p.findings.find((x) => x.code === 'vm-hostname-duplicate-device')!.fixedBy).toEqual([remove.id, install.id]);
    const io = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', path, '--yes'], io), io.err()).toBe(0);
    const vm = emu.state.vms.get(DEMO.vms.duplicateDevice.toLowerCase())!;
    expect(vm.extensions.find((x) => x.type === 'AADLoginForWindows')!.provisioningState).toBe('Succeeded');
    // The new device is the VM's own join, so a fresh plan plans nothing for it.
    const again = await plan(emu, ['--remove-stale-devices']);
    expect(again.plan.actions.filter((a) => a.step === 'identity-extension')).toEqual([]);
  });

  it('never removes the VM own join', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    for (const d of emu.state.devices.values()) {
      if (d.displayName === DEMO.computerNames.duplicateDevice) d.registeredByVmId = DEMO.vms.duplicateDevice;
    }
    const { plan: p } = await plan(emu, ['--remove-stale-devices']);
    expect(p.actions.some((a) => a.kind === 'remove-stale-device')).toBe(false);
  });
});
