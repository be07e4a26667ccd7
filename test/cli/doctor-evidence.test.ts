/**
 * `doctor` with evidence, in-process against the emulator through the real SDK clients: the sign-in table, the
 * prediction beside the evidence, Microsoft's What-If beside ours, and what it says when it cannot read them.
 * The clock is fixed so the scenario's sign-ins have fixed times.
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

async function doctor(user: string, ...extra: string[]) {
  const io = captureIO({ env: emulator.env() });
  const code = await main(['doctor', '--vm', 'vm-jump-01', '--user', user, ...extra], io);
  return { code, out: io.out(), err: io.err() };
}

/** The lines from `first` up to (not including) the next blank line. */
function section(out: string, first: string): string[] {
  const lines = out.split('\n');
  const start = lines.indexOf(first);
  if (start < 0) throw new Error(`no '${first}' in:\n${out}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('doctor puts sign-in evidence beside its prediction', () => {
  it('shows the sign-ins, names the disagreement the demo plants for dave, and flags What-If', async () => {
    emulator.log.reset();
    const r = await doctor(DEMO.users.dave.upn);
    expect(r.code).toBe(0);
    expect(section(r.out, 'Sign-ins of the last 7 days, newest first')).toEqual([
      'Sign-ins of the last 7 days, newest first',
      '  2026-12-01 06:40  Azure Windows VM Sign-In (Mobile Apps and Desktop clients): success; multi-factor, Windows Hello for Business; CA notApplied',
      '      policies: "Require MFA for VM sign-in (pilot)" reportOnlySuccess',
      '  2026-11-29 09:40  Azure Windows VM Sign-In (Mobile Apps and Desktop clients): success; multi-factor, Windows Hello for Business; CA notApplied',
      '      policies: "Require MFA for VM sign-in (pilot)" reportOnlySuccess',
    ]);
    expect(section(r.out, 'Prediction beside evidence')).toEqual([
      'Prediction beside evidence',
      '  · rdp-web-account: no evidence: predicted no MFA prompt; no sign-ins to Microsoft Remote Desktop / Windows Cloud Login in the last 7 days',
      // The prediction fails password RDP on the missing Azure Windows VM Sign-In service principal; the logs say
      // sign-ins to that app succeed: exactly the kind of disagreement the admin should see.
      '  ✗ rdp-password: DISAGREES: predicted a failed sign-in, but the last 2 sign-ins were multi-factor: what the prediction expects ("Your credentials did not work") did not stop them: it may be fixed already, or they were to another VM (the logs do not name it)',
    ]);
    expect(section(r.out, "Microsoft's What-If beside ours")).toEqual([
      "Microsoft's What-If beside ours",
      `  ✗ "Require MFA for VM sign-in (pilot)" on Azure Windows VM Sign-In: ours says it applies, Microsoft's What-If says it does not apply (users). Trust Microsoft here: check the group memberships (dynamic or nested groups) and conditions it names.`,
    ]);
    expect(emulator.log.writes()).toBe(0);
  });

  it('agrees for bob on web-account RDP, and names failures in plain words for carol', async () => {
    const bob = await doctor(DEMO.users.bob.upn, '--connection', 'rdp-web-account');
    expect(section(bob.out, 'Prediction beside evidence').slice(1)).toEqual([
      '  ✓ rdp-web-account: agrees: predicted no MFA prompt; the last 2 sign-ins were single-factor',
    ]);
    const carol = await doctor(DEMO.users.carol.upn, '--connection', 'rdp-password');
    expect(section(carol.out, 'Sign-ins of the last 7 days, newest first')[1]).toBe(
      '  2026-12-01 09:20  Azure Windows VM Sign-In (Mobile Apps and Desktop clients): failed 50076 MFA is required (a policy, per-user MFA or a new location) and the client did not do it; multi-factor; CA notApplied',
    );
    expect(section(carol.out, 'Prediction beside evidence')[1]).toBe(
      '  ✓ rdp-password: agrees: predicted a failed sign-in; the last 2 sign-ins failed',
    );
  });

  it('--since widens the window and --json carries the evidence', async () => {
    const r = await doctor(DEMO.users.bob.upn, '--since', '10d', '--json');
    const report = JSON.parse(r.out) as {
      evidence: { window: string; signIns: { appId: string }[]; comparisons: { verdict: string }[]; whatIf: unknown[] };
    };
    expect(report.evidence.window).toBe('the last 10 days');
    expect(report.evidence.signIns).toHaveLength(4);
    expect(report.evidence.comparisons.map((c) => c.verdict)).toEqual(['agrees', 'disagrees']);
    expect(report.evidence.whatIf).toHaveLength(1);
  });

  it('refuses a window the logs cannot hold, exit 2', async () => {
    const r = await doctor(DEMO.users.bob.upn, '--since', '90d');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'90d' is not a window like 7d, 24h or 90m of at most 30d");
  });

  it('still predicts and says in one line what it could not read without the scope', async () => {
    emulator.setFaults('403=1@/auditLogs/signIns,403=1@/conditionalAccess/evaluate');
    const r = await doctor(DEMO.users.bob.upn);
    expect(r.code).toBe(0);
    expect(r.out).toContain('rdp-web-account: Signed in without MFA');
    expect(section(r.out, 'Sign-ins of the last 7 days, newest first')).toEqual([
      'Sign-ins of the last 7 days, newest first',
      '  ! Sign-in logs could not be read: that needs AuditLog.Read.All and Directory.Read.All, a Reports Reader, Security Reader or Global Reader role, and an Entra ID P1 licence; the prediction above stands on configuration alone.',
    ]);
    expect(section(r.out, "Microsoft's What-If beside ours")[1]).toBe(
      "  ! Microsoft's What-If could not be read: that needs Policy.Read.ConditionalAccess (or Policy.Read.All).",
    );
    expect(r.out).not.toContain('Prediction beside evidence');
    // The unread evidence is also a read-failed finding in the remediation plan, naming the permission.
    expect(r.out).toContain(
      'Could not read sign-in logs of bob@contoso.com: refused (Authorization_RequestDenied). What depends on it is unknown, and nothing is planned on it.',
    );
    const json = JSON.parse((await doctor(DEMO.users.bob.upn, '--json')).out) as {
      plan: { findings: { code: string; target: string }[] };
    };
    expect(json.plan.findings.filter((f) => f.code === 'read-failed').map((f) => f.target)).toEqual([
      '/beta/auditLogs/signIns',
      '/v1.0/identity/conditionalAccess/evaluate',
    ]);
  });

  it('names the missing licence when the tenant has no Entra ID P1', async () => {
    const skus = emulator.state.skus;
    emulator.state.skus = [];
    try {
      const r = await doctor(DEMO.users.bob.upn);
      expect(r.code).toBe(0);
      expect(section(r.out, 'Sign-ins of the last 7 days, newest first')[1]).toBe(
        '  ! Sign-in logs could not be read: the tenant has no Entra ID P1 or P2 licence, which Microsoft Graph needs for them; the prediction above stands on configuration alone.',
      );
    } finally {
      emulator.state.skus = skus;
    }
  });
});
