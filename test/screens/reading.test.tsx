/**
 * Reading every row in full and moving around: the detail view (→, ←), lists that answer Home/End/g/G, the
 * help panel that explains the screen and closes on esc, the VM table's column priorities, and typing bursts.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyScreen, PlanReview, Summary } from '../../screens';
import { inventoryWidths } from '../../screens/widgets/inventory-columns';
import { foldCommand } from '../../screens/widgets/shell-fold';
import type { VmFacts } from '../../src/plan/snapshot';
import { inventoryCells } from '../../steps/vm-selection/view';
import { manyVms, VMS } from './fake-services';
import { CONNECT_INFO, FIXED_NOW, noop, PLAN, PROGRESS, StepHarness, VERIFICATION } from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('❯')) ?? '';

describe('the detail view', () => {
  it('opens the highlighted VM with → and goes back with ←, showing what the row cuts', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} />, { columns: 120, rows: 50 });
    await r.waitForText('5 shown');
    await r.press('right');
    const detail = await r.waitForText('VM selection › vm-web-01');
    expect(detail).toContain('Windows Server 2022 Datacenter 10.0.20348');
    expect(detail).toContain('Production');
    expect(detail).toContain('/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-web');
    await r.press('left');
    await r.waitForText('5 shown');
  });

  it('shows a planned change in full: the whole reason, the command unfolded for bash, the role, the rollback', async () => {
    const r = renderScreen(
      <PlanReview
        connection={CONNECT_INFO}
        plan={PLAN}
        saving={false}
        {...{ onApply: noop, onSave: noop, onCancel: noop, onBack: noop, onQuit: noop }}
      />,
      { columns: 80, rows: 24 },
    );
    await r.waitForText('❯ Apply');
    await r.settled();
    await r.press('tab');
    await r.waitForFrame((f) => /^❯ [+~!] /m.test(f));
    await r.settled();
    const action = PLAN.actions[0]!;
    expect(cursorRow(r.frame())).toContain(action.summary.slice(0, 40));
    await r.press('enter');
    await r.waitForText('Plan review ›');
    const all: string[] = [];
    // Scroll to the end, collecting every line the view shows.
    for (let i = 0; i < 6; i++) {
      all.push(...(await r.settled()).split('\n'));
      await r.press('pagedown');
    }
    const text = all.join('\n');
    expect(text).toContain('Why');
    expect(text).toContain('Equivalent command');
    expect(text).toContain('Roll back');
    expect(text).toContain('Needs');
    expect(all.filter((l) => !l.startsWith('Plan review')).join('\n')).not.toContain('…');
    // The command, read back from the screen as bash would join it, is the plan's command.
    const start = all.indexOf('Equivalent command') + 1;
    const lines: string[] = [];
    for (let i = start; all[i] && !all[i]!.startsWith('  ') && all[i] !== 'Needs'; i++) lines.push(all[i]!);
    expect(lines.join('\n').replace(/\\\n/g, '')).toBe(action.command.replace(/ {2,}/g, ' '));
    await r.press('esc');
    await r.waitForFrame((f) => f.startsWith('Plan review  ·'));
  });

  it('opens a finding of the summary with its remediation', async () => {
    const r = renderScreen(
      <Summary connection={CONNECT_INFO} reason="completed" plan={PLAN} verification={VERIFICATION} onExit={noop} />,
      { columns: 80, rows: 24 },
    );
    await r.waitForText('Still to do');
    const f = VERIFICATION.findings.find((x) => x.severity === 'error') ?? VERIFICATION.findings[0]!;
    for (let i = 0; i < 10 && !cursorRow(r.frame()).includes(f.message.slice(0, 20)); i++) {
      const before = r.frame();
      await r.press('down');
      await r.waitForFrame((x) => x !== before);
    }
    await r.press('right');
    const detail = await r.waitForText('Summary ›');
    expect(detail).toContain('What to do');
    expect(detail).toContain(f.remediation.slice(0, 30));
  });

  it('lists every finding behind "+N more" and opens each', async () => {
    const r = renderScreen(<StepHarness id="identity-extension" findings={FINDINGS_MANY} />, { columns: 80, rows: 24 });
    await r.waitForText('+4 more: f lists them all');
    await r.settled();
    await r.press('f');
    const list = await r.waitForText('› Findings');
    expect(list.split('\n').filter((l) => /^[❯ ] [✖▲ℹ] /.test(l))).toHaveLength(FINDINGS_MANY.length);
    await r.press('G');
    await r.press('enter');
    await r.waitForText('What to do');
    await r.press('left');
    await r.press('left');
    await r.waitForFrame((f) => f.startsWith('Identity and extension  ·') && f.includes('Findings (6)'));
  });
});

const FINDINGS_MANY = Array.from({ length: 6 }, (_, i) => ({
  code: 'vm-deallocated' as const,
  severity: 'warning' as const,
  step: 'identity-extension' as const,
  target: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
  message: `vm-${i} is deallocated`,
  remediation: `Start vm-${i}, then run the wizard again.`,
}));

describe('list keys', () => {
  it('Home/End and g/G go to the first and last VM; PgUp/PgDn move a page', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={manyVms(500)} />, { columns: 120, rows: 30 });
    await r.waitForText('500 shown');
    await r.press('end');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00500'));
    await r.press('g');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00001'));
    await r.press('G');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00500'));
    await r.press('home');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00001'));
    await r.press('pagedown');
    await r.waitForFrame((f) => !cursorRow(f).includes('vm-00001'));
    await r.press('pageup');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00001'));
  });

  it('three arrows in one chunk of input move three rows', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={manyVms(20)} />, { columns: 120, rows: 30 });
    await r.waitForText('20 shown');
    await r.press('\u001B[B\u001B[B\u001B[B');
    await r.waitForFrame((f) => cursorRow(f).includes('vm-00004'));
  });
});

describe('help', () => {
  it('explains the columns, the marks and the finding codes shown, and closes on esc', async () => {
    const findings = [{ ...FINDINGS_MANY[0]!, step: 'vm-selection' as const, target: VMS[0]!.id }];
    const r = renderScreen(
      <StepHarness id="vm-selection" vms={VMS} initial={{ vms: [VMS[0]!.id] }} findings={findings} />,
      { columns: 100, rows: 50 },
    );
    await r.waitForText('5 shown');
    await r.press('?');
    const help = await r.waitForText('Columns');
    expect(help).toContain('→');
    expect(help).toContain('details');
    expect(help).toMatch(/GROUP +its resource group/);
    expect(help).toContain('vm-deallocated  VM is not running');
    expect(help).toContain('▲  warnings');
    await r.press('esc');
    await r.waitForFrame((f) => f.includes('5 shown') && !f.includes('Columns'));
  });
});

describe('help on the later screens', () => {
  it('the summary explains its marks and what users will see; the apply screen its progress marks', async () => {
    const r = renderScreen(
      <Summary connection={CONNECT_INFO} reason="completed" plan={PLAN} verification={VERIFICATION} onExit={noop} />,
      { columns: 100, rows: 50 },
    );
    await r.waitForText('Still to do');
    await r.press('?');
    const help = await r.waitForText('What users will see');
    expect(help).toContain('✔  a change made');
    expect(help).toContain('MFA prompt, then signed in');
    await r.press('esc');
    await r.waitForFrame((f) => !f.includes('close help'));
    const a = renderScreen(
      <ApplyScreen
        connection={CONNECT_INFO}
        plan={PLAN}
        actions={PROGRESS}
        now={FIXED_NOW}
        onDecide={noop}
        onQuit={noop}
      />,
      { columns: 100, rows: 50 },
    );
    await a.waitForText('done');
    await a.press('?');
    const marks = await a.waitForText('Marks');
    expect(marks).toContain('◐  running');
    expect(marks).toContain('↻  retrying');
  });
});

describe('typing', () => {
  it('a burst of backspaces in one chunk deletes that many characters', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} />);
    await r.waitForText('5 shown');
    await r.press('/');
    await r.type('rg-app');
    await r.waitForText('Filter: rg-app');
    await r.press('\u007F\u007F\u007F\u007F');
    await r.waitForText('Filter: rg▏');
  });
});

describe('VM table columns at 80 columns', () => {
  const vm = (name: string, sub: string, rg: string): VmFacts => ({
    ...VMS[0]!,
    name,
    subscriptionId: sub,
    resourceGroup: rg,
  });
  it('keeps the VM name whole, sizes GROUP from its content and shows SUBSCRIPTION only across subscriptions', () => {
    const one = [vm('vm-reporting-prod-weu-01', 'a', 'rg-fleet-westeurope-01'), vm('vm-web-01', 'a', 'rg-web')].map(
      (v) => ({ subject: v.name, state: '', planned: '', tone: 'ok' as const, cells: inventoryCells(v, 'Production') }),
    );
    const w = inventoryWidths(one, 80, 'osShort');
    expect(w.name).toBe('vm-reporting-prod-weu-01'.length + 1);
    expect(w.group).toBeGreaterThan(8);
    expect(w.subscription).toBe(0);
    const two = [...one, { ...one[1]!, cells: inventoryCells(vm('vm-dev-01', 'b', 'rg-dev'), 'Development') }];
    const w2 = inventoryWidths(two, 80, 'osShort');
    expect(w2.subscription).toBeGreaterThan(0);
    expect(w2.name).toBe('vm-reporting-prod-weu-01'.length + 1);
    const total = Object.values(w2).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(80 - 6 - 2);
  });
});

describe('commands folded for copying', () => {
  const commands = [
    "az role assignment create --assignee-object-id a0b1c2d3-0000-4000-8000-000000000001 --assignee-principal-type Group --role 'Virtual Machine User Login' --scope /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-reporting-prod-weu-01",
    `az rest --method PATCH --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/abc --body '${JSON.stringify({ displayName: "entra-vm-login: it's VM sign-in", conditions: { users: { excludeUsers: ['x', 'y'] }, applications: { includeApplications: ['372140e0-b3b7-4226-8ef9-d57986796201'] } } }).replace(/'/g, "'\\''")}'`,
    'az vm identity assign -g rg-app -n vm-db-01',
    `az rest --url "https://graph.microsoft.com/v1.0/users?\\$filter=startswith(displayName,'a b c d e f g h i j k l m n o p q r s t u v w x y z')"`,
  ];
  const argv = (cmd: string) =>
    execFileSync('bash', ['-c', `printf '%s\\n' ${cmd.replace(/^az /, '')}`], { encoding: 'utf8' });
  for (const width of [40, 80]) {
    it(`folds at ${width} columns into lines bash joins back into the same arguments`, () => {
      for (const c of commands) {
        const lines = foldCommand(c, width);
        for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
        expect(lines.slice(0, -1).every((l) => l.endsWith('\\'))).toBe(true);
        expect(argv(lines.join('\n'))).toBe(argv(c));
      }
    });
  }
});
