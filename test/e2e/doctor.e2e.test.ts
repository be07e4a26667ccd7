/**
 * Doctor inside the wizard, in a real pseudo-terminal against the emulator process: the first screen's second
 * choice, the user looked up, the VM picked, the method chosen, the report with the sign-in chain, then the fix
 * through the same plan review → confirm → apply as setting up, and the verified summary. The tenant is read back
 * from the emulator: nothing is written before the confirmation, and after it the fix is in place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { DEMO } from '../../src/emulator/scenarios/demo';
import { type EmulatorProcess, snapshotCli, startEmulatorProcess } from './processes';
import { KEYS, spawnTerminal } from './terminal';

interface EmulatorLog {
  writes: number;
}
interface EmulatorState {
  vms: { name: string; extensions: { type: string; provisioningState: string }[] }[];
  roleAssignments: { scope: string; principalId: string; roleDefinitionGuid: string }[];
}

const VM = 'vm-ubuntu-web-01';
const cursorRow = (screen: string) => screen.split('\n').find((l) => l.startsWith('❯')) ?? '';

/** The title bar is the first row, the key bar the last with text, and no row is wider than 80 columns. */
function expectBars(screen: string, title: string): void {
  const rows = screen.split('\n');
  expect(rows[0], screen).toMatch(new RegExp(`^${title}`));
  expect(rows.filter((r) => r.trim() !== '').at(-1), screen).toMatch(/\? help|q quit|ctrl-c quit/);
  for (const r of rows) expect([...r].length).toBeLessThanOrEqual(80);
}

let emulator: EmulatorProcess;
let home: string;
let CLI: string;
let removeCli = () => {};

beforeAll(async () => {
  const built = snapshotCli();
  CLI = built.cli;
  removeCli = built.remove;
  home = mkdtempSync(join(tmpdir(), 'evl-e2e-doctor-'));
  emulator = await startEmulatorProcess(CLI, ['--install-ms', '300']);
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  removeCli();
});

describe('doctor inside the wizard, in a real terminal', () => {
  it('first screen → doctor → fix → apply → verified, writing only after the confirmation', async () => {
    const t = spawnTerminal(process.execPath, [CLI], {
      // The smallest terminal the wizard is made for: every screen keeps its title and key bars.
      cols: 80,
      rows: 24,
      cwd: home,
      env: { ...emulator.env, ENTRA_VM_LOGIN_STATE_DIR: join(home, 'state') },
    });
    try {
      await t.waitForText('What would you like to do?');
      expectBars(t.screen(), 'Start');
      expect(cursorRow(t.screen())).toContain('Set up VMs for Entra sign-in');
      t.press(KEYS.down);
      await t.waitFor((s) => cursorRow(s).includes('Find out why someone cannot sign in'), 'the doctor choice');
      t.press(KEYS.enter);

      await t.waitForText('Whose sign-in should be examined?');
      expectBars(t.screen(), 'Doctor');
      t.type(DEMO.users.erin.upn);
      await t.waitForText(`Who cannot sign in? ${DEMO.users.erin.upn}`);
      t.press(KEYS.enter);
      await t.waitForText(`User: ${DEMO.users.erin.upn}`);
      t.press(KEYS.down);
      await t.waitFor((s) => cursorRow(s).includes('Which VM?'), 'the VM row');
      t.type('ubuntu-web');
      await t.waitForText(`${VM} · rg-`);
      t.press(KEYS.enter);
      await t.waitForText(`VM: ${VM}`);
      t.press(KEYS.down);
      await t.waitFor((s) => cursorRow(s).includes('Method:'), 'the method row');
      // From "all" back round to the last method that fits a Linux VM: az ssh.
      t.press(KEYS.left);
      await t.waitForText('[ssh]');
      t.press(KEYS.enter);

      // The report: erin is Owner of the subscription but holds no login role, and the VM has no extension.
      await t.waitForText('What they see', 30_000);
      await t.waitForText('FAILS HERE');
      const report = t.screen();
      expectBars(report, 'Doctor');
      expect(report).toContain(`Sign-in chain: ${DEMO.users.erin.upn} to ${VM} by ssh`);
      expect(report).toMatch(/│ Client PC │──▶│ Entra ID token │──▶│ VM vm-ubuntu-web-01 │/);
      expect((await emulator.get<EmulatorLog>('/_emulator/log')).writes).toBe(0);

      // The fix goes into the same review and confirmation as setting up.
      t.press(KEYS.enter);
      await t.waitForText('Plan review');
      await t.waitForText('❯ Apply');
      expect(t.screen()).toContain(`Install AADSSHLoginForLinux on ${VM}`);
      t.press(KEYS.enter);
      await t.waitForText('❯ No, go back');
      expect((await emulator.get<EmulatorLog>('/_emulator/log')).writes).toBe(0);
      t.press('y');

      // Applied, then verified: the summary reads the tenant again.
      await t.waitForText('changes made', 60_000);
      await t.waitForText('What users will see');
      const summary = t.screen();
      expect(summary).not.toContain('not made');
      t.press(KEYS.enter);
      expect(await t.exited).toBe(0);
    } finally {
      t.kill();
    }

    const state = await emulator.get<EmulatorState>('/_emulator/state');
    const vm = state.vms.find((v) => v.name === VM);
    expect(vm?.extensions.find((e) => e.type === 'AADSSHLoginForLinux')?.provisioningState).toBe('Succeeded');
    // Owner of the subscription before; a login role on the VM now.
    const login: string[] = [ROLE_IDS.vmUserLogin, ROLE_IDS.vmAdministratorLogin];
    expect(
      state.roleAssignments.some((r) => r.principalId === DEMO.users.erin.id && login.includes(r.roleDefinitionGuid)),
    ).toBe(true);
  }, 120_000);
});
