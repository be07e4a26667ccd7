/**
 * `enforce` end to end against the simulated tenant through the real SDK clients: plan, apply, compliance,
 * and a VM created after the assignment brought into compliance by a second remediation.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import { key } from '../../../src/emulator/state';
import type { Plan } from '../../../src/plan/types';
import { captureIO } from '../../cli/io';
import { emuEnv, readPlan, tempDir } from '../../reliability/harness';

const SUB = DEMO.subscriptions.dev;
const SCOPE = `/subscriptions/${SUB}`;

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

async function enforcePlan(extra: string[] = []): Promise<{ path: string; plan: Plan; out: string }> {
  const path = join(await tempDir('enforce'), 'enforce.json');
  const r = await run(['enforce', '--scope', SUB, '--out', path, ...extra]);
  expect(r.code, r.err).toBe(0);
  return { path, plan: await readPlan(path), out: r.out };
}

/** A VM created in the tenant after enforcement: Ubuntu, no identity, no extension. */
function createVm(name: string) {
  const template = emu.state.vms.get(key(DEMO.vms.dev))!;
  const id = template.id.replace(/[^/]+$/, name);
  emu.state.vms.set(key(id), {
    ...structuredClone(template),
    id,
    name,
    computerName: name,
    vmId: crypto.randomUUID(),
    osType: 'Linux',
    image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    osName: 'ubuntu',
    osVersion: '24.04',
    identity: { type: 'None', userAssignedIdentities: {} },
    extensions: [],
    nicIds: [],
    revision: 1,
  });
  return id;
}

describe('enforce', () => {
  it('plans the definition, assignments, identity roles and remediations in dependency order', async () => {
    const { plan, out } = await enforcePlan();
    expect(plan.answers.enforce).toMatchObject({ scope: SCOPE, audit: false });
    const kinds = plan.actions.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'create-policy-definition')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'assign-policy')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'assign-policy-role')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'start-remediation')).toHaveLength(3);
    const ext = plan.actions.find(
      (a) => a.kind === 'start-remediation' && String(a.params.name).startsWith('evl-entra-login-ext'),
    )!;
    const identityRemediations = plan.actions.filter(
      (a) => a.kind === 'start-remediation' && String(a.params.name).startsWith('evl-identity'),
    );
    for (const r of identityRemediations) expect(ext.dependsOn).toContain(r.id);
    for (const a of plan.actions) expect(a.command).toMatch(/^az (policy|role)/);
    expect(out).toContain('Not enforced');
  });

  it('applies, reports compliance, and remediates a VM created after the assignment', async () => {
    const { path } = await enforcePlan();
    const applied = await run(['apply', path, '--yes']);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toMatch(/Apply complete: 10 of 10 changes in place/);
    expect(applied.out).toMatch(/0 non-compliant/);
    const dev = emu.state.vms.get(key(DEMO.vms.dev))!;
    expect(dev.extensions.some((e) => e.type === 'AADLoginForWindows' && e.provisioningState === 'Succeeded')).toBe(
      true,
    );

    const late = createVm('vm-late-01');
    const status = await run(['enforce', '--scope', SUB, '--status']);
    expect(status.code, status.err).toBe(0);
    expect(status.out).toMatch(/1 non-compliant/);
    expect(status.out).toMatch(
      /✖ vm-late-01: lacks a system-assigned managed identity \(evl-identity-none\); lacks AADLoginForWindows or AADSSHLoginForLinux in state Succeeded \(evl-entra-login-ext\)/,
    );

    const again = await enforcePlan();
    expect(again.plan.actions.map((a) => a.kind)).toEqual(['start-remediation', 'start-remediation']);
    expect(again.plan.actions.map((a) => a.params.name)).toEqual(['evl-identity-none-2', 'evl-entra-login-ext-2']);
    const second = await run(['apply', again.path, '--yes']);
    expect(second.code, second.err).toBe(0);
    const vm = emu.state.vms.get(key(late))!;
    expect(vm.identity.type).toBe('SystemAssigned');
    expect(vm.extensions.map((e) => [e.type, e.provisioningState])).toEqual([['AADSSHLoginForLinux', 'Succeeded']]);
    const json = await run(['enforce', '--scope', SUB, '--status', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ nonCompliant: 0, remediating: 0 });
  }, 30_000);

  it('in audit mode assigns one AuditIfNotExists policy and changes no VM', async () => {
    const { path, plan } = await enforcePlan(['--audit']);
    expect(plan.actions.map((a) => a.kind)).toEqual(['create-policy-definition', 'assign-policy']);
    expect(plan.actions[1]!.params.parameters).toEqual({ effect: { value: 'AuditIfNotExists' } });
    const before = JSON.stringify([...emu.state.vms.values()].map((v) => [v.identity.type, v.extensions.length]));
    expect((await run(['apply', path, '--yes'])).code).toBe(0);
    const status = await run(['enforce', '--scope', SUB, '--audit', '--status', '--json']);
    const report = JSON.parse(status.out);
    expect(report.mode).toBe('audit');
    expect(report.nonCompliant).toBeGreaterThan(0);
    expect(JSON.stringify([...emu.state.vms.values()].map((v) => [v.identity.type, v.extensions.length]))).toBe(before);
  });

  it('refuses a stale plan: an assignment appeared after planning', async () => {
    const { path } = await enforcePlan();
    const other = await enforcePlan(['--audit']);
    expect((await run(['apply', other.path, '--yes'])).code).toBe(0);
    const writes = emu.log.writes();
    const r = await run(['apply', path, '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /plan is stale: 1 resource changed.*policyDefinitions\/entra-vm-login-deploy-entra-login-extension/,
    );
    expect(emu.log.writes()).toBe(writes);
  });

  it('resumes after a failed remediation without writing twice, and names the missing role on a 403', async () => {
    const { path } = await enforcePlan();
    emu.state.caller.deniedActions.push('Microsoft.PolicyInsights/remediations/write');
    const denied = await run(['apply', path, '--yes']);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(
      /✖ Failed: a\d+ Remediate .*needs Resource Policy Contributor \(or Owner\) on \/subscriptions\//,
    );
    emu.state.caller.deniedActions.length = 0;
    const assignments = emu.state.policyAssignments.size;
    const resumed = await run(['apply', path, '--yes']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toMatch(/✔ Done in an earlier run: a1 /);
    expect(emu.state.policyAssignments.size).toBe(assignments);
    expect(emu.state.remediations.size).toBe(3);
  }, 30_000);

  it('refuses a scope it cannot use, exit 2', async () => {
    const r = await run(['enforce', '--scope', 'rg-prod']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a management group, subscription or resource group id/);
  });
});
