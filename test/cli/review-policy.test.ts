/**
 * `review-policy` in-process against the emulator through the real SDK clients: the demo's report-only pilot,
 * reviewed over the scenario's sign-ins with the clock fixed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { captureIO } from './io';

const NOW = Date.parse('2026-12-01T10:00:00Z');
let emulator: RunningEmulator;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 20 });
});
afterAll(async () => {
  vi.useRealTimers();
  await emulator.close();
});
afterEach(() => emulator.setFaults(''));

async function review(...args: string[]) {
  const io = captureIO({ env: emulator.env() });
  const code = await main(['review-policy', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const GUEST = DEMO.users.guest.upn;

describe('review-policy', () => {
  it("prints the demo pilot's per-user summary and recommendation, and writes nothing", async () => {
    emulator.log.reset();
    const r = await review(DEMO.reportOnlyPolicyId);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'Review of "Require MFA for VM sign-in (pilot)" (report-only) over the last 7 days',
      'Targets Azure Windows VM Sign-In; requires MFA. 11 sign-ins to the VM sign-in apps.',
      '',
      '  user                                           app                       sign-ins  satisfied  would fail  would prompt  not covered',
      '  alice@contoso.com                              Azure Linux VM Sign-In           1          0           0             0            1',
      '  alice@contoso.com                              Azure Windows VM Sign-In         1          0           0             0            1',
      '  bob@contoso.com                                Azure Windows VM Sign-In         1          0           1             0            0',
      '  bob@contoso.com                                Microsoft Remote Desktop         2          0           0             0            2',
      '  carol@contoso.com                              Azure Windows VM Sign-In         2          0           2             0            0',
      '  dave@contoso.com                               Azure Windows VM Sign-In         2          2           0             0            0',
      '  frank@contoso.com                              Microsoft Remote Desktop         1          0           0             0            1',
      `  ${GUEST}  Microsoft Remote Desktop         1          0           0             0            1`,
      '',
      'Recommendation',
      '  → Safe to turn on for 1 of 3 users in its scope who signed in (dave@contoso.com); fix the others first.',
      '  ✗ bob@contoso.com would fail: no registered method satisfies MFA over Azure Windows VM Sign-In: needs Windows Hello for Business (the only method the password RDP flow can carry as MFA).',
      '  ✗ carol@contoso.com would fail: per-user MFA is enforced, which makes RDP sign-in fail before Conditional Access (disable it).',
      `  ! Not covered: alice@contoso.com, bob@contoso.com, frank@contoso.com and ${GUEST} sign in to Microsoft Remote Desktop and Azure Linux VM Sign-In, which the policy does not target: those sign-ins stay without it.`,
      '',
    ]);
    expect(emulator.log.writes()).toBe(0);
  });

  it('finds the policy by name, and --json carries the review', async () => {
    const r = await review('require mfa for vm sign-in (pilot)', '--json');
    const json = JSON.parse(r.out) as { policyId: string; users: { user: string; verdict: string }[] };
    expect(json.policyId).toBe(DEMO.reportOnlyPolicyId);
    expect(json.users.map((u) => [u.user, u.verdict])).toEqual([
      ['alice@contoso.com', 'not-covered'],
      ['bob@contoso.com', 'would-fail'],
      ['carol@contoso.com', 'would-fail'],
      ['dave@contoso.com', 'ready'],
      ['frank@contoso.com', 'not-covered'],
      [GUEST, 'not-covered'],
    ]);
  });

  it('refuses an unknown policy with exit 2 and suggests a close name', async () => {
    const r = await review('pilot');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no Conditional Access policy has the id or name "pilot"');
    expect(r.err).toContain('Did you mean "Require MFA for VM sign-in (pilot)"?');
  });

  it('names the missing permission in one line when the sign-in logs are denied', async () => {
    emulator.setFaults('403=1@/auditLogs/signIns');
    const r = await review(DEMO.reportOnlyPolicyId);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').find((l) => l.startsWith('error:'))).toBe(
      'error: Reading sign-in logs needs AuditLog.Read.All and Directory.Read.All, a Reports Reader, Security Reader or Global Reader role, and an Entra ID P1 licence (Authorization_RequestDenied)',
    );
  });
});
