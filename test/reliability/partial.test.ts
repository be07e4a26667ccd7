/**
 * A read that fails is a finding, not the end of the plan (issue #12). Against the `partial` tenant, and against
 * the demo tenant with each contextual read refused (403), missing (404) or hanging: `plan --json` exits 0 with
 * a plan, a `read-failed` finding names the resource and the permission, no action rests on an unread fact,
 * and every action a calm run plans on what could be read is still planned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { DEMO, PARTIAL, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import type { Action, Finding, Plan } from '../../src/plan/types';
import { captureIO } from '../cli/io';
import { emuEnv } from './harness';

const SELECTION = [
  ...['vm-web-01', 'vm-app-02', 'vm-dev-01', 'vm-data-02'].flatMap((vm) => ['--vm', vm]),
  '--user',
  DEMO.users.carol.upn,
  '--admin',
  DEMO.users.erin.upn,
  '--connection',
  'rdp-web-account',
  '--connection',
  'bastion-native',
  '--ca',
  'mfa',
  '--disable-security-defaults',
];

async function planJson(emu: RunningEmulator, args: string[]): Promise<{ code: number; plan?: Plan; err: string }> {
  const io = captureIO({ env: emuEnv(emu) });
  const code = await main(['plan', ...args, '--json'], io);
  return { code, plan: code === 0 ? (JSON.parse(io.out()) as Plan) : undefined, err: io.err() };
}

const key = (a: Action) =>
  `${a.kind} ${a.target.toLowerCase()} ${String(a.params.principalId ?? '')} ${String(a.params.roleDefinitionGuid ?? '')}`;
const readFailed = (plan: Plan): Finding[] => plan.findings.filter((f) => f.code === 'read-failed');
const isReader = (a: Action) => a.kind === 'assign-role' && a.params.roleDefinitionGuid === ROLE_IDS.reader;
// The tool's CA writes, the baseline's turn-on link included: all rest on the tenant's policies having been read.
const isCa = (a: Action) =>
  a.kind === 'create-ca-policy' || a.kind === 'update-ca-policy' || a.kind === 'enable-ca-policies';

let calm: RunningEmulator;
let calmPlan: Plan;

beforeAll(async () => {
  calm = await startEmulator({ extensionInstallMs: 30 });
  const run = await planJson(calm, SELECTION);
  expect(run.code, run.err).toBe(0);
  calmPlan = run.plan!;
  // The calm plan has something of every kind these cases take away.
  for (const kind of [
    'assign-role',
    'create-ca-policy',
    'disable-security-defaults',
    'disable-per-user-mfa',
    'create-service-principal',
  ]) {
    expect(calmPlan.actions.map((a) => a.kind)).toContain(kind);
  }
  expect(calmPlan.actions.some(isReader)).toBe(true);
});

afterAll(async () => {
  await calm?.close();
});

/**
 * Each contextual read, as a path part the fault rule matches, with the actions that rest on it: those must
 * be gone, everything else the calm run planned must still be there.
 */
const PATHS: { name: string; path: string; restsOn: (a: Action) => boolean }[] = [
  { name: 'NICs', path: '/networkInterfaces/', restsOn: isReader },
  // Only vm-dev-01 reaches its Bastion through a peering; the others have one in their own VNet.
  {
    name: 'VNets and peerings',
    path: '/virtualNetworks/',
    restsOn: (a) => isReader(a) && /vm-dev-01|vnet-dev/i.test(a.target),
  },
  { name: 'NSGs', path: '/networkSecurityGroups/', restsOn: () => false },
  { name: 'Bastion hosts', path: '/bastionHosts', restsOn: isReader },
  { name: 'role assignments above the VMs', path: '/roleAssignments', restsOn: (a) => a.kind === 'assign-role' },
  { name: 'Graph devices', path: '/devices', restsOn: () => false },
  { name: 'registration reports', path: '/reports/', restsOn: () => false },
  {
    name: 'per-user MFA (beta)',
    path: '/authentication/requirements',
    restsOn: (a) => a.kind === 'disable-per-user-mfa',
  },
  { name: 'authentication methods', path: '/authentication/', restsOn: (a) => a.kind === 'disable-per-user-mfa' },
  {
    name: 'security defaults',
    path: '/identitySecurityDefaultsEnforcementPolicy',
    restsOn: (a) => a.kind === 'disable-security-defaults' || isCa(a),
  },
  // Security defaults go only with the baseline replacing them, and the baseline needs Entra ID P1.
  { name: 'licences', path: '/subscribedSkus', restsOn: (a) => a.kind === 'disable-security-defaults' || isCa(a) },
  // Turning security defaults off rests on planning their replacement, which rests on the policies read.
  {
    name: 'Conditional Access policies',
    path: '/conditionalAccess/policies',
    restsOn: (a) => a.kind === 'disable-security-defaults' || isCa(a),
  },
  {
    name: 'service principals',
    path: '/servicePrincipals',
    restsOn: (a) => a.kind === 'create-service-principal' || a.kind === 'disable-security-defaults' || isCa(a),
  },
];

function expectUnknownNotGuessed(plan: Plan, restsOn: (a: Action) => boolean, what = ''): void {
  const calmKeys = new Set(calmPlan.actions.map(key));
  // Nothing new is planned on a guess…
  expect(plan.actions.filter((a) => !calmKeys.has(key(a))).map(key), what).toEqual([]);
  // …and everything dropped rests on the unread fact; the rest of the calm plan stands.
  const kept = new Set(plan.actions.map(key));
  const dropped = calmPlan.actions.filter((a) => !kept.has(key(a)));
  expect(dropped.filter((a) => !restsOn(a)).map(key), what).toEqual([]);
  expect(plan.actions.filter(restsOn).map(key), what).toEqual([]);
}

/**
 * A 404 for `servicePrincipals(appId=…)` is Graph's answer "this tenant has no service principal for that app",
 * which the plan acts on (it creates one), so it is not a read that failed.
 */
const ANSWERS_404 = new Set(['service principals']);

describe.each([
  ['403', '403=1'],
  ['404', '404=1'],
])('each contextual read refused with %s', (status, kind) => {
  it.each(PATHS.filter((p) => status !== '404' || !ANSWERS_404.has(p.name)).map((p) => [p.name, p] as const))(
    '%s',
    async (_name, p) => {
      const emu = await startEmulator({ extensionInstallMs: 30, faults: `${kind}@${p.path}` });
      try {
        const { code, plan, err } = await planJson(emu, SELECTION);
        expect(code, err).toBe(0);
        const failed = readFailed(plan!);
        expect(failed.length, err).toBeGreaterThan(0);
        for (const f of failed) {
          expect(f.message).toMatch(/^Could not read .+: (refused|not found) \(.+\)\. /);
          expect(f.remediation).toMatch(/^Reading it needs .*(Reader|Read)/);
        }
        expect(plan!.findings.some((f) => f.code !== 'read-failed' && /could not read/i.test(f.message))).toBe(false);
        expectUnknownNotGuessed(plan!, p.restsOn);
        const n = failed.length;
        expect(err).not.toMatch(/^error:/m);
        expect(plan!.actions.length + n).toBeGreaterThan(0);
      } finally {
        await emu.close();
      }
    },
    30_000,
  );
});

describe('each contextual read hanging', () => {
  it('ends within the timeout budget with a read-failed finding, for every path', async () => {
    // A few at a time: each case waits on purpose, and a loaded machine must not time out the reads that answer.
    const started = Date.now();
    const results: { p: (typeof PATHS)[number]; code: number; plan?: Plan; err: string }[] = [];
    const queue = [...PATHS];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const emu = await startEmulator({ extensionInstallMs: 30, faults: `hang=1@${p.path}` });
        try {
          results.push({ p, ...(await planJson(emu, [...SELECTION, '--request-timeout', '2'])) });
        } finally {
          await emu.close();
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (const { p, code, plan, err } of results) {
      expect(code, `${p.name}: ${err}`).toBe(0);
      const failed = readFailed(plan!);
      expect(failed.map((f) => f.message).join('\n'), p.name).toMatch(/no answer within 2 s/);
      expectUnknownNotGuessed(plan!, p.restsOn, p.name);
    }
    // Each case waits at most three request timeouts per chain of dependent reads.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 90_000);
});

describe('the partial tenant', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'partial', extensionInstallMs: 30 });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('plans everything it could read and names each fact it could not, with the permission', async () => {
    const args = [...SELECTION, '--vm', 'vm-hub-01', '--vm', 'vm-orphan-01'];
    const { code, plan, err } = await planJson(emu, args);
    expect(code, err).toBe(0);
    const failed = readFailed(plan!);
    const about = (target: string) => failed.find((f) => f.target.toLowerCase() === target.toLowerCase());
    expect(about(DEMO.vnets.prod)?.message).toBe(
      'Could not read the virtual network vnet-prod-weu: refused (AuthorizationFailed). What depends on it is unknown, and nothing is planned on it.',
    );
    expect(about(DEMO.vnets.prod)?.remediation).toContain(
      `Reader (or any role with Microsoft.Network/virtualNetworks/read) on ${DEMO.vnets.prod}`,
    );
    expect(about(PARTIAL.hubVnet)?.message).toMatch(/^Could not read the virtual network vnet-hub-weu: refused/);
    expect(about(PARTIAL.deletedNsg)?.message).toMatch(
      /^Could not read the network security group nsg-retired-2025: not found \(ResourceNotFound\)/,
    );
    expect(about(`/subscriptions/${PARTIAL.hubSubscription}`)?.message).toMatch(
      /^Could not read the Azure Bastion hosts of subscription .+: refused \(AuthorizationFailed\)/,
    );
    expect(failed.find((f) => f.target.includes('/authentication/requirements'))?.remediation).toContain(
      'Policy.Read.All',
    );
    expect(failed.find((f) => f.target.includes('/reports/'))?.remediation).toMatch(
      /AuditLog\.Read\.All.*Microsoft Entra ID P1 or P2/,
    );
    // Nothing rests on an unread fact: no per-user MFA change, no Bastion verdict or Reader role on the hub path.
    expect(plan!.actions.filter((a) => a.kind === 'disable-per-user-mfa')).toEqual([]);
    const hubVms = [PARTIAL.vms.hub, DEMO.vms.dev].map((id) => id.toLowerCase());
    expect(
      plan!.findings.filter((f) => f.code === 'bastion-missing' && hubVms.includes(f.target.toLowerCase())),
    ).toEqual([]);
    expect(plan!.actions.filter((a) => isReader(a) && hubVms.some((v) => a.target.toLowerCase() === v))).toEqual([]);
    // The same actions as a calm run for what it could read: the VMs' identities, extensions and login roles.
    const onReadVms = (p: Plan) =>
      p.actions
        .filter(
          (a) =>
            !isReader(a) &&
            a.kind !== 'disable-per-user-mfa' &&
            !a.target.includes('vm-hub-01') &&
            !a.target.includes('vm-orphan-01'),
        )
        .map(key)
        .sort();
    expect(onReadVms(plan!)).toEqual(onReadVms(calmPlan));
    // The summary line counts what could not be read.
    const text = captureIO({ env: emuEnv(emu) });
    expect(await main(['plan', ...args], text)).toBe(0);
    expect(text.out()).toMatch(
      new RegExp(`^Plan: \\d+ to create, \\d+ to change\\. ${failed.length} facts could not be read\\.$`, 'm'),
    );
  }, 30_000);

  it('says what a sign-in depends on when a fact it rests on could not be read', async () => {
    const io = captureIO({ env: emuEnv(emu) });
    const code = await main(
      ['doctor', '--vm', 'vm-web-01', '--user', DEMO.users.carol.upn, '--connection', 'rdp-web-account', '--json'],
      io,
    );
    expect(code, io.err()).toBe(0);
    const report = JSON.parse(io.out());
    const outcome = report.outcomes?.[0] ?? report.predictions?.[0];
    expect(JSON.stringify(outcome)).toMatch(
      /unknown: could not read legacy per-user MFA \(Microsoft Graph beta\) \(refused/,
    );
  }, 30_000);
});
