import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../../../src/core/well-known-ids';
import { buildDoctorReport } from '../../../src/doctor/index';
import type { CaPolicyFacts } from '../../../src/plan/snapshot';
import {
  alice,
  answers,
  baseSnapshot,
  bob,
  breakGlass,
  methods,
  policy,
  TENANT,
  windowsVm,
} from '../../steps/steps-4-6/fixtures';

const pilot = policy('ro', {
  name: 'Require MFA for VM sign-in (pilot)',
  apps: [APP_IDS.windowsVmSignIn],
  state: 'enabledForReportingButNotEnforced',
});

function demoLike() {
  return baseSnapshot({
    vms: [windowsVm('vm1'), windowsVm('vm2')],
    caPolicies: [pilot],
    perUserMfa: { [alice.id]: 'enforced', [bob.id]: 'enforced' },
    authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }), [bob.id]: methods() },
    client: { azureAdJoined: true, domainJoined: false, tenantId: TENANT, ngcSet: true, azureAdPrt: true },
  });
}

describe('buildDoctorReport', () => {
  it('names report-only and per-user MFA as causes and predicts the message', () => {
    const r = buildDoctorReport({
      snapshot: demoLike(),
      answers: answers({ users: [], exclude: [breakGlass.ref], caState: 'on' }),
      vmId: 'vm1',
      userRef: alice.ref,
    });
    expect(r.methods).toEqual(['rdp-web-account', 'rdp-password']);
    const codes = r.findings.map((f) => f.code);
    expect(codes).toContain('ca-report-only');
    expect(codes).toContain('per-user-mfa-enabled');
    expect(r.findings.every((f) => !f.target.includes(bob.id))).toBe(true);
    const password = r.outcomes.find((o) => o.method === 'rdp-password')!;
    expect(password.outcome).toBe('error-credentials');
    expect(password.message).toBe('Your credentials did not work');
    expect(password.reasons).toEqual([
      'legacy per-user MFA is enforced for alice@contoso.com',
      'once that is fixed: "Require MFA for VM sign-in (pilot)" would require MFA but is report-only: evaluated, never enforced',
    ]);
    expect(r.drafts.map((d) => d.key)).toEqual(['create-ca-policy:vm-sign-in', `disable-per-user-mfa:${alice.id}`]);
  });

  it('after its remediation is applied, predicts MFA then success for a WHfB user on a joined client', () => {
    const snapshot = demoLike();
    const a = answers({ users: [], exclude: [breakGlass.ref], caState: 'on' });
    const first = buildDoctorReport({ snapshot, answers: a, vmId: 'vm1', userRef: alice.ref });
    // What apply does, in facts: the policy exists as planned and per-user MFA is off.
    const body = first.drafts.find((d) => d.kind === 'create-ca-policy')!.params.body as Omit<CaPolicyFacts, 'id'>;
    const after = {
      ...snapshot,
      caPolicies: [...snapshot.caPolicies, { ...body, id: 'new' }],
      perUserMfa: { ...snapshot.perUserMfa, [alice.id]: 'disabled' as const },
    };
    const next = buildDoctorReport({ snapshot: after, answers: a, vmId: 'vm1', userRef: alice.ref });
    expect(next.drafts).toEqual([]);
    expect(next.outcomes.find((o) => o.method === 'rdp-password')).toMatchObject({ outcome: 'mfa-then-success' });
    expect(next.outcomes.find((o) => o.method === 'rdp-web-account')).toMatchObject({
      outcome: 'success-without-mfa',
      whyNoMfa: 'mfa-in-token',
    });
  });

  it('refuses an unknown VM or a group as the user', () => {
    const a = answers();
    expect(() => buildDoctorReport({ snapshot: demoLike(), answers: a, vmId: 'nope', userRef: alice.ref })).toThrow(
      'VM nope was not found',
    );
    expect(() => buildDoctorReport({ snapshot: demoLike(), answers: a, vmId: 'vm1', userRef: 'vm-users' })).toThrow(
      'vm-users is a group, not a user',
    );
  });
});
