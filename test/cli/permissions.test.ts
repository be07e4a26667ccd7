/**
 * `permissions` (issue #12): the custom role it prints covers every ARM call a read-only `plan` and `doctor`
 * make against the demo tenant, compared with the emulator's request log through ARM's own rule for deriving
 * an operation's RBAC action from its method and path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { armAction } from '../../src/emulator/arm/rbac';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { ACTION_KINDS } from '../../src/plan/types';
import { emuEnv } from '../reliability/harness';
import { captureIO } from './io';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ extensionInstallMs: 30 });
});

afterAll(async () => {
  await emu?.close();
});

async function json(argv: string[]) {
  const io = captureIO();
  expect(await main(argv, io), io.err()).toBe(0);
  return JSON.parse(io.out());
}

/** Whether a role's action pattern (with `*` wildcards, case-insensitive as ARM compares them) grants `action`. */
const grants = (pattern: string, action: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(action);

describe('permissions', () => {
  it('prints a role definition whose actions cover every ARM call plan and doctor make on the demo tenant', async () => {
    const report = await json(['permissions', '--json', '--subscription', DEMO.subscriptions.prod]);
    const role = report.readOnly.roleDefinition;
    expect(role).toMatchObject({
      IsCustom: true,
      NotActions: [],
      DataActions: [],
      AssignableScopes: [`/subscriptions/${DEMO.subscriptions.prod}`],
    });
    emu.log.reset();
    const runs = [
      // Broad (whole subscriptions: the network is listed), narrow (named VMs: single GETs), every connection.
      [
        'plan',
        '--all',
        '--user',
        DEMO.users.bob.upn,
        '--connection',
        'bastion-native',
        '--connection',
        'rdp-web-account',
        '--connection',
        'ssh',
      ],
      [
        'plan',
        '--vm',
        'vm-web-01',
        '--vm',
        'vm-data-02',
        '--vm',
        'vm-dev-01',
        '--admin',
        DEMO.users.erin.upn,
        '--connection',
        'bastion-portal',
      ],
      ['doctor', '--vm', 'vm-web-01', '--user', DEMO.users.carol.upn],
    ];
    for (const argv of runs) {
      const io = captureIO({ env: emuEnv(emu) });
      expect(await main(argv, io), io.err()).toBe(0);
    }
    const arm = emu.log.requests().filter((r) => !r.path.startsWith('/graph'));
    expect(emu.log.writes()).toBe(0);
    const called = [...new Set(arm.map((r) => armAction(r.method, r.path)))].sort();
    expect(called.length).toBeGreaterThan(5);
    const uncovered = called.filter((action) => !role.Actions.some((p: string) => grants(p, action)));
    expect(uncovered).toEqual([]);
  }, 60_000);

  it('names what apply needs for every action kind, and the Graph read permissions', async () => {
    const report = await json(['permissions', '--json']);
    expect(Object.keys(report.apply).sort()).toEqual([...ACTION_KINDS].sort());
    expect(report.apply['install-extension'].rbacActions).toContain(
      'Microsoft.Compute/virtualMachines/extensions/write',
    );
    expect(report.apply['assign-role'].rbacActions).toContain('Microsoft.Authorization/roleAssignments/write');
    expect(report.apply['create-ca-policy'].graphScopes).toContain('Policy.ReadWrite.ConditionalAccess');
    expect(report.readOnly.graphScopes).toEqual(expect.arrayContaining(['Policy.Read.All', 'AuditLog.Read.All']));
    expect(report.readOnly.roleDefinition.AssignableScopes).toEqual(['/subscriptions/{subscription-id}']);
  });

  it('prints the same as text', async () => {
    const io = captureIO();
    expect(await main(['permissions'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}Microsoft\.Compute\/virtualMachines\/read$/m);
    expect(io.out()).toMatch(
      /^ {2}assign-role +Owner, User Access Administrator or Role Based Access Control Administrator on the scope$/m,
    );
  });
});
