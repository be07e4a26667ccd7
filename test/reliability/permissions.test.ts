/**
 * Permissions (issue #8.7): a 403 on each kind of write fails that action with a line naming the Azure role
 * or Graph permission it needs; apply exits 1 and the denied writes change nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, startEmulator } from '../../src/emulator/index';
import type { ActionKind, Plan } from '../../src/plan/types';
import { captureIO } from '../cli/io';
import { BIG_PLAN_ARGS, emuEnv, normalState, readPlan, tempDir } from './harness';

const ARM_WRITES = [
  'Microsoft.Compute/virtualMachines/write',
  'Microsoft.Compute/virtualMachines/extensions/write',
  'Microsoft.Authorization/roleAssignments/write',
];
const GRAPH_WRITES = ['servicePrincipals', 'securityDefaults', 'perUserMfa', 'conditionalAccess'];

/** What the failure line of each kind must name. */
const NEEDS: Record<ActionKind, RegExp> = {
  'enable-system-identity': /needs Virtual Machine Contributor on \/subscriptions\/.*\/virtualMachines\//,
  'install-extension': /needs Virtual Machine Contributor on \/subscriptions\/.*\/virtualMachines\//,
  'assign-role': /needs Owner, User Access Administrator or Role Based Access Control Administrator on \//,
  'create-service-principal': /Application\.ReadWrite\.All/,
  'create-ca-policy': /Policy\.ReadWrite\.ConditionalAccess/,
  'update-ca-policy': /Policy\.ReadWrite\.ConditionalAccess/,
  'disable-per-user-mfa': /Policy\.ReadWrite\.AuthenticationMethod|Authentication Policy Administrator/,
  'disable-security-defaults': /Security Administrator|Policy\.ReadWrite\.ConditionalAccess/,
  'create-policy-definition': /needs Resource Policy Contributor \(or Owner\) on \/subscriptions\//,
  'assign-policy': /needs Resource Policy Contributor \(or Owner\) on \/subscriptions\//,
  'assign-policy-role': /needs Owner, User Access Administrator or Role Based Access Control Administrator on \//,
  'start-remediation': /needs Resource Policy Contributor \(or Owner\) on \/subscriptions\//,
  'enable-ca-policies': /Policy\.ReadWrite\.ConditionalAccess/,
  'remove-stale-device': /Cloud Device Administrator|Device\.ReadWrite\.All/,
  'start-vm': /needs Virtual Machine Contributor on \/subscriptions\/.*\/virtualMachines\/vm-batch-03/,
};

/** Plans `argv` on a fresh tenant, denies the given writes, applies; returns each failed action's line. */
async function applyDenied(argv: string[], deniedArm: string[], deniedGraph: string[]) {
  const emu = await startEmulator({ extensionInstallMs: 10 });
  try {
    const path = join(await tempDir('perm'), 'plan.json');
    const io = captureIO({ env: emuEnv(emu) });
    expect(await main([...argv, '--out', path], io), io.err()).toBe(0);
    const plan: Plan = await readPlan(path);
    const before = normalState(emu.state);
    emu.state.caller.deniedActions.push(...deniedArm);
    emu.state.caller.deniedGraphWrites.push(...deniedGraph);
    const applyIO = captureIO({ env: emuEnv(emu) });
    const code = await main(['apply', path, '--yes'], applyIO);
    const err = applyIO.err();
    expect(code, err).toBe(1);
    expect(err).not.toMatch(/\n\s+at |this is a bug/);
    // Whatever was denied did not happen (other writes may have).
    const after = normalState(emu.state);
    if (deniedGraph.includes('conditionalAccess')) expect(after.caPolicies).toEqual(before.caPolicies);
    if (deniedArm.length > 0) {
      expect([after.identities, after.extensions, after.roleAssignments]).toEqual([
        before.identities,
        before.extensions,
        before.roleAssignments,
      ]);
    }
    if (deniedGraph.includes('perUserMfa')) expect(after.perUserMfa).toEqual(before.perUserMfa);
    if (deniedGraph.includes('securityDefaults')) expect(after.securityDefaults).toBe(before.securityDefaults);
    if (deniedGraph.includes('servicePrincipals')) expect(after.servicePrincipals).toEqual(before.servicePrincipals);
    const failed = new Map<ActionKind, string>();
    for (const action of plan.actions) {
      const line = err.split('\n').find((l) => l.startsWith(`✖ Failed: ${action.id} `));
      if (line && !failed.has(action.kind)) failed.set(action.kind, line);
    }
    return failed;
  } finally {
    await emu.close();
  }
}

describe('a 403 names what is missing', () => {
  it('for identity, extension, role, service principal and per-user MFA writes', async () => {
    const failed = await applyDenied(BIG_PLAN_ARGS, ARM_WRITES, GRAPH_WRITES);
    const kinds: ActionKind[] = [
      'enable-system-identity',
      'install-extension',
      'assign-role',
      'create-service-principal',
      'disable-per-user-mfa',
    ];
    for (const kind of kinds) {
      expect(failed.get(kind), kind).toMatch(NEEDS[kind]);
    }
  }, 30_000);

  it('for turning security defaults off (reached once the policies replacing them exist)', async () => {
    const failed = await applyDenied(BIG_PLAN_ARGS, [], ['securityDefaults']);
    expect(failed.get('disable-security-defaults')).toMatch(NEEDS['disable-security-defaults']);
  }, 30_000);

  it('for starting a deallocated VM (opt-in)', async () => {
    const failed = await applyDenied(
      ['plan', '--vm', 'vm-batch-03', '--user', DEMO.users.bob.upn, '--ca', 'none', '--start-stopped-vms'],
      ['Microsoft.Compute/virtualMachines/start/action'],
      [],
    );
    expect(failed.get('start-vm')).toMatch(NEEDS['start-vm']);
  }, 30_000);

  it('for creating a Conditional Access policy', async () => {
    const failed = await applyDenied(
      ['plan', '--vm', 'vm-web-01', '--user', DEMO.users.bob.upn, '--disable-security-defaults'],
      [],
      ['conditionalAccess'],
    );
    expect(failed.get('create-ca-policy')).toMatch(NEEDS['create-ca-policy']);
  }, 30_000);

  it('for updating a Conditional Access policy', async () => {
    const failed = await applyDenied(
      [
        'plan',
        '--vm',
        'vm-web-01',
        '--user',
        DEMO.users.bob.upn,
        '--disable-security-defaults',
        '--ca-policy',
        DEMO.reportOnlyPolicyId,
      ],
      [],
      ['conditionalAccess'],
    );
    expect(failed.get('update-ca-policy')).toMatch(NEEDS['update-ca-policy']);
  }, 30_000);
});
