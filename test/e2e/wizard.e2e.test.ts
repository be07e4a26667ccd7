/**
 * The built wizard in a real pseudo-terminal against the emulator command running as its own process: keys
 * typed one at a time, screens read as a person sees them, the tenant's state read back from the emulator.
 * No fixed sleeps: every step waits for the text it expects.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types';
import { type EmulatorProcess, snapshotCli, startEmulatorProcess } from './processes';
import { KEYS, spawnTerminal, type TerminalSession } from './terminal';

const VMS = ['vm-ubuntu-web-01', 'vm-web-01', 'vm-data-02'] as const;
const ADMIN = 'alice@contoso.com';
const USERS_GROUP = 'vm-users';

interface EmulatorLog {
  writes: number;
  requests: { method: string; path: string; isWrite: boolean }[];
}
interface EmulatorState {
  vms: {
    id: string;
    name: string;
    identity: { type: string };
    extensions: { name: string; provisioningState: string }[];
  }[];
  roleAssignments: { scope: string; principalId: string; roleDefinitionGuid: string }[];
  servicePrincipals: { appId: string }[];
  caPolicies: { displayName: string; state: string }[];
  securityDefaultsEnabled: boolean;
}

const cursorRow = (screen: string) => screen.split('\n').find((l) => l.startsWith('❯')) ?? '';

/** Moves the highlight down until its row contains `text`, waiting for each move to render. */
async function moveTo(t: TerminalSession, text: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const row = cursorRow(t.screen());
    if (row.includes(text)) return;
    t.press(KEYS.down);
    await t.waitFor((s) => cursorRow(s) !== row, `the highlight to move past "${row}"`);
  }
  throw new Error(`no row with "${text}" below the highlight:\n${t.screen()}`);
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The first screen: setting VMs up is the highlighted choice. */
async function chooseSetup(t: TerminalSession): Promise<void> {
  await t.waitForText('What would you like to do?');
  t.press(KEYS.enter);
}

let emulator: EmulatorProcess;
let home: string;
let CLI: string;
let removeCli = () => {};

beforeAll(async () => {
  const built = snapshotCli();
  CLI = built.cli;
  removeCli = built.remove;
  home = mkdtempSync(join(tmpdir(), 'evl-e2e-'));
  emulator = await startEmulatorProcess(CLI, ['--install-ms', '300']);
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  removeCli();
});

function startWizard(cols = 120, rows = 40): TerminalSession {
  return spawnTerminal(process.execPath, [CLI], {
    cols,
    rows,
    cwd: home,
    env: { ...emulator.env, ENTRA_VM_LOGIN_STATE_DIR: join(home, 'state') },
  });
}

/** From the first frame to the plan review: the same answers on every run. */
async function walkToPlanReview(t: TerminalSession, first: boolean): Promise<void> {
  await chooseSetup(t);
  await t.waitForText('Which VMs should accept Entra sign-in?');
  await t.waitForText('0 of 16 selected');
  for (const [i, vm] of VMS.entries()) {
    await moveTo(t, vm);
    t.press(KEYS.space);
    await t.waitForText(`${i + 1} of 16 selected`);
  }
  t.press(KEYS.enter);
  await t.waitForText('Identity and extension');
  // Columns never run together, whatever the name's length.
  expect(t.screen()).toMatch(
    first
      ? / {2}vm-ubuntu-web-01 +system · not installed +install extension/
      : / {2}vm-ubuntu-web-01 +system · AADSSHLoginForLinux succeeded +ready/,
  );
  // Back once and forward again: the selection is kept.
  t.press(KEYS.esc);
  await t.waitForText('3 of 16 selected');
  t.press(KEYS.enter);
  await t.waitForText('Identity and extension');
  t.press(KEYS.enter);

  await t.waitForText('Who should sign in to these VMs');
  // Added principals get Virtual Machine User Login unless the administrator role is chosen first.
  expect(t.screen()).toContain('Role for added principals: [user]  admin');
  t.press(KEYS.down);
  await t.waitFor((s) => cursorRow(s).includes('Role for added principals'), 'the role row');
  t.press(KEYS.right);
  await t.waitForText('user  [admin]');
  t.press(KEYS.up);
  await t.waitFor((s) => cursorRow(s).includes('Add a user or group'), 'the lookup row');
  t.type(ADMIN);
  await t.waitForText(`Add a user or group: ${ADMIN}`);
  t.press(KEYS.enter);
  await t.waitForText(`admin ${ADMIN}`);
  t.press(KEYS.down);
  await t.waitFor((s) => cursorRow(s).includes('Role for added principals'), 'the role row');
  t.press(KEYS.right);
  await t.waitForText('[user]  admin');
  t.press(KEYS.up);
  await t.waitFor((s) => cursorRow(s).includes('Add a user or group'), 'the lookup row');
  t.type(USERS_GROUP);
  await t.waitForText(`Add a user or group: ${USERS_GROUP}`);
  t.press(KEYS.enter);
  await t.waitForText(`user  ${USERS_GROUP}`);
  // A Linux VM is selected, so az ssh vm is on without being asked for.
  expect(t.screen()).toContain('az ssh vm (Linux) [x]');
  t.press(KEYS.enter);

  await t.waitForText('Service principals');
  t.press(KEYS.enter);
  await t.waitForText('Which sign-in strength should VM sign-in require?');
  expect(t.screen()).toContain('Policy state: [report-only]  on');
  if (first) {
    // The demo tenant has security defaults on: no policy can apply until they are off.
    expect(t.screen()).toContain('No policy is planned while security defaults are on');
    await moveTo(t, 'Turn off security defaults');
    t.press(KEYS.space);
    await t.waitFor((s) => cursorRow(s).includes('[x]'), 'the security defaults toggle');
  } else {
    expect(t.screen()).not.toContain('Turn off security defaults');
  }
  t.press(KEYS.enter);
  await t.waitForText('Which PC will people connect from?');
  t.press(KEYS.enter);
  await t.waitForText('Plan review', 30_000);
  await t.waitForText('❯ Apply');
}

function planFiles(): string[] {
  const dir = join(home, 'state', 'plans');
  return readdirSync(dir).filter((f) => f.endsWith('.json'));
}

describe('the wizard in a real terminal against the emulator process', () => {
  let applied: Plan;

  it('walks from connect to summary and writes only after the confirmation', async () => {
    const t = startWizard();
    try {
      await walkToPlanReview(t, true);
      const review = t.screen();
      expect(review).toContain('Install AADLoginForWindows on vm-web-01');
      expect(review).toContain('Install AADSSHLoginForLinux on vm-ubuntu-web-01');
      expect((await emulator.get<EmulatorLog>('/_emulator/log')).writes).toBe(0);

      t.press(KEYS.enter);
      await t.waitForText('❯ No, go back');
      const before = await emulator.get<EmulatorLog>('/_emulator/log');
      expect(before.writes).toBe(0);
      expect(before.requests.filter((r) => r.isWrite)).toEqual([]);
      t.press('y');

      // vm-data-02's subnet blocks the Entra endpoints: its install fails and the wizard asks.
      await t.waitForText('What should happen to this action?', 30_000);
      expect(t.screen()).toContain('Install AADLoginForWindows on vm-data-02 failed');
      expect(cursorRow(t.screen())).toBe('❯ Retry');
      t.press(KEYS.down);
      await t.waitForText('❯ Skip');
      t.press(KEYS.enter);

      await t.waitForText('What users will see', 30_000);
      const summary = t.screen();
      expect(summary).toContain('- Install AADLoginForWindows on vm-data-02: skipped');
      expect(summary).toContain('✔ Extension installed on vm-web-01');
      expect(summary).toContain('✔ Extension installed on vm-ubuntu-web-01');
      expect((await emulator.get<EmulatorLog>('/_emulator/log')).writes).toBeGreaterThan(0);
      t.press(KEYS.enter);
      // Not everything planned was made (one install skipped): the exit code says so.
      expect(await t.exited).toBe(1);
    } finally {
      t.kill();
    }

    const files = planFiles();
    expect(files).toHaveLength(1);
    applied = JSON.parse(readFileSync(join(home, 'state', 'plans', files[0]!), 'utf8')) as Plan;
    const state = await emulator.get<EmulatorState>('/_emulator/state');
    const vm = (id: string) => state.vms.find((v) => sameId(v.id, id));
    const kinds = applied.actions.map((a) => a.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['install-extension', 'assign-role', 'create-service-principal', 'create-ca-policy']),
    );
    for (const a of applied.actions) {
      const p = a.params as Record<string, unknown>;
      switch (a.kind) {
        case 'install-extension': {
          const spec = p.spec as { name: string };
          const ext = vm(a.target)?.extensions.find((e) => e.name === spec.name);
          const skipped = a.target.endsWith('/vm-data-02');
          expect(ext?.provisioningState === 'Succeeded', `${spec.name} on ${a.target}`).toBe(!skipped);
          expect(vm(a.target)?.identity.type).toContain('SystemAssigned');
          break;
        }
        case 'assign-role':
          expect(
            state.roleAssignments.some(
              (r) =>
                sameId(r.scope, String(p.scope)) &&
                r.principalId === p.principalId &&
                r.roleDefinitionGuid === p.roleDefinitionGuid,
            ),
            a.summary,
          ).toBe(true);
          break;
        case 'create-service-principal':
          expect(state.servicePrincipals.map((s) => s.appId)).toContain(p.appId);
          break;
        case 'create-ca-policy': {
          // Created report-only, or off and then turned on by the last link of the security-defaults chain.
          const body = p.body as { displayName: string; state: string };
          const turnedOn = applied.actions.some(
            (x) => x.kind === 'enable-ca-policies' && (x.params.displayNames as string[]).includes(body.displayName),
          );
          expect(state.caPolicies.find((c) => c.displayName === body.displayName)?.state).toBe(
            turnedOn ? 'enabled' : body.state,
          );
          break;
        }
        case 'enable-ca-policies':
          for (const name of p.displayNames as string[]) {
            expect(state.caPolicies.find((c) => c.displayName === name)?.state, name).toBe('enabled');
          }
          break;
        case 'disable-security-defaults':
          expect(state.securityDefaultsEnabled).toBe(false);
          break;
        default:
          throw new Error(`unexpected action ${a.kind} in the plan: ${a.summary}`);
      }
    }
  }, 60_000);

  it('plans nothing again for what the first run applied, and writes nothing without a confirmation', async () => {
    expect(applied).toBeDefined();
    const writesBefore = (await emulator.get<EmulatorLog>('/_emulator/log')).writes;
    const t = startWizard();
    try {
      await walkToPlanReview(t, false);
      const review = t.screen();
      for (const a of applied.actions) {
        if (a.target.endsWith('/vm-data-02')) continue;
        expect(review).not.toContain(a.summary);
      }
      // Save the plan to read every action, not only the visible ones.
      await moveTo(t, 'Save plan');
      t.press(KEYS.enter);
      await t.waitForText('Plan saved to');
      const again = JSON.parse(readFileSync(join(home, 'state', 'plans', 'entra-vm-login.plan.json'), 'utf8')) as Plan;
      const done = new Set(
        applied.actions.filter((a) => !a.target.endsWith('/vm-data-02')).map((a) => `${a.kind} ${a.target}`),
      );
      expect(again.actions.filter((a) => done.has(`${a.kind} ${a.target}`))).toEqual([]);
      // Only what was skipped comes back.
      expect(again.actions.map((a) => `${a.kind} ${a.target.split('/').pop()}`)).toEqual([
        'install-extension vm-data-02',
      ]);
      await moveTo(t, 'Cancel');
      t.press(KEYS.enter);
      await t.waitForText('Plan cancelled: nothing was written.');
      t.press(KEYS.enter);
      expect(await t.exited).toBe(0);
    } finally {
      t.kill();
    }
    expect((await emulator.get<EmulatorLog>('/_emulator/log')).writes).toBe(writesBefore);
  }, 60_000);
  it('after a setup, hands the configuration to Azure Policy at the chosen subscription and reports compliance', async () => {
    const t = startWizard();
    try {
      await walkToPlanReview(t, false);
      t.press(KEYS.enter);
      await t.waitForText('❯ No, go back');
      t.press('y');
      await t.waitForText('What should happen to this action?', 30_000);
      t.press(KEYS.down);
      await t.waitForText('❯ Skip');
      t.press(KEYS.enter);
      await t.waitForText('keep it configured with Azure Policy', 30_000);
      const policyWritesBefore = (await emulator.get<EmulatorLog>('/_emulator/log')).requests.filter(
        (r) => r.isWrite && /Microsoft\.(Authorization\/policy|PolicyInsights)/i.test(r.path),
      );
      expect(policyWritesBefore).toEqual([]);

      t.press('e');
      await t.waitForText('Where should Azure Policy keep every VM configured for Entra sign-in?');
      expect(cursorRow(t.screen())).toMatch(/^❯ Subscription /);
      t.press(KEYS.enter);
      await t.waitForText('Plan review', 30_000);
      expect(t.screen()).toContain('the policy definition entra-vm-login-deploy-entra-login-extension');
      // Nothing is written before the same confirmation gate as the setup's.
      expect(
        (await emulator.get<EmulatorLog>('/_emulator/log')).requests.filter(
          (r) => r.isWrite && /policyAssignments|policyDefinitions|remediations/i.test(r.path),
        ),
      ).toEqual([]);
      t.press(KEYS.enter);
      await t.waitForText('❯ No, go back');
      t.press('y');
      // The demo tenant's broken VMs (deallocated, blocked egress, duplicate device) fail the extension's
      // remediation as they fail a direct install: the wizard asks, as for any failed action.
      await t.waitForText('What should happen to this action?', 60_000);
      expect(t.screen()).toContain('Remediate the VMs that exist today under evl-entra-login-ext failed');
      t.press(KEYS.down);
      await t.waitForText('❯ Skip');
      t.press(KEYS.enter);
      await t.waitForText(/Compliance at \/subscriptions\/[0-9a-f-]+ \(enforced\)/, 60_000);
      expect(t.screen()).toMatch(/\d+ compliant · \d+ non-compliant/);
      const state = await emulator.get<{ policyAssignments: { name: string }[] }>('/_emulator/state');
      expect(state.policyAssignments.map((a) => a.name).sort()).toEqual([
        'evl-entra-login-ext',
        'evl-identity-none',
        'evl-identity-user',
      ]);
      // Enforcement is offered once: not again on its own summary.
      expect(t.screen()).not.toContain('keep it configured with Azure Policy');
      t.press(KEYS.enter);
      // The setup before it skipped an install: the exit code still says so.
      expect(await t.exited).toBe(1);
    } finally {
      t.kill();
    }
  }, 120_000);
});

describe('the demo wizard in a real terminal', () => {
  /** Starts the demo wizard, selects one VM, quits; returns everything it wrote to the terminal. */
  async function selectOneAndQuit(env: Record<string, string>): Promise<string> {
    const t = spawnTerminal(process.execPath, [CLI, '--demo'], { cols: 120, rows: 40, env });
    try {
      await chooseSetup(t);
      await t.waitForText('0 of 16 selected');
      t.press(KEYS.space);
      await t.waitForText('1 of 16 selected');
      t.press('q');
      expect(await t.exited).toBe(130);
      return t.raw();
    } finally {
      t.kill();
    }
  }

  it('draws and answers keys even when the terminal has CI=true set', async () => {
    // Ink draws only the final frame when it detects CI; the wizard checked for a terminal and forces it on.
    await selectOneAndQuit({ CI: 'true', ENTRA_VM_LOGIN_STATE_DIR: join(home, 'ci-state') });
  }, 30_000);

  it('renders without colour codes under NO_COLOR', async () => {
    const raw = await selectOneAndQuit({ NO_COLOR: '1', ENTRA_VM_LOGIN_STATE_DIR: join(home, 'demo-state') });
    // SGR parameters that set a colour (30–49, 90–107) or dim (2); bold and inverse are not colour.
    const sgr = [...raw.matchAll(/\x1b\[([0-9;]*)m/g)].map((m) => m[1]!);
    const colours = sgr.filter((params) =>
      params.split(';').some((n) => n === '2' || (+n >= 30 && +n <= 49) || (+n >= 90 && +n <= 107)),
    );
    expect(sgr.length).toBeGreaterThan(0);
    expect(colours).toEqual([]);
  }, 30_000);

  it('fits the VM selection screen in 80 columns', async () => {
    const t = spawnTerminal(process.execPath, [CLI, '--demo'], {
      cols: 80,
      rows: 30,
      env: { ENTRA_VM_LOGIN_STATE_DIR: join(home, 'demo-state-80') },
    });
    try {
      await chooseSetup(t);
      await t.waitForText('0 of 16 selected');
      await moveTo(t, 'vm-report');
      t.press(KEYS.space);
      await t.waitForText('1 of 16 selected');
      // The VM's name is the column that keeps its width: it is shown whole in its row at 80 columns.
      await t.waitFor((s) => /❯ \[x\] vm-reporting-prod-weu-01 /.test(s), 'the whole name in the highlighted row');
      const screen = t.screen();
      // Everything Ink drew, every frame: no line wider than the terminal (xterm would wrap it).
      const drawn = t
        .raw()
        .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
        .split(/\r?\n/);
      const widest = Math.max(...drawn.map((l) => [...l].length));
      t.press('q');
      expect(await t.exited).toBe(130);
      expect(widest).toBeLessThanOrEqual(80);
      expect(screen).toContain('Which VMs should accept Entra sign-in?');
      // The demo's VMs span two subscriptions, so the subscription column is there too.
      expect(screen).toMatch(/NAME +SUBSCRI\S* +GROUP +OS \/ \S* +POW\S* +IDE\S* +EXT/);
      for (const vm of ['vm-ubuntu-web-01', 'vm-w11-avd-01', 'vm-web-01']) {
        expect(screen).toMatch(new RegExp(`\\[[ x]\\] ${vm} +Cont\\S* +rg-`));
      }
    } finally {
      t.kill();
    }
  }, 30_000);
});
