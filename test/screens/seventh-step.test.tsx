/**
 * Adding a step is adding its folder and registering it: a seventh step, registered here and nowhere else,
 * appears in the wizard (drawn by the generic screen from its view model), in the plan (its findings and
 * drafts) and in the text and Markdown renderers (under its title). No other file knows about it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderMarkdown } from '../../src/output/markdown';
import { renderText } from '../../src/output/text';
import { parseAnswers } from '../../src/plan/answers';
import { App } from '../../src/wizard/App';
import { buildPlan } from '../../src/workflows/plan';
import { STEPS } from '../../steps/registry';
import type { AnyStep, StepInputs } from '../../steps/shared/contract';
import { createFakeServices, fakeSnapshot, VMS } from './fake-services';
import { cleanup, renderScreen } from './render';

const SEVENTH = 'session-recording';

vi.mock('../../steps/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../steps/registry')>();
  const seventh: AnyStep = {
    id: 'session-recording',
    title: 'Session recording',
    discoveryPhase: 2,
    actionKinds: [],
    actionContracts: {},
    findingCodes: ['vm-computername-mismatch'],
    reads: ['vms'],
    discover: async () => {},
    facts: (snapshot, answers): StepInputs => ({ snapshot, answers }),
    assess: ({ snapshot }: StepInputs) =>
      snapshot.vms.map((vm) => ({
        code: 'vm-computername-mismatch' as const,
        severity: 'info' as const,
        step: 'session-recording',
        target: vm.id,
        message: `${vm.name} records no sessions yet`,
        remediation: 'Turn session recording on.',
        fixedBy: [],
      })),
    plan: ({ snapshot }: StepInputs) =>
      snapshot.vms.map((vm) => ({
        key: `assign-role:recorder:${vm.id.toLowerCase()}`,
        kind: 'assign-role' as const,
        step: 'session-recording',
        target: vm.id,
        summary: `Let the session recorder read ${vm.name}`,
        reason: 'Recording needs read access to the VM.',
        dependsOn: [],
        requires: 'Role Based Access Control Administrator',
        command: `az role assignment create --scope ${vm.id}`,
        params: { vmId: vm.id },
      })),
    blocker: () => undefined,
    view: ({ snapshot }: StepInputs) => ({
      question: 'Should sessions on these VMs be recorded?',
      columns: { subject: 'VM', state: 'RECORDING', planned: 'PLANNED' },
      rows: snapshot.vms.map((vm) => ({
        subject: vm.name,
        state: 'off',
        planned: 'let the recorder read it',
        tone: 'warn' as const,
      })),
      notes: ['Recordings are kept for 30 days.'],
    }),
    handlers: {},
    verifiers: {},
  };
  const STEPS = original.createRegistry([...original.BUILT_IN_STEPS, seventh]);
  return { ...original, STEPS, createAssessor: () => original.createAssessor(STEPS) };
});

afterEach(cleanup);

describe('a seventh step registered in a test', () => {
  it('is in the registry after the six built-in steps', () => {
    expect(STEPS.ids).toHaveLength(7);
    expect(STEPS.ids.at(-1)).toBe(SEVENTH);
  });

  it('appears in the wizard after client readiness, drawn from its view model', async () => {
    const services = createFakeServices();
    const r = renderScreen(
      <App
        services={services}
        color={false}
        answers={{ vms: [VMS[0]!.id], admins: ['alice@contoso.example'] }}
        onExit={() => {}}
      />,
      { columns: 100, rows: 40 },
    );
    await r.waitForText('What would you like to do?');
    await r.press('enter');
    await r.waitForText('VM selection  ·  step 1 of 7');
    for (const title of ['Identity and extension', 'Role assignment', 'Service principals', 'Conditional Access']) {
      await r.press('enter');
      await r.waitForText(title);
    }
    await r.press('enter');
    await r.waitForText('Client readiness  ·  step 6 of 7');
    await r.press('enter');
    const frame = await r.waitForText('Session recording  ·  step 7 of 7');
    expect(frame).toContain('Should sessions on these VMs be recorded?');
    expect(frame).toContain('Recordings are kept for 30 days.');
    expect(frame).toMatch(/vm-web-01 +off +let the recorder read it/);
    // Back goes to the sixth step; forward from the seventh goes to planning.
    await r.press('esc');
    await r.waitForText('Client readiness  ·  step 6 of 7');
    await r.press('enter');
    await r.waitForText('Session recording');
    await r.press('enter');
    await r.waitForText('Plan review');
  });

  it('appears in the plan and in the text and Markdown renderers under its title', () => {
    const answers = parseAnswers({ vms: [VMS[0]!.id], admins: ['alice@contoso.example'] });
    const plan = buildPlan(fakeSnapshot(VMS, answers), answers, new Date('2026-01-01T00:00:00Z'));
    const mine = plan.actions.filter((a) => a.step === SEVENTH);
    expect(mine.map((a) => a.summary)).toEqual(['Let the session recorder read vm-web-01']);
    expect(plan.findings.filter((f) => f.step === SEVENTH).map((f) => f.message)).toEqual([
      'vm-web-01 records no sessions yet',
    ]);
    const text = renderText(plan, { color: false });
    expect(text).toMatch(/Session recording\n {2}\S+ Let the session recorder read vm-web-01/);
    const markdown = renderMarkdown(plan);
    expect(markdown).toContain(`### ${mine[0]!.id}: Let the session recorder read vm-web-01`);
    expect(markdown).toContain('Session recording · ');
  });
});
