/** goalStatus: when MFA is not yet enforced, for whom and why, and the one command that enforces it. */
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../../src/plan/answers';
import { goalStatus } from '../../../src/plan/goal';
import type { Finding } from '../../../src/plan/types';
import { makeAction, makePlan } from '../../fixtures/plan';

const answers = parseAnswers({ vms: ['vm-web-01'], users: ['bob@contoso.com'], connections: ['rdp-web-account'] });
const NAME = 'entra-vm-login: VM sign-in – require MFA';
const create = (state: string) => ({
  ...makeAction({ id: 'a1', kind: 'create-ca-policy', target: 'graph:/identity/conditionalAccess/policies' }),
  params: { body: { displayName: NAME, state } },
});
const reportOnlyFinding = (fixedBy: string[]): Finding => ({
  code: 'ca-report-only',
  severity: 'error',
  step: 'conditional-access',
  target: 'graph:/identity/conditionalAccess/policies/p1',
  message:
    'Policy "Pilot MFA" would require MFA on Azure Windows VM Sign-In but is report-only: it is evaluated and logged, never enforced, so bob@contoso.com is never prompted by it.',
  remediation: '…',
  fixedBy,
});
const COMMAND =
  "entra-vm-login plan --vm vm-web-01 --user bob@contoso.com --exclude '<break-glass account>' --connection rdp-web-account --ca-state on --out plan.json && entra-vm-login apply plan.json";

describe('goalStatus says when MFA is not yet enforced', () => {
  it('for the VM policy this plan creates report-only: who, why, and the command (with the break-glass rule)', () => {
    const s = goalStatus({ ...makePlan([create('enabledForReportingButNotEnforced')]), answers });
    expect(s.enforce).toEqual({
      who: 'bob@contoso.com',
      why: `the VM policy "${NAME}" is created report-only (it logs, never prompts)`,
      command: COMMAND,
      review: expect.stringContaining('entra-vm-login review-policy'),
    });
    expect(s.notEnforced).toBe(
      `MFA is not yet enforced for bob@contoso.com: the VM policy "${NAME}" is created report-only (it logs, never prompts). To enforce it (keeping a break-glass account excluded): ${COMMAND}`,
    );
  });

  it('for a report-only policy no planned change turns on, even when nothing is planned', () => {
    const plan = { ...makePlan([]), findings: [reportOnlyFinding([])], answers };
    expect(goalStatus(plan).enforce?.why).toBe('"Pilot MFA" is report-only (it logs, never prompts)');
    expect(goalStatus(plan).reached).toBe(false);
  });

  it('says nothing when the policy is on, or the report-only finding is fixed by the plan', () => {
    const on = parseAnswers({ ...answers, caState: 'on', exclude: ['bg@contoso.com'] });
    expect(goalStatus({ ...makePlan([create('enabled')]), answers: on }).notEnforced).toBeUndefined();
    const fixed = { ...makePlan([create('enabled')]), findings: [reportOnlyFinding(['a1'])], answers };
    expect(goalStatus(fixed).notEnforced).toBeUndefined();
  });
});
