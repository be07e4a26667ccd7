/**
 * Azure Arc-enabled servers through plan and apply on the demo tenant: the connected Linux machine gets the
 * extension and its role, the Windows one is refused plainly, the disconnected one is left alone; no identity
 * action for any of them; predictions and next steps name `az ssh arc`.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionHint } from '../../src/checks/rdp-file';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { key } from '../../src/emulator/state';
import type { Plan } from '../../src/plan/types';
import { captureIO } from '../cli/io';
import { emuEnv, readPlan, tempDir } from '../reliability/harness';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ extensionInstallMs: 5 });
});
afterEach(async () => {
  await emu.close();
});

async function run(argv: string[]) {
  const io = captureIO({ env: emuEnv(emu) });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const ARC = ['--vm', 'arc-lnx-web-01', '--vm', 'arc-win-app-01', '--vm', 'arc-lnx-db-02'];

describe('Arc machines in plan and apply', () => {
  it('plans the extension on the connected Linux machine only, never an identity, with Arc commands', async () => {
    const path = join(await tempDir('arc'), 'plan.json');
    const r = await run(['plan', ...ARC, '--user', DEMO.users.bob.upn, '--connection', 'ssh', '--out', path]);
    expect(r.code, r.err).toBe(0);
    const plan: Plan = await readPlan(path);
    expect(plan.actions.some((a) => a.kind === 'enable-system-identity')).toBe(false);
    const ext = plan.actions.filter((a) => a.kind === 'install-extension');
    expect(ext.map((a) => a.target)).toEqual([DEMO.arc.linux]);
    expect(ext[0]!.command).toMatch(
      /^az connectedmachine extension create --machine-name arc-lnx-web-01 --resource-group rg-onprem-arc .*--type AADSSHLoginForLinux/,
    );
    expect(ext[0]!.requires).toBe('Azure Connected Machine Resource Administrator on arc-lnx-web-01');
    const roles = plan.actions.filter((a) => a.kind === 'assign-role').map((a) => a.target);
    expect(roles.sort()).toEqual([DEMO.arc.disconnected, DEMO.arc.linux].sort());
    const codes = plan.findings.map((f) => [f.code, f.target]);
    expect(codes).toContainEqual(['arc-entra-unsupported', DEMO.arc.windows]);
    expect(codes).toContainEqual(['arc-machine-disconnected', DEMO.arc.disconnected]);
    // No Windows sign-in app is needed for a Windows Arc machine.
    expect(plan.actions.some((a) => a.kind === 'create-service-principal')).toBe(false);
  });

  it('applies through the HybridCompute API and predicts the ssh sign-in', async () => {
    const path = join(await tempDir('arc'), 'plan.json');
    expect((await run(['plan', ...ARC, '--user', DEMO.users.bob.upn, '--connection', 'ssh', '--out', path])).code).toBe(
      0,
    );
    const r = await run(['apply', path, '--yes']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/✔ Extension installed: a\d Install AADSSHLoginForLinux on arc-lnx-web-01/);
    const machine = emu.state.arcMachines.get(key(DEMO.arc.linux))!;
    expect(machine.extensions.map((e) => [e.type, e.provisioningState])).toEqual([
      ['AADSSHLoginForLinux', 'Succeeded'],
    ]);
    expect(emu.state.arcMachines.get(key(DEMO.arc.disconnected))!.extensions).toEqual([]);
    expect(r.out).toMatch(/bob@contoso\.com → arc-lnx-web-01 \(ssh\)/);
    expect(r.out).not.toMatch(/arc-win-app-01 \(/);
    expect(emu.state.roleAssignments.some((a) => a.scope.toLowerCase() === DEMO.arc.linux.toLowerCase())).toBe(true);
  });

  it('--no-include-arc leaves Arc machines out of the selection', async () => {
    const r = await run(['plan', '--vm', 'arc-lnx-web-01', '--user', DEMO.users.bob.upn, '--no-include-arc']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/arc-lnx-web-01/);
  });

  it('next steps name az ssh arc for an Arc machine and az ssh vm for a VM', () => {
    const base = { id: DEMO.arc.linux, name: 'arc-lnx-web-01', resourceGroup: 'rg-onprem-arc' };
    const arc = { ...base, arc: { status: 'Connected' } } as Parameters<typeof connectionHint>[0];
    expect(connectionHint(arc, 'ssh').command).toBe('az ssh arc --resource-group rg-onprem-arc --name arc-lnx-web-01');
    const vm = { ...base, name: 'vm-1' } as Parameters<typeof connectionHint>[0];
    expect(connectionHint(vm, 'ssh').command).toBe('az ssh vm -n vm-1 -g rg-onprem-arc');
  });
});
