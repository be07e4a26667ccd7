import { describe, expect, it } from 'vitest';
import { MESSAGES, type PredictInput, predictOutcome } from '../../../src/checks/signin-outcome';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import type { ClientFacts, Snapshot } from '../../../src/plan/snapshot';
import type { ConnectionMethod } from '../../../src/plan/types';
import {
  alice,
  answers,
  baseSnapshot,
  bastionReady,
  GROUP_VM_USERS,
  linuxVm,
  methods,
  policy,
  TENANT,
  WEB_APPS,
  windowsVm,
} from '../../steps/steps-4-6/fixtures';

const JOINED: ClientFacts = {
  azureAdJoined: true,
  domainJoined: false,
  tenantId: TENANT,
  ngcSet: true,
  azureAdPrt: true,
};
const mfaOnWin = policy('p-win', { name: 'VM MFA', apps: [APP_IDS.windowsVmSignIn] });
const mfaOnWeb = policy('p-web', { name: 'Web MFA', apps: WEB_APPS });

function predict(over: Partial<Snapshot>, method: ConnectionMethod, extra: Partial<PredictInput> = {}) {
  const snapshot = baseSnapshot(over);
  return predictOutcome({ snapshot, answers: answers(), vm: snapshot.vms[0]!, user: alice, method, ...extra });
}

describe('predictOutcome: errors', () => {
  it(`no login role → "${MESSAGES.accountPrevented}"`, () => {
    const p = predict({ roleAssignments: [], caPolicies: [mfaOnWeb] }, 'rdp-web-account');
    expect(p.outcome).toBe('error-account-prevented');
    expect(p.message).toBe(MESSAGES.accountPrevented);
    expect(p.reasons[0]).toBe(
      'alice@contoso.com has neither Virtual Machine Administrator Login nor Virtual Machine User Login on vm1',
    );
  });

  it(`guest user → "${MESSAGES.accountPrevented}"`, () => {
    const snapshot = baseSnapshot();
    const p = predictOutcome({
      snapshot,
      answers: answers(),
      vm: snapshot.vms[0]!,
      user: { ...alice, userType: 'Guest' },
      method: 'rdp-web-account',
    });
    expect(p.outcome).toBe('error-account-prevented');
    expect(p.reasons[0]).toBe('alice@contoso.com is a guest: guest (B2B) accounts cannot sign in to VMs with Entra ID');
  });

  it(`client not joined to the tenant → "${MESSAGES.credentials}"`, () => {
    const p = predict({ client: { azureAdJoined: false, domainJoined: true } }, 'rdp-password');
    expect(p.outcome).toBe('error-credentials');
    expect(p.message).toBe(MESSAGES.credentials);
    expect(p.reasons[0]).toBe('the client PC is joined to an on-premises domain only, not Entra joined or registered');
  });

  it(`client joined to another tenant → "${MESSAGES.credentials}"`, () => {
    const p = predict({ client: { ...JOINED, tenantId: '99999999-0000-0000-0000-000000000000' } }, 'rdp-password');
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons[0]).toBe('the client PC is joined to another tenant (99999999-0000-0000-0000-000000000000)');
  });

  it(`registered client without AzureAD\\ username → "${MESSAGES.credentials}"`, () => {
    const client = { azureAdJoined: false, workplaceJoined: true, workplaceTenantId: TENANT };
    const p = predict({ client }, 'rdp-password', { username: 'alice@contoso.com' });
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons[0]).toBe(
      'the client PC is only Entra registered, so the username must be AzureAD\\alice@contoso.com, not alice@contoso.com',
    );
    expect(predict({ client }, 'rdp-password', { username: 'AzureAD\\alice@contoso.com' }).outcome).toBe(
      'success-without-mfa',
    );
  });

  it(`domain\\user username → "${MESSAGES.credentials}"`, () => {
    const p = predict({ client: JOINED }, 'rdp-password', { username: 'CONTOSO\\alice' });
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons[0]).toBe(
      'username CONTOSO\\alice is in domain\\user form: use alice@contoso.com or AzureAD\\alice@contoso.com',
    );
  });

  it(`per-user MFA → "${MESSAGES.credentials}", and the report-only policy is still named`, () => {
    const ro = policy('ro', { name: 'Pilot', state: 'enabledForReportingButNotEnforced' });
    const p = predict({ perUserMfa: { [alice.id]: 'enforced' }, caPolicies: [ro] }, 'rdp-password');
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons).toEqual([
      'client PC unknown (no dsregcmd output): assumed Entra joined to the same tenant',
      'legacy per-user MFA is enforced for alice@contoso.com',
      'once that is fixed: "Pilot" would require MFA but is report-only: evaluated, never enforced',
    ]);
  });

  it(`temporary password → "${MESSAGES.credentials}"`, () => {
    const snapshot = baseSnapshot({ client: JOINED });
    const p = predictOutcome({
      snapshot,
      answers: answers(),
      vm: snapshot.vms[0]!,
      user: { ...alice, forceChangePasswordNextSignIn: true },
      method: 'rdp-password',
    });
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons).toContain('alice@contoso.com has a temporary password: change it at a web sign-in first');
  });

  it(`extension missing → "${MESSAGES.credentials}"`, () => {
    const p = predict({ vms: [windowsVm('vm1', { extensions: [] })] }, 'rdp-web-account');
    expect(p.outcome).toBe('error-credentials');
    expect(p.reasons[0]).toBe('vm1 has no AADLoginForWindows extension, so it is not joined to Entra ID');
  });

  it(`MFA on Azure Windows VM Sign-In without WHfB → "${MESSAGES.methodNotAllowed}"`, () => {
    const p = predict({ caPolicies: [mfaOnWin], client: JOINED }, 'rdp-password');
    expect(p.outcome).toBe('error-method-not-allowed');
    expect(p.message).toBe(MESSAGES.methodNotAllowed);
    expect(p.reasons).toContain(
      'alice@contoso.com has no Windows Hello for Business (the only method the password RDP flow can carry as MFA)',
    );
  });

  it(`MFA with WHfB key trust → "${MESSAGES.methodNotAllowed}"`, () => {
    const snapshot = baseSnapshot({
      caPolicies: [mfaOnWin],
      client: JOINED,
      authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) },
    });
    const p = predictOutcome({
      snapshot,
      answers: answers({ whfbTrust: 'key' }),
      vm: snapshot.vms[0]!,
      user: alice,
      method: 'rdp-password',
    });
    expect(p.outcome).toBe('error-method-not-allowed');
    expect(p.reasons).toContain(
      'Windows Hello for Business key trust has no certificate for RDP, so it cannot carry MFA',
    );
  });

  it(`phishing-resistant strength with only Authenticator → "${MESSAGES.methodNotAllowed}"`, () => {
    const strong = policy('pr', {
      apps: WEB_APPS,
      grant: { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } },
    });
    const p = predict({ caPolicies: [strong] }, 'rdp-web-account');
    expect(p.outcome).toBe('error-method-not-allowed');
  });

  it('computer name differs from the Bastion target → AADSTS293004', () => {
    const p = predict(
      bastionReady(windowsVm('vm-reporting-prod-weu-01', { computerName: 'vm-reporting-pr' })),
      'bastion-native',
    );
    expect(p.outcome).toBe('error-hostname-mismatch');
    expect(p.message).toBe(
      `AADSTS293004: The target-device identifier in the request vm-reporting-prod-weu-01 was not found in the tenant ${TENANT}.`,
    );
  });

  it('connecting by IP address → AADSTS293004', () => {
    const p = predict({}, 'rdp-web-account', { hostname: '10.0.0.4' });
    expect(p.outcome).toBe('error-hostname-mismatch');
    expect(p.reasons[0]).toBe('connecting to 10.0.0.4 by IP address: web-account RDP needs the device name');
  });

  it('ssh without a role → Permission denied', () => {
    const snapshot = baseSnapshot({ vms: [linuxVm()], roleAssignments: [] });
    const p = predictOutcome({ snapshot, answers: answers(), vm: snapshot.vms[0]!, user: alice, method: 'ssh' });
    expect(p.outcome).toBe('error-account-prevented');
    expect(p.message).toBe(MESSAGES.sshDenied);
  });
});

describe('predictOutcome: success', () => {
  it('no policy → success without MFA (no-policy)', () => {
    const p = predict({}, 'rdp-web-account');
    expect(p).toMatchObject({ outcome: 'success-without-mfa', whyNoMfa: 'no-policy' });
    expect(p.reasons).toEqual([
      `no Conditional Access policy targets ${WEB_APPS.join(' / ')}, the app rdp-web-account signs in to`,
    ]);
  });

  it('report-only policy → success without MFA (report-only)', () => {
    const p = predict(
      { caPolicies: [policy('ro', { name: 'Pilot', apps: WEB_APPS, state: 'enabledForReportingButNotEnforced' })] },
      'rdp-web-account',
    );
    expect(p).toMatchObject({ outcome: 'success-without-mfa', whyNoMfa: 'report-only' });
  });

  it('one report-only policy met on both RDP apps "is" report-only, not "are"', () => {
    const p = predict(
      { caPolicies: [policy('ro', { name: 'Pilot', apps: WEB_APPS, state: 'enabledForReportingButNotEnforced' })] },
      'rdp-web-account',
    );
    expect(p.reasons).toContain('"Pilot" would require MFA but is report-only: evaluated, never enforced');
  });

  it('disabled policy → success without MFA, naming it', () => {
    const p = predict(
      { caPolicies: [policy('off', { name: 'Old', apps: WEB_APPS, state: 'disabled' })] },
      'rdp-web-account',
    );
    expect(p).toMatchObject({ outcome: 'success-without-mfa', whyNoMfa: 'no-policy' });
    expect(p.reasons).toEqual(['"Old" is disabled']);
  });

  it('policy on the wrong app → success without MFA, naming the wrong target', () => {
    const p = predict({ caPolicies: [mfaOnWin] }, 'rdp-web-account');
    expect(p.whyNoMfa).toBe('no-policy');
    expect(p.reasons).toEqual([
      `"VM MFA" targets another VM sign-in app, not ${WEB_APPS.join(' / ')} which rdp-web-account uses (wrong target app)`,
    ]);
  });

  it('user excluded → success without MFA (excluded)', () => {
    const p = predict(
      {
        caPolicies: [
          policy('x', { name: 'X', apps: WEB_APPS, users: { includeUsers: ['All'], excludeGroups: [GROUP_VM_USERS] } }),
        ],
      },
      'rdp-web-account',
    );
    expect(p.whyNoMfa).toBe('excluded');
    expect(p.reasons).toEqual([`alice@contoso.com is not covered by "X" (excluded through group ${GROUP_VM_USERS})`]);
  });

  it('security defaults on → success without MFA, Microsoft decides', () => {
    const p = predict({ securityDefaultsEnabled: true, caPolicies: [mfaOnWeb] }, 'rdp-web-account');
    expect(p.whyNoMfa).toBe('no-policy');
    expect(p.reasons[0]).toBe(
      'security defaults are on: no Conditional Access policy is evaluated and Microsoft decides when to prompt',
    );
  });

  it('WHfB-unlocked joined client → MFA already in the token', () => {
    const p = predict(
      { caPolicies: [mfaOnWeb], client: JOINED, authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) } },
      'rdp-web-account',
    );
    expect(p).toMatchObject({ outcome: 'success-without-mfa', whyNoMfa: 'mfa-in-token' });
  });

  it('enforced MFA on web-account → MFA then success', () => {
    const p = predict({ caPolicies: [mfaOnWeb] }, 'rdp-web-account');
    expect(p.outcome).toBe('mfa-then-success');
    expect(p.reasons).toEqual(['"Web MFA" requires MFA']);
  });

  it('enforced MFA on password RDP with WHfB from a joined client → MFA then success', () => {
    const p = predict(
      { caPolicies: [mfaOnWin], client: JOINED, authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) } },
      'rdp-password',
    );
    expect(p.outcome).toBe('mfa-then-success');
    expect(p.whyNoMfa).toBeUndefined();
  });
});
