/**
 * A fleet over two subscriptions where the admin's roles in the second are all on resource groups: Azure
 * lists that subscription for them, but refuses to list its VMs (RBAC grants flow down a scope, never up).
 * `plan` goes on with what it can read, reads named resource groups one by one, and ends only when the
 * admin asked for exactly what is refused.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { FLEET, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import type { Action, Plan } from '../../src/plan/types';
import { captureIO } from './io';

const [FIRST, SECOND] = FLEET.subscriptions as [string, string];
/**
 * What someone with roles only on resource groups of the second subscription cannot do there: any read made at
 * the subscription itself (its VM, Arc, NIC and NSG listings, its role assignments).
 */
const LISTINGS_REFUSED = [`*/read@=/subscriptions/${SECOND}`];

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ vms: 60 });
});
afterAll(async () => {
  await emulator.close();
});

async function plan(args: string[], denied: string[] = []) {
  emulator.state.caller.deniedActions.splice(0, Infinity, ...denied);
  emulator.log.reset();
  const io = captureIO({ env: emulator.env() });
  const code = await main(['plan', '--json', '--user', 'fleet-vm-users', ...args], io);
  emulator.state.caller.deniedActions.splice(0, Infinity);
  return { code, err: io.err(), plan: code === 0 ? (JSON.parse(io.out()) as Plan) : undefined };
}

const inSubscription = (sub: string) => (a: Pick<Action, 'target'>) =>
  a.target.toLowerCase().startsWith(`/subscriptions/${sub}/`);
/** A plan's content without ids, for comparing two plans of the same VMs. */
const actionsOf = (p: Plan) => p.actions.map((a) => `${a.kind} ${a.target}`).sort();

describe('plan on subscriptions the admin can only partly read', () => {
  it('--all plans the subscription it can list and says which one it could not, and why', async () => {
    const r = await plan(['--all'], LISTINGS_REFUSED);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/\n\s+at /);
    const actions = r.plan!.actions.filter((a) => a.kind === 'install-extension');
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every(inSubscription(FIRST))).toBe(true);
    const unread = r.plan!.findings.filter((f) => f.code === 'read-failed' && f.step === 'vm-selection');
    // One warning for the subscription, its VMs and Arc-enabled servers together.
    expect(unread.map((f) => f.target)).toEqual([`/subscriptions/${SECOND}`]);
    expect(unread[0]!.message).toContain(
      `Could not read the VMs and Azure Arc-enabled servers of subscription Northwind Fleet 2 (${SECOND}): refused (AuthorizationFailed)`,
    );
    expect(unread[0]!.remediation).toContain(`on /subscriptions/${SECOND}`);
  });

  it('plans the VMs of a subscription whose Arc-enabled servers alone it may not list', async () => {
    // A custom role with the Compute reads but not the HybridCompute ones.
    const r = await plan(['--all'], [`Microsoft.HybridCompute/machines/read@/subscriptions/${SECOND}`]);
    expect(r.code, r.err).toBe(0);
    expect(r.plan!.actions.some(inSubscription(SECOND))).toBe(true);
    const unread = r.plan!.findings.filter((f) => f.code === 'read-failed' && f.step === 'vm-selection');
    expect(unread.map((f) => f.message)).toEqual([
      `Could not read the Azure Arc-enabled servers of subscription Northwind Fleet 2 (${SECOND}): refused (AuthorizationFailed). What depends on it is unknown, and nothing is planned on it.`,
    ]);
  });

  it('reads a named resource group of that subscription VM by VM, to the same plan as a full listing', async () => {
    const args = ['--resource-group', 'rg-fleet-2-1', '--resource-group', 'rg-fleet-1-1'];
    const full = await plan(args);
    const partial = await plan(args, LISTINGS_REFUSED);
    expect(partial.code, partial.err).toBe(0);
    expect(partial.err).toContain('Cannot list the VMs of subscription Northwind Fleet 2');
    expect(actionsOf(partial.plan!)).toEqual(actionsOf(full.plan!));
    expect(partial.plan!.actions.some(inSubscription(SECOND))).toBe(true);
    // Power states and extension statuses came from each VM's instance view, NICs and role assignments from
    // the group's listings: the same findings, and not one read-failed warning.
    const codes = (p: Plan) => p.findings.map((f) => `${f.code} ${f.target}`).sort();
    expect(codes(partial.plan!)).toEqual(codes(full.plan!));
    expect(codes(full.plan!).some((c) => c.startsWith('vm-deallocated'))).toBe(true);
    // One instance-view GET per VM of the group read one by one, none for the subscription listed whole.
    const vmsInGroup = [...emulator.state.vms.values()].filter((vm) => vm.resourceGroup === 'rg-fleet-2-1').length;
    const instanceViews = emulator.log
      .requests()
      .filter(
        (r) => r.method === 'GET' && /\/virtualMachines\/[^/]+$/.test(r.path) && r.query.includes('instanceView'),
      );
    expect(vmsInGroup).toBeGreaterThan(0);
    expect(instanceViews.length).toBe(vmsInGroup);
    expect(instanceViews.every((r) => r.path.includes('/resourceGroups/rg-fleet-2-1/'))).toBe(true);
  });

  it('applies such a plan: apply finds the planned VMs again through their resource groups', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evl-partial-'));
    try {
      const file = join(dir, 'plan.json');
      emulator.state.caller.deniedActions.splice(0, Infinity, ...LISTINGS_REFUSED);
      const io = captureIO({ env: { ...emulator.env(), ENTRA_VM_LOGIN_POLL_MS: '10' } });
      const planned = await main(
        ['plan', '--user', 'fleet-vm-users', '--resource-group', 'rg-fleet-2-2', '--out', file],
        io,
      );
      expect(planned, io.err()).toBe(0);
      const applyIO = captureIO({ env: { ...emulator.env(), ENTRA_VM_LOGIN_POLL_MS: '10' } });
      const applied = await main(['apply', file, '--yes'], applyIO);
      expect(applyIO.err()).not.toContain('Failed');
      expect(applied, applyIO.err()).toBe(0);
      const before = JSON.parse(await readFile(file, 'utf8')) as Plan;
      const onVms = (p: Plan) => p.actions.filter((a) => a.target.includes('/resourceGroups/rg-fleet-2-2/'));
      expect(onVms(before).length).toBeGreaterThan(0);
      const again = await plan(['--resource-group', 'rg-fleet-2-2'], LISTINGS_REFUSED);
      expect(onVms(again.plan!)).toEqual([]);
    } finally {
      emulator.state.caller.deniedActions.splice(0, Infinity);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends with the refusal when the admin named the subscription itself', async () => {
    const r = await plan(['--all', '--subscription', SECOND], LISTINGS_REFUSED);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`needs Reader (or Virtual Machine Contributor) on /subscriptions/${SECOND}`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('says why a named resource group was not found when it sits where reading was refused', async () => {
    const r = await plan(
      ['--resource-group', 'rg-fleet-2-3'],
      [...LISTINGS_REFUSED, `*/read@/subscriptions/${SECOND}/resourceGroups/rg-fleet-2-3`],
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain("no resource group 'rg-fleet-2-3' with VMs");
    expect(r.err).toContain(
      `the VMs and Azure Arc-enabled servers of resource group rg-fleet-2-3 in subscription Northwind Fleet 2 (${SECOND}) could not be read (refused (AuthorizationFailed))`,
    );
  });
});

describe('a large resource group read VM by VM, on ARM’s read buckets', () => {
  it('says how far it got and is paced by ARM’s headers to no 429', async () => {
    const fleet = await startEmulator({ vms: 1000, throttle: true });
    try {
      fleet.state.caller.deniedActions.push(...LISTINGS_REFUSED);
      const groups = ['rg-fleet-2-1', 'rg-fleet-2-2', 'rg-fleet-2-3'];
      const io = captureIO({ env: fleet.env() });
      const code = await main(
        ['plan', '--json', '--user', 'fleet-vm-users', ...groups.flatMap((rg) => ['--resource-group', rg])],
        io,
      );
      expect(code, io.err()).toBe(0);
      expect(io.err()).toMatch(/Reading the VMs of rg-fleet-2-1 one by one: 100 of 1\d\d…/);
      const log = fleet.log.requests();
      const instanceViews = log.filter((r) => /\/virtualMachines\/[^/]+$/.test(r.path));
      const inGroups = [...fleet.state.vms.values()].filter((vm) => groups.includes(vm.resourceGroup));
      // More reads than ARM's bucket holds (250): the rest waited for its refill instead of drawing 429s.
      expect(instanceViews.length).toBe(inGroups.length);
      expect(instanceViews.length).toBeGreaterThan(250);
      expect(log.filter((r) => r.status === 429)).toEqual([]);
      const plan = JSON.parse(io.out()) as Plan;
      expect(new Set(plan.actions.map((a) => a.target.split('/')[4]).filter(Boolean))).toEqual(new Set(groups));
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
