/**
 * Nothing planned that is known to fail, across every emulator scenario: `plan --all` (with the tenant's users,
 * a guest where there is one, and then again with every opt-in an admin could choose) never contains an action
 * that its own findings, or the tenant it was planned on, say will fail:
 *
 * - nothing on a VM whose OS cannot join Entra ID, nor on an Arc machine that cannot take the extension;
 * - no identity or extension change on a VM that is not running, unless its start precedes it;
 * - no extension install while a device holds the VM's host name, unless the device's removal precedes it;
 * - no install without the system-assigned identity (the install fails with 1007), unless enabling it precedes;
 * - no policy turned on while security defaults stay on (Graph refuses it), nor any policy without a licence;
 * - no role assigned to a principal the directory does not have, nor to a guest the findings say cannot sign in.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { type RunningEmulator, SCENARIO_NAMES, startEmulator } from '../../src/emulator/index';
import type { Action, Plan } from '../../src/plan/types';
import { captureIO } from '../cli/io';
import { emuEnv, tempDir } from '../reliability/harness';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** The actions `a` waits for, transitively. */
function before(plan: Plan, a: Action): Action[] {
  const byId = new Map(plan.actions.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const walk = (ids: string[]) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      walk(byId.get(id)?.dependsOn ?? []);
    }
  };
  walk(a.dependsOn);
  return [...seen].flatMap((id) => byId.get(id) ?? []);
}

const precededBy = (plan: Plan, a: Action, kind: Action['kind'], on: (x: Action) => boolean = () => true) =>
  before(plan, a).some((x) => x.kind === kind && on(x));

const VM_CHANGES: Action['kind'][] = ['enable-system-identity', 'install-extension', 'start-vm'];
const CA_KINDS: Action['kind'][] = ['create-ca-policy', 'update-ca-policy', 'enable-ca-policies'];

/** The state a CA action leaves a policy in: created or patched on, or the chain's turn-on. */
function turnsOn(a: Action): boolean {
  if (a.kind === 'enable-ca-policies') return true;
  const body = (a.params.body ?? a.params.patch) as { state?: string } | undefined;
  return body?.state === 'enabled';
}

/** Every reason, in words, why an action of this plan is known to fail. */
function doomed(plan: Plan, e: RunningEmulator): string[] {
  const problems: string[] = [];
  const say = (a: Action, why: string) => problems.push(`${a.id} ${a.kind} ${a.target}: ${why}`);
  for (const f of plan.findings) {
    const on = plan.actions.filter((a) => same(a.target, f.target) || same(String(a.params.vmId ?? ''), f.target));
    for (const a of on) {
      switch (f.code) {
        case 'vm-os-unsupported':
        case 'arc-entra-unsupported':
        case 'arc-machine-disconnected':
          if (VM_CHANGES.includes(a.kind)) say(a, f.code);
          break;
        case 'vm-deallocated':
          if (a.kind !== 'start-vm' && VM_CHANGES.includes(a.kind) && !precededBy(plan, a, 'start-vm'))
            say(a, 'the VM is not running and nothing starts it first');
          break;
        case 'vm-hostname-duplicate-device':
          if (
            a.kind === 'install-extension' &&
            !precededBy(plan, a, 'remove-stale-device', (x) => same(String(x.params.vmId), a.target))
          )
            say(a, 'a device holds the host name and is not removed first');
          break;
      }
    }
    if (f.code === 'license-p1-missing')
      for (const a of plan.actions.filter((x) => CA_KINDS.includes(x.kind))) say(a, 'no Entra ID P1 licence');
    if (f.code === 'security-defaults-enabled') {
      for (const a of plan.actions.filter((x) => CA_KINDS.includes(x.kind) && turnsOn(x)))
        if (!precededBy(plan, a, 'disable-security-defaults'))
          say(a, 'turns a policy on while security defaults stay on');
    }
    if (f.code === 'principal-guest-unsupported') {
      const guest = f.target.split('/').pop();
      for (const a of plan.actions.filter((x) => x.kind === 'assign-role' && same(String(x.params.principalId), guest)))
        say(a, 'the guest cannot sign in to a VM with Entra ID');
    }
  }
  // What the tenant itself says, whether or not a finding repeats it.
  for (const a of plan.actions) {
    const vm = e.state.vms.get(a.target.toLowerCase());
    if (vm && (a.kind === 'install-extension' || a.kind === 'enable-system-identity')) {
      if (vm.powerState !== 'running' && !precededBy(plan, a, 'start-vm'))
        say(a, `the VM is ${vm.powerState} and nothing starts it first`);
      if (a.kind === 'install-extension' && !vm.identity.principalId && !precededBy(plan, a, 'enable-system-identity'))
        say(a, 'no system-assigned identity and nothing enables it first (1007)');
    }
    if (a.kind === 'assign-role') {
      const id = String(a.params.principalId).toLowerCase();
      if (!e.state.users.has(id) && !e.state.groups.has(id) && !e.state.servicePrincipals.has(id))
        say(a, 'the principal is not in the directory');
    }
    if (CA_KINDS.includes(a.kind) && turnsOn(a) && e.state.securityDefaultsEnabled) {
      if (!precededBy(plan, a, 'disable-security-defaults')) say(a, 'security defaults are on and stay on before it');
    }
  }
  return problems;
}

/** Choices for one scenario: every VM, its member users, a guest, and a break-glass account to exclude. */
function choices(e: RunningEmulator): { users: string[]; exclude: string } {
  const callerId = e.state.caller.objectId.toLowerCase();
  const all = [...e.state.users.values()].filter((u) => u.id.toLowerCase() !== callerId && u.accountEnabled);
  const breakGlass = all.find((u) => /break/i.test(u.userPrincipalName)) ?? all[all.length - 1]!;
  const members = all.filter((u) => u !== breakGlass && u.userType === 'Member').slice(0, 4);
  const guest = all.find((u) => u.userType === 'Guest');
  return {
    users: [...members, ...(guest ? [guest] : [])].map((u) => u.userPrincipalName),
    exclude: breakGlass.userPrincipalName,
  };
}

async function planJson(e: RunningEmulator, args: string[]): Promise<Plan> {
  const path = join(await tempDir('doomed'), 'plan.json');
  const io = captureIO({ env: emuEnv(e) });
  const code = await main(['plan', '--all', ...args, '--out', path], io);
  expect(code, io.err()).toBe(0);
  return JSON.parse(await readFile(path, 'utf8')) as Plan;
}

const OPT_INS = [
  '--remove-stale-devices',
  '--start-stopped-vms',
  '--disable-security-defaults',
  '--ca-state',
  'on',
  '--connection',
  'rdp-web-account',
  '--connection',
  'rdp-password',
  '--connection',
  'bastion-native',
  '--connection',
  'ssh',
];

describe('no plan contains an action its own findings say will fail', () => {
  it('the check itself catches a doomed install (it can fail)', async () => {
    emu = await startEmulator({ scenario: 'demo', extensionInstallMs: 10 });
    const plan = await planJson(emu, ['--start-stopped-vms']);
    const start = plan.actions.find((a) => a.kind === 'start-vm')!;
    const install = plan.actions.find((a) => a.kind === 'install-extension' && a.dependsOn.includes(start.id))!;
    expect(doomed(plan, emu)).toEqual([]);
    // Take the start out from under the install: now the install is doomed, and the check says so.
    const broken: Plan = {
      ...plan,
      actions: plan.actions
        .filter((a) => a !== start)
        .map((a) => ({ ...a, dependsOn: a.dependsOn.filter((d) => d !== start.id) })),
    };
    expect(doomed(broken, emu)).toContain(
      `${install.id} install-extension ${install.target}: the VM is not running and nothing starts it first`,
    );
  });

  it.each(SCENARIO_NAMES)(
    '%s',
    async (scenario) => {
      emu = await startEmulator({ scenario, ...(scenario === 'fleet' ? { vms: 40 } : {}), extensionInstallMs: 10 });
      const { users, exclude } = choices(emu);
      const who = users.flatMap((u) => ['--user', u]);
      const plain = await planJson(emu, who);
      expect(doomed(plain, emu), `${scenario}: ${plain.actions.length} actions`).toEqual([]);
      const opted = await planJson(emu, [...who, '--exclude', exclude, ...OPT_INS]);
      expect(doomed(opted, emu), `${scenario} with every opt-in`).toEqual([]);
      if (scenario === 'demo') {
        // The demo's traps are all exercised: each unblocking action is there, before what it unblocks.
        const kinds = new Set(opted.actions.map((a) => a.kind));
        for (const k of ['start-vm', 'remove-stale-device', 'enable-system-identity', 'install-extension'] as const)
          expect(kinds).toContain(k);
        for (const k of ['disable-security-defaults', 'enable-ca-policies', 'assign-role'] as const)
          expect(kinds).toContain(k);
        expect(opted.findings.map((f) => f.code)).toEqual(
          expect.arrayContaining(['vm-os-unsupported', 'principal-guest-unsupported', 'vm-hostname-duplicate-device']),
        );
      }
    },
    60_000,
  );
});
