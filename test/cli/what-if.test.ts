/**
 * `what-if` end to end in-process: offline on a policies file, and against the emulator, where it reads the
 * policies, the user's groups and registered methods, and security defaults through the real Graph client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatIfReport } from '../../src/checks/what-if';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { captureIO } from './io';

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'evl-whatif-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: NodeJS.ProcessEnv = emulator.env()) {
  const io = captureIO({ env });
  const code = await main(['what-if', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const COMPLIANT_OR_MFA = {
  id: 'p1',
  displayName: 'MFA or compliant device',
  state: 'enabled',
  conditions: {
    users: { includeUsers: ['All'] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['all'],
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] },
};

describe('what-if offline', () => {
  it('reads an exported GET body and decides by the device', async () => {
    const file = join(dir, 'policies.json');
    await writeFile(file, JSON.stringify({ value: [COMPLIANT_OR_MFA] }));
    const unknown = await run(
      ['--policies', file, '--user', 'alice@contoso.com', '--connection', 'rdp-web-account', '--json'],
      {},
    );
    expect(unknown.code).toBe(0);
    const report = JSON.parse(unknown.out) as WhatIfReport;
    expect(report.outcome.status).toBe('depends');
    expect(report.apps.map((a) => a.appName)).toEqual(['Microsoft Remote Desktop', 'Windows Cloud Login']);
    const compliant = await run(['--policies', file, '--user', 'alice@contoso.com', '--device', 'compliant'], {});
    expect(compliant.out).toContain('Granted without a prompt: the grant is met');
    const none = await run(
      ['--policies', file, '--user', 'alice@contoso.com', '--device', 'none', '--methods', 'fido2SecurityKey'],
      {},
    );
    expect(none.out).toContain('Asked for MFA (or the required strength), then granted');
  });

  it('a file that is not policies is bad input (exit 2)', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"value":[{"id":"x"}]}');
    const r = await run(['--policies', file, '--user', 'alice@contoso.com'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('item 1 is not a Conditional Access policy');
  });

  it('--app and --connection together are bad input', async () => {
    const r = await run(
      ['--policies', 'x.json', '--user', 'a', '--app', '372140e0-b3b7-4226-8ef9-d57986796201', '--connection', 'ssh'],
      {},
    );
    expect(r.code).toBe(2);
  });
});

describe('what-if against the emulator', () => {
  it('reads the policies and the user: security defaults mean nothing is evaluated, yet the group match is shown', async () => {
    const r = await run(['--user', DEMO.users.bob.upn, '--connection', 'rdp-password', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as WhatIfReport;
    expect(report.outcome.status).toBe('not-evaluated');
    const pilot = report.apps[0]!.policies[0]!;
    expect(pilot).toMatchObject({ applies: 'yes', state: 'enabledForReportingButNotEnforced', enforced: false });
    expect(pilot.reasons[0]).toBe(`users: includes group ${DEMO.groups.vmUsers.id}`);
    expect(emulator.log.writes()).toBe(0);
  });

  it('with security defaults off and a device policy, the device decides', async () => {
    emulator.state.securityDefaultsEnabled = false;
    emulator.state.caPolicies.set('p1', { ...COMPLIANT_OR_MFA, createdDateTime: '2026-11-01T00:00:00Z' });
    try {
      const granted = await run(['--user', DEMO.users.bob.upn, '--device', 'compliant', '--json']);
      expect((JSON.parse(granted.out) as WhatIfReport).outcome.status).toBe('granted');
      const refused = await run(['--user', DEMO.users.bob.upn, '--device', 'none', '--methods', '', '--json']);
      expect((JSON.parse(refused.out) as WhatIfReport).outcome.status).toBe('refused');
    } finally {
      emulator.state.caPolicies.delete('p1');
      emulator.state.securityDefaultsEnabled = true;
    }
  });

  it('evaluates a custom strength by the combinations the tenant serves with the policy', async () => {
    const strengthId = 'f1d0c0de-0000-4000-8000-000000000001';
    emulator.state.securityDefaultsEnabled = false;
    emulator.state.customStrengths.set(strengthId, {
      id: strengthId,
      displayName: 'Security keys only',
      allowedCombinations: ['fido2'],
    });
    emulator.state.caPolicies.set('p2', {
      ...COMPLIANT_OR_MFA,
      id: 'p2',
      displayName: 'Keys for VM sign-in',
      grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: { id: strengthId } },
    });
    try {
      const bob = JSON.parse((await run(['--user', DEMO.users.bob.upn, '--json'])).out) as WhatIfReport;
      expect(bob.outcome.status).toBe('refused');
      expect(bob.outcome.summary).toContain('Security keys only');
      const frank = JSON.parse((await run(['--user', DEMO.users.frank.upn, '--json'])).out) as WhatIfReport;
      expect(frank.outcome.status).toBe('mfa');
    } finally {
      emulator.state.caPolicies.delete('p2');
      emulator.state.customStrengths.delete(strengthId);
      emulator.state.securityDefaultsEnabled = true;
    }
  });
});
