import { describe, expect, it } from 'vitest';
import { signInChain } from '../../../src/checks/signin-chain';
import { APP_IDS } from '../../../src/core/well-known-ids';
import { buildDoctorReport } from '../../../src/doctor/index';
import { renderDoctorText } from '../../../src/output/doctor';
import { assemblePlan } from '../../../src/plan/planner';
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
import { expectGolden } from './golden';

const pilot = policy('ro', {
  name: 'Require MFA for VM sign-in (pilot)',
  apps: [APP_IDS.windowsVmSignIn],
  state: 'enabledForReportingButNotEnforced',
});

function doctorView() {
  const snapshot = baseSnapshot({
    vms: [windowsVm('vm1', { extensions: [] })],
    caPolicies: [pilot],
    perUserMfa: { [alice.id]: 'enforced', [bob.id]: 'disabled' },
    authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }), [bob.id]: methods() },
    client: { azureAdJoined: true, domainJoined: false, tenantId: TENANT, ngcSet: true, azureAdPrt: true },
  });
  const report = buildDoctorReport({
    snapshot,
    answers: answers({ users: [], exclude: [breakGlass.ref], caState: 'on', disablePerUserMfa: true }),
    vmId: 'vm1',
    userRef: alice.ref,
  });
  const plan = assemblePlan({
    drafts: report.drafts,
    findings: report.findings,
    answers: report.answers,
    cloud: snapshot.cloud,
    tenantId: snapshot.tenantId,
    fingerprint: {},
    createdAt: new Date('2026-12-01T10:00:00Z'),
  });
  const chains = report.outcomes.map((prediction) =>
    signInChain({ snapshot: report.snapshot, vm: report.vm, user: report.user, prediction }),
  );
  return { vm: report.vm, user: report.user, outcomes: report.outcomes, hints: report.hints, plan, chains };
}

describe('doctor text: the sign-in chain in place of the list of reasons', () => {
  it('matches the golden report at 80 and 120 columns, each line within the width of the picture', async () => {
    const view = doctorView();
    for (const width of [80, 120]) {
      const text = renderDoctorText(view, { color: false, width });
      const head = text.slice(0, text.indexOf('Remediation plan'));
      for (const line of head.split('\n').filter((l) => !l.startsWith('    Connect:'))) {
        expect([...line].length, line).toBeLessThanOrEqual(width);
      }
      expect(head).toContain('FAILS HERE');
      await expectGolden(`doctor.${width}.txt`, text);
    }
  });

  it('lists the reasons as before when no chain is given (the JSON view and older callers)', () => {
    const { chains: _chains, ...view } = doctorView();
    expect(renderDoctorText(view, { color: false })).toMatch(/ {4}1\. vm1 has no AADLoginForWindows extension/);
  });
});
