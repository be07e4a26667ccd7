/**
 * Replacing security defaults without a gap, through the CLI against the demo tenant: the README's path (plan
 * with the opt-ins an admin would choose, then apply) ends with the VM policy on, security defaults replaced by
 * the enabled baseline, and the request log shows no moment with neither security defaults nor an enabled MFA
 * policy beyond the one Graph forces (the requests turning the policies on follow security defaults at once).
 * A failing last link is finished by running apply again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/commands/main';
import { APP_IDS, TOOL_CA_BASELINE_PREFIX } from '../../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import type { LogEntry } from '../../../src/emulator/log';
import { renderMarkdown } from '../../../src/output/markdown';
import { tenantWideLines } from '../../../src/output/tenant-wide';
import type { Plan } from '../../../src/plan/types';
import { captureIO } from '../../cli/io';
import { emuEnv, tempDir } from '../../reliability/harness';
import { gatewayFor } from '../steps-1-3/emulator-helpers';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const CHOICES = [
  '--vm',
  'vm-app-02',
  '--admin',
  DEMO.users.alice.upn,
  '--user',
  'vm-users',
  '--exclude',
  DEMO.users.breakGlass1.upn,
  '--exclude',
  DEMO.users.breakGlass2.upn,
  '--ca-state',
  'on',
  '--disable-security-defaults',
];

async function planTo(e: RunningEmulator, extra: string[] = []): Promise<{ path: string; plan: Plan }> {
  const path = join(await tempDir('sd-chain'), 'plan.json');
  const io = captureIO({ env: emuEnv(e) });
  expect(await main(['plan', ...CHOICES, ...extra, '--out', path], io), io.err()).toBe(0);
  return { path, plan: JSON.parse(await readFile(path, 'utf8')) as Plan };
}

const policyWrites = (log: LogEntry[]) =>
  log.filter((r) => r.isWrite && /conditionalAccess\/policies|identitySecurityDefaultsEnforcementPolicy/.test(r.path));

describe('replacing security defaults on the demo tenant', () => {
  it('plans the chain: creates (off) → security defaults off → all turned on at once', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan } = await planTo(emu);
    const ca = plan.actions.filter((a) => a.step === 'conditional-access');
    const sd = ca.find((a) => a.kind === 'disable-security-defaults')!;
    const enable = ca.find((a) => a.kind === 'enable-ca-policies')!;
    const creates = ca.filter((a) => a.kind === 'create-ca-policy');
    expect(creates.map((a) => (a.params.body as { displayName: string }).displayName)).toEqual([
      `${TOOL_CA_BASELINE_PREFIX}require MFA for administrator roles`,
      `${TOOL_CA_BASELINE_PREFIX}block legacy authentication`,
      `${TOOL_CA_BASELINE_PREFIX}require MFA for Azure management`,
      `${TOOL_CA_BASELINE_PREFIX}protect MFA registration`,
      `${TOOL_CA_BASELINE_PREFIX}require MFA for all users`,
      'entra-vm-login: VM sign-in – require MFA',
    ]);
    for (const c of creates) {
      expect((c.params.body as { state: string }).state).toBe('disabled');
      const users = (c.params.body as { conditions: { users: { excludeUsers: string[] } } }).conditions.users;
      expect(users.excludeUsers).toEqual([DEMO.users.breakGlass1.id, DEMO.users.breakGlass2.id]);
    }
    expect(sd.dependsOn.sort()).toEqual(creates.map((a) => a.id).sort());
    expect(enable.dependsOn).toEqual([sd.id]);
    expect((enable.params.displayNames as string[]).length).toBe(6);
    // Each link says what state the tenant is in if it fails.
    expect(creates[0]!.reason).toMatch(/If this fails, security defaults are still on/);
    expect(sd.reason).toMatch(/If this fails, security defaults are still on/);
    expect(enable.reason).toMatch(/If this fails, security defaults are already off/);
    // The change review and the confirm gate say it is tenant-wide.
    expect(renderMarkdown(plan)).toContain('## Tenant-wide changes');
    expect(tenantWideLines(plan.actions)).toEqual([
      `Tenant-wide: security defaults are turned off for every user (${sd.id}), replaced at once by 6 Conditional Access policies turned on right after (${enable.id}).`,
    ]);
  });

  it('apply ends with the VM policy and baseline on, security defaults off, and no unprotected write in between', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { path } = await planTo(emu);
    emu.log.reset();
    const io = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', path, '--yes'], io), io.err()).toBe(0);

    expect(emu.state.securityDefaultsEnabled).toBe(false);
    const policies = [...emu.state.caPolicies.values()] as { displayName: string; state: string }[];
    const mine = policies.filter((p) => p.displayName.startsWith('entra-vm-login:'));
    expect(mine).toHaveLength(6);
    expect(mine.every((p) => p.state === 'enabled')).toBe(true);

    const writes = policyWrites(emu.log.requests());
    expect(writes.every((w) => w.status < 400)).toBe(true);
    const sdAt = writes.findIndex((w) => w.path.endsWith('identitySecurityDefaultsEnforcementPolicy'));
    expect(sdAt).toBeGreaterThan(0);
    // Before security defaults go, every write leaves them on; the writes after it are the six turn-ons.
    for (const w of writes.slice(0, sdAt)) expect(w.mfaProtection?.securityDefaults).toBe(true);
    const after = writes.slice(sdAt + 1);
    expect(after.map((w) => w.method)).toEqual(Array(6).fill('PATCH'));
    // Every other Graph write after security defaults went is one of those turn-ons. ARM writes (extension
    // installs, role assignments) run beside the chain and may land in between: they change no one's MFA.
    const all = emu.log.requests().filter((r) => r.isWrite && !/^\/(subscriptions|providers)\//i.test(r.path));
    const sdIndex = all.findIndex((w) => w.path.endsWith('identitySecurityDefaultsEnforcementPolicy'));
    const firstOn = all.findIndex((w, i) => i > sdIndex && (w.mfaProtection?.enabledMfaPolicies ?? 0) > 0);
    expect(all.slice(sdIndex + 1, firstOn + 1).every((w) => /conditionalAccess\/policies\//.test(w.path))).toBe(true);
    expect(firstOn).toBe(sdIndex + 1);
    for (const w of all) {
      expect(w.mfaProtection!.securityDefaults || w.mfaProtection!.enabledMfaPolicies > 0 || w === all[sdIndex]).toBe(
        true,
      );
    }

    // The VM policy is on and requires MFA of the selected users on the apps the selected VM signs in with.
    const vmPolicy = policies.find((p) => p.displayName === 'entra-vm-login: VM sign-in – require MFA') as unknown as {
      state: string;
      conditions: {
        users: { includeUsers: string[]; includeGroups: string[] };
        applications: { includeApplications: string[] };
      };
      grantControls: { builtInControls: string[] };
    };
    expect(vmPolicy.state).toBe('enabled');
    expect(vmPolicy.grantControls.builtInControls).toEqual(['mfa']);
    expect(vmPolicy.conditions.users.includeUsers).toEqual([DEMO.users.alice.id]);
    expect(vmPolicy.conditions.users.includeGroups).toEqual([DEMO.groups.vmUsers.id]);
    expect(vmPolicy.conditions.applications.includeApplications).toEqual(
      expect.arrayContaining([APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin]),
    );
    // And doctor, reading the tenant afterwards, predicts the prompt for a selected user on the selected VM.
    const doctorIO = captureIO({ env: emuEnv(emu) });
    const args = ['doctor', '--vm', 'vm-app-02', '--user', DEMO.users.alice.upn, '--connection', 'rdp-web-account'];
    expect(await main(args, doctorIO), doctorIO.err()).toBe(0);
    expect(doctorIO.out().split('\n')[0]).toBe(
      `${DEMO.users.alice.upn} is asked for MFA, then signed in to vm-app-02 (rdp-web-account).`,
    );
  });

  it('a failed last link leaves security defaults off and the policies off; apply again finishes the chain', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { path } = await planTo(emu);
    // Only the last link patches policies: every turn-on is refused until the permission is back.
    emu.setFaults('403=1@PATCH:/conditionalAccess/policies/');
    const io = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', path, '--yes'], io)).toBe(1);
    expect(emu.state.securityDefaultsEnabled).toBe(false);
    const states = () =>
      ([...emu!.state.caPolicies.values()] as { displayName: string; state: string }[])
        .filter((p) => p.displayName.startsWith('entra-vm-login:'))
        .map((p) => p.state);
    expect(states()).toEqual(Array(6).fill('disabled'));
    emu.setFaults('');
    const again = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', path, '--yes'], again), again.err()).toBe(0);
    expect(states()).toEqual(Array(6).fill('enabled'));
  });

  it('without the baseline needs its acknowledgement; Graph refuses a policy on while security defaults are on', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const { plan } = await planTo(emu, ['--without-baseline-unprotected-ok']);
    const names = plan.actions.map((a) => String((a.params.body as { displayName?: string } | undefined)?.displayName));
    expect(names.some((n) => n.startsWith(TOOL_CA_BASELINE_PREFIX))).toBe(false);
    expect(plan.actions.find((a) => a.kind === 'disable-security-defaults')!.summary).toMatch(/WITHOUT a replacement/);
    const body = {
      displayName: 'on while security defaults are on',
      state: 'enabled' as const,
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR' as const, builtInControls: ['mfa'] },
    };
    const gateway = gatewayFor(emu);
    await expect(gateway.graph.createCaPolicy(body)).rejects.toThrow(/security defaults/i);
    const off = await gateway.graph.createCaPolicy({ ...body, state: 'enabledForReportingButNotEnforced' });
    expect(off.state).toBe('enabledForReportingButNotEnforced');
    await expect(gateway.graph.updateCaPolicy(off.id, { state: 'enabled' })).rejects.toThrow(/security defaults/i);
  });
});
