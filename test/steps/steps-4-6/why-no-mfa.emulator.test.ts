/**
 * Every "why no MFA prompt?" answered, one `why-no-mfa-<cause>` tenant per known cause, through the real SDK
 * clients against the emulator and the command line as an admin runs it:
 *
 * 1. `doctor --vm vm-app-01 --user sam@…` names the cause in its first line;
 * 2. `doctor … --out fix.json` (with the opt-ins an admin would choose: the policy on, the break-glass account
 *    excluded, security defaults replaced where they are on), then `apply fix.json --yes`;
 * 3. `doctor` again predicts "asked for MFA, then signed in" for every method, or, where no prompt is already the
 *    secure outcome (MFA in the token, MFA reused within the sign-in frequency window), says so.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/commands/main';
import {
  type RunningEmulator,
  startEmulator,
  WHY_NO_MFA,
  WHY_NO_MFA_CAUSES,
  type WhyNoMfaCause,
} from '../../../src/emulator/index';
import { captureIO } from '../../cli/io';
import { emuEnv, tempDir } from '../../reliability/harness';
import { ENTRA_JOINED } from '../../unit/checks-ca/dsregcmd-samples';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const SAM = WHY_NO_MFA.users.sam.upn;
const VM = WHY_NO_MFA.vmName;
const POLICY = `"${WHY_NO_MFA.policyName}"`;
const ASKED = `${SAM} is asked for MFA, then signed in to ${VM}`;

interface Case {
  /** What the first line must say: the cause, in words. */
  first: RegExp;
  /** Extra doctor arguments that describe how sam connects (`--connection`, `--dsregcmd`). */
  how?: (dir: string) => Promise<string[]>;
  /** Opt-ins beyond the policy on with the break-glass account excluded. */
  optIns?: string[];
  /** The kinds the fix plan must contain. */
  fixKinds: string[];
  /** After apply: every method prompts (`asked`), or the first line explains the secure outcome. */
  after: 'asked' | RegExp;
}

/** Sam's PC: Entra joined to this tenant, unlocked with Windows Hello for Business, holding a PRT. */
async function whfbClient(dir: string): Promise<string[]> {
  const file = join(dir, 'dsregcmd.txt');
  await writeFile(file, ENTRA_JOINED.replaceAll(/aaaabbbb-0000-cccc-1111-dddd2222eeee/gi, WHY_NO_MFA.tenantId));
  return ['--dsregcmd', file];
}

const CASES: Record<WhyNoMfaCause, Case> = {
  'report-only': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${POLICY} would require MFA but is report-only`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'policy-disabled': {
    first: new RegExp(`^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${POLICY} is disabled`),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'web-account-app': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${POLICY} targets another VM sign-in app, .* \\(wrong target app\\)`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'management-app': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${POLICY} targets Windows Azure Service Management API .*\\(wrong target app\\)`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'user-excluded': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${SAM} is not covered by ${POLICY} \\(excluded`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'user-not-included': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${SAM} is not covered by ${POLICY} \\(does not include this user`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'client-app-types': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: ${POLICY} covers client apps browser only, not .*, which rdp-web-account is`,
    ),
    fixKinds: ['create-ca-policy'],
    after: 'asked',
  },
  'security-defaults': {
    first: new RegExp(`^No MFA prompt for ${SAM} on ${VM} with rdp-web-account: security defaults are on`),
    optIns: ['--disable-security-defaults'],
    fixKinds: ['create-ca-policy', 'disable-security-defaults', 'enable-ca-policies'],
    after: 'asked',
  },
  'per-user-mfa': {
    first: new RegExp(
      `^${SAM} cannot sign in to ${VM} with rdp-web-account: legacy per-user MFA is enforced for ${SAM}`,
    ),
    fixKinds: ['disable-per-user-mfa'],
    after: 'asked',
  },
  'service-principal-missing': {
    first: new RegExp(
      `^${SAM} cannot sign in to ${VM} with rdp-password: the tenant has no service principal for Azure Windows VM Sign-In`,
    ),
    fixKinds: ['create-service-principal', 'create-ca-policy'],
    after: 'asked',
  },
  'mfa-in-token-whfb': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with rdp-web-account because MFA is already in the token, which is the secure outcome: the client PC was unlocked with Windows Hello for Business`,
    ),
    how: whfbClient,
    fixKinds: [],
    after:
      /because MFA is already in the token, which is the secure outcome: the client PC was unlocked with Windows Hello/,
  },
  'mfa-in-token-bastion': {
    first: new RegExp(
      `^No MFA prompt for ${SAM} on ${VM} with bastion-portal because MFA is already in the token, which is the secure outcome: the Azure portal sign-in already did MFA \\("${WHY_NO_MFA.managementPolicyName}" on the portal\\)`,
    ),
    how: async () => ['--connection', 'bastion-portal'],
    fixKinds: [],
    after:
      /with bastion-portal because MFA is already in the token, which is the secure outcome: the Azure portal sign-in/,
  },
  'sign-in-frequency': {
    first: new RegExp(
      `^${SAM} is asked for MFA on ${VM} \\(rdp-web-account, rdp-password\\) only once per sign-in frequency window: the last sign-in to Microsoft Remote Desktop \\(.*\\) reused MFA done earlier, which is the secure outcome; no policy sets a sign-in frequency, so Entra's default applies: a rolling window of 90 days`,
    ),
    fixKinds: [],
    after: /only once per sign-in frequency window: .* reused MFA done earlier, which is the secure outcome/,
  },
};

interface DoctorJson {
  headline: string;
  outcomes: { method: string; outcome: string; message: string }[];
  plan: { actions: { kind: string }[] };
}

async function doctor(e: RunningEmulator, args: string[]) {
  const io = captureIO({ env: emuEnv(e) });
  const code = await main(['doctor', '--vm', VM, '--user', SAM, ...args], io);
  expect(code, io.err()).toBe(0);
  return io.out();
}

describe('why-no-mfa: doctor names the cause, its fix applies, doctor then predicts the prompt', () => {
  it('has a scenario for every cause', () => {
    expect(Object.keys(CASES).sort()).toEqual([...WHY_NO_MFA_CAUSES].sort());
  });

  it.each(WHY_NO_MFA_CAUSES)(
    'why-no-mfa-%s',
    async (cause) => {
      const c = CASES[cause];
      emu = await startEmulator({ scenario: `why-no-mfa-${cause}`, extensionInstallMs: 10 });
      const dir = await tempDir(`why-${cause}`);
      const how = c.how ? await c.how(dir) : [];

      const before = await doctor(emu, how);
      const firstLine = before.split('\n')[0]!;
      expect(firstLine).toMatch(c.first);
      expect(emu.log.writes()).toBe(0);

      const fix = join(dir, 'fix.json');
      const choices = ['--ca-state', 'on', '--exclude', WHY_NO_MFA.users.breakGlass.upn, ...(c.optIns ?? [])];
      const planned = JSON.parse(await doctor(emu, [...how, ...choices, '--json', '--out', fix])) as DoctorJson;
      const kinds = new Set(planned.plan.actions.map((a) => a.kind));
      for (const kind of c.fixKinds) expect(kinds, `${cause}: ${kind}`).toContain(kind);

      const io = captureIO({ env: emuEnv(emu) });
      expect(await main(['apply', fix, '--yes'], io), io.err()).toBe(0);

      const after = JSON.parse(await doctor(emu, [...how, '--json'])) as DoctorJson;
      if (c.after === 'asked') {
        expect(after.headline).toBe(`${ASKED} (${after.outcomes.map((o) => o.method).join(', ')}).`);
        for (const o of after.outcomes) expect(o, cause).toMatchObject({ outcome: 'mfa-then-success', message: ASKED });
      } else {
        expect(after.headline).toMatch(c.after);
        expect(after.outcomes.some((o) => o.outcome.startsWith('error-'))).toBe(false);
      }
    },
    60_000,
  );
});
