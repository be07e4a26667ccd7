/**
 * The wizard reviews a report-only policy's results over real sign-ins before the admin confirms turning it on:
 * the transitions around `reviewing-policy`, and which plans lead there.
 */
import { describe, expect, it } from 'vitest';
import { reportOnlyPolicyTurnedOn } from '../../../src/checks/policy-review';
import type { WizardState } from '../../../src/machine';
import { transition } from '../../../src/machine';
import { parseAnswers } from '../../../src/plan/answers';
import type { Action } from '../../../src/plan/types';
import { CONNECT_INFO, fakePlan, fakeSnapshot, VMS } from '../../screens/fake-services';

const answers = { vms: [VMS[0]!.id], admins: ['alice@contoso.example'] };
const snapshot = {
  ...fakeSnapshot(VMS, parseAnswers(answers)),
  caPolicies: [
    {
      id: 'p1',
      displayName: 'entra-vm-login: VM sign-in MFA',
      state: 'enabledForReportingButNotEnforced' as const,
      conditions: {},
    },
  ],
};
const base = fakePlan(snapshot, parseAnswers(answers));
const turnOn: Action = {
  id: 'a9',
  kind: 'update-ca-policy',
  step: 'conditional-access',
  target: 'graph:/identity/conditionalAccess/policies/p1',
  summary: 'Turn policy on',
  reason: 'r',
  dependsOn: [],
  requires: 'Conditional Access Administrator',
  command: 'az rest …',
  params: { policyId: 'p1', displayName: 'entra-vm-login: VM sign-in MFA', patch: { state: 'enabled' } },
};
const plan = { ...base, actions: [...base.actions, turnOn] };
const ctx = { answers, connection: CONNECT_INFO, snapshot };
const review = {
  policyId: 'p1',
  policyName: 'entra-vm-login: VM sign-in MFA',
  state: 'enabledForReportingButNotEnforced' as const,
  targetApps: [],
  requirement: 'MFA',
  signInCount: 0,
  rows: [],
  users: [],
  recommendation: ['No sign-ins in its scope in the last 7 days: nothing to judge it by.'],
};

describe('review before turning a report-only policy on', () => {
  it('finds the report-only policy a plan turns on, and nothing in a plan that does not', () => {
    expect(reportOnlyPolicyTurnedOn(plan, snapshot)).toEqual({
      policyId: 'p1',
      name: 'entra-vm-login: VM sign-in MFA',
    });
    expect(reportOnlyPolicyTurnedOn(base, snapshot)).toBeUndefined();
    const alreadyOn = { ...snapshot, caPolicies: [{ ...snapshot.caPolicies[0]!, state: 'enabled' as const }] };
    expect(reportOnlyPolicyTurnedOn(plan, alreadyOn)).toBeUndefined();
  });

  it('goes from the plan to the review (reading it), not straight to confirming', () => {
    const t = transition({ type: 'reviewing-plan', ctx, plan, saving: false }, { type: 'next' });
    expect(t.state.type).toBe('reviewing-policy');
    expect(t.effects).toEqual([{ type: 'review-policy', policyId: 'p1' }]);
    const plain = transition({ type: 'reviewing-plan', ctx, plan: base, saving: false }, { type: 'next' });
    expect(plain.state.type).toBe('confirming');
  });

  it('waits for the review, shows it, then confirms; back returns to the plan without writing', () => {
    const reading: WizardState = { type: 'reviewing-policy', ctx, plan, policy: { policyId: 'p1', name: 'x' } };
    expect(transition(reading, { type: 'next' }).state.type).toBe('reviewing-policy');
    const shown = transition(reading, { type: 'policy-reviewed', review }).state;
    expect(shown).toMatchObject({ type: 'reviewing-policy', review });
    const next = transition(shown, { type: 'next' });
    expect(next.state.type).toBe('confirming');
    expect(next.effects).toEqual([]);
    const back = transition(shown, { type: 'back' });
    expect(back.state.type).toBe('reviewing-plan');
    expect(back.effects).toEqual([]);
  });

  it('says why the review could not be read and still lets the admin go on', () => {
    const reading: WizardState = { type: 'reviewing-policy', ctx, plan, policy: { policyId: 'p1', name: 'x' } };
    const failed = transition(reading, {
      type: 'error',
      error: { message: 'Reading sign-in logs needs AuditLog.Read.All' },
      effect: { type: 'review-policy', policyId: 'p1' },
    }).state;
    expect(failed).toMatchObject({ type: 'reviewing-policy', unread: 'Reading sign-in logs needs AuditLog.Read.All' });
    expect(transition(failed, { type: 'next' }).state.type).toBe('confirming');
  });
});
