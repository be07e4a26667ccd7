/**
 * The deallocated VM (vm-batch-03): without the opt-in nothing is planned on it and the finding says what
 * blocks and what would unblock; with --start-stopped-vms the plan starts it first (saying it bills), the
 * extension install depends on that start, and apply ends with the VM running and the extension Succeeded,
 * through the real compute client's start (POST …/start, a long-running operation) against the emulator.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import type { Plan } from '../../../src/plan/types';
import { captureIO } from '../../cli/io';
import { emuEnv, tempDir } from '../../reliability/harness';
import { gatewayFor } from './emulator-helpers';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const SELECT = ['--vm', 'vm-batch-03', '--user', DEMO.users.bob.upn, '--ca', 'none'];

async function plan(e: RunningEmulator, extra: string[] = []) {
  const path = join(await tempDir('start-vm'), 'plan.json');
  const io = captureIO({ env: emuEnv(e) });
  const code = await main(['plan', ...SELECT, ...extra, '--out', path], io);
  expect(code, io.err()).toBe(0);
  return { path, out: io.out(), plan: JSON.parse(await readFile(path, 'utf8')) as Plan };
}

const vmState = (e: RunningEmulator) => e.state.vms.get(DEMO.vms.deallocated.toLowerCase())!;

describe('a deallocated VM whose extension needs installing', () => {
  it('without the opt-in: nothing planned on it, and the finding names the opt-in and that it bills', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan: p } = await plan(emu);
    expect(p.actions.filter((a) => a.target === DEMO.vms.deallocated)).toEqual([]);
    const f = p.findings.find((x) => x.code === 'vm-deallocated')!;
    expect(f.fixedBy).toEqual([]);
    expect(f.message).toMatch(/vm-batch-03 is deallocated: extensions install only on a running VM/);
    expect(f.remediation).toMatch(/--start-stopped-vms .*bills compute.*Virtual Machine Contributor/);
  });

  it('with --start-stopped-vms: started first (it bills), the install depends on it, apply ends running and Succeeded', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan: p, path, out } = await plan(emu, ['--start-stopped-vms']);
    const start = p.actions.find((a) => a.kind === 'start-vm')!;
    const install = p.actions.find((a) => a.kind === 'install-extension' && a.target === DEMO.vms.deallocated)!;
    expect(start.target).toBe(DEMO.vms.deallocated);
    expect(start.summary).toBe('Start vm-batch-03 (deallocated): it bills compute from now on');
    expect(start.reason).toMatch(/billed for compute until it is deallocated again/);
    expect(start.requires).toBe('Virtual Machine Contributor on vm-batch-03');
    expect(start.command).toBe('az vm start -g rg-app-prod -n vm-batch-03');
    expect(install.dependsOn).toContain(start.id);
    expect(p.findings.find((x) => x.code === 'vm-deallocated')!.fixedBy).toEqual([start.id]);
    expect(out).toContain('Start vm-batch-03 (deallocated)');

    emu.log.reset();
    const io = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', path, '--yes'], io), io.err()).toBe(0);
    const vm = vmState(emu);
    expect(vm.powerState).toBe('running');
    expect(vm.extensions.find((x) => x.type === 'AADLoginForWindows')!.provisioningState).toBe('Succeeded');
    // The start is a POST the compute client follows to its end before the install's PUT.
    const writes = emu.log.requests().filter((r) => r.isWrite);
    const startAt = writes.findIndex((w) => w.method === 'POST' && w.path.endsWith('/vm-batch-03/start'));
    const putAt = writes.findIndex((w) => w.method === 'PUT' && /vm-batch-03\/extensions\//.test(w.path));
    expect(startAt).toBeGreaterThanOrEqual(0);
    expect(putAt).toBeGreaterThan(startAt);
    // Nothing left to do on it.
    const again = await plan(emu, ['--start-stopped-vms']);
    expect(again.plan.actions.filter((a) => a.target === DEMO.vms.deallocated)).toEqual([]);
  });

  it('is not planned when the VM has nothing to set up, nor for an unsupported OS', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const legacy = emu.state.vms.get(DEMO.vms.unsupported.toLowerCase())!;
    legacy.powerState = 'deallocated';
    const path = join(await tempDir('start-vm'), 'plan.json');
    const io = captureIO({ env: emuEnv(emu) });
    const argv = ['plan', '--vm', 'vm-legacy-2016', '--vm', 'vm-jump-01', '--ca', 'none', '--start-stopped-vms'];
    emu.state.vms.get(DEMO.vms.onboarded.toLowerCase())!.powerState = 'stopped';
    expect(await main([...argv, '--out', path], io), io.err()).toBe(0);
    const p = JSON.parse(await readFile(path, 'utf8')) as Plan;
    expect(p.actions.filter((a) => a.kind === 'start-vm')).toEqual([]);
  });

  it('the gateway starts a VM through the compute client and reads it back running', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const gateway = gatewayFor(emu);
    const vm = await gateway.arm.startVm(DEMO.vms.deallocated);
    expect(vm.powerState).toBe('running');
    emu.state.caller.deniedActions.push('Microsoft.Compute/virtualMachines/start/action');
    vmState(emu).powerState = 'deallocated';
    await expect(gateway.arm.startVm(DEMO.vms.deallocated)).rejects.toThrow(
      /Virtual Machine Contributor on \/subscriptions\/.*vm-batch-03/,
    );
  });
});
