import { describe, expect, it } from 'vitest';
import { connectionHint } from '../../../src/checks/rdp-file';
import { nextSteps, renderNextStepsText } from '../../../src/output/next-steps';
import { goalStatus } from '../../../src/plan/goal';
import type { Plan } from '../../../src/plan/types';
import { fixturePlan } from '../../fixtures/plan';
import { windowsVm } from '../../steps/steps-4-6/fixtures';

const vm = windowsVm('vm-web-01');
const hint = (m: Parameters<typeof connectionHint>[1]) => connectionHint(vm, m);
const command = (m: Parameters<typeof connectionHint>[1], more = 0) => ({
  method: m,
  vm: vm.name,
  command: hint(m).command,
  note: hint(m).note,
  more,
});
const fixture = fixturePlan();
/** The fixture plan with its VM policy created report-only, as the planner writes it. */
const base: Plan = {
  ...fixture,
  actions: fixture.actions.map((a) =>
    a.kind === 'create-ca-policy'
      ? { ...a, params: { body: { displayName: 'VM MFA', state: 'enabledForReportingButNotEnforced' } } }
      : a,
  ),
};
/** The fixture plan with these answers (policy on: nothing left report-only unless asked). */
const planWith = (answers: Partial<Plan['answers']>): Plan => ({
  ...base,
  answers: { ...base.answers, caState: 'on', ...answers },
});

describe('nextSteps: from the connection hints doctor prints, not from words of its own', () => {
  it('says the command with the real names and the hint’s note, per chosen method, in the chosen order', () => {
    const steps = nextSteps(
      [command('ssh'), command('rdp-web-account', 2)],
      planWith({ connections: ['rdp-web-account', 'ssh'] }),
    );
    expect(steps).toEqual([
      {
        mark: '•',
        text: `Run mstsc vm-web-01.rdp (the same for the 2 other VMs, with their names). ${hint('rdp-web-account').note}`,
      },
      { mark: '•', text: `Run az ssh vm -n vm-web-01 -g rg1. ${hint('ssh').note}` },
    ]);
  });

  it('opens the portal link for Bastion in the portal, and skips a method no VM fits', () => {
    const steps = nextSteps([command('bastion-portal')], planWith({ connections: ['bastion-portal', 'ssh'] }));
    expect(steps).toEqual([
      { mark: '•', text: `Open ${hint('bastion-portal').command}. ${hint('bastion-portal').note}` },
    ]);
  });

  it('starts with MFA not yet enforced (for whom, why, the command) when the policy stays report-only', () => {
    const plan = planWith({ connections: ['ssh'], caState: 'report-only' });
    const enforce = goalStatus(plan).enforce!;
    expect(enforce).toBeDefined();
    expect(nextSteps([command('ssh')], plan)[0]).toEqual({
      mark: '!',
      text: `MFA is not yet enforced for ${enforce.who}: ${enforce.why}. ${enforce.review}`,
      command: enforce.command,
    });
    expect(renderNextStepsText([command('ssh')], plan)).toBe(
      `Next steps\n  ! MFA is not yet enforced for ${enforce.who}: ${enforce.why}. ${enforce.review}\n    ${enforce.command}\n  • Run az ssh vm -n vm-web-01 -g rg1. ${hint('ssh').note}\n`,
    );
    expect(renderNextStepsText([], planWith({ connections: ['ssh'] }))).toBe('');
  });
});
