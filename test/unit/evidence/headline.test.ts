/** Doctor's first line and the sign-in frequency evidence behind it: exact words, pure. */
import { describe, expect, it } from 'vitest';
import { frequencyText, reusedMfa } from '../../../src/checks/signin-evidence';
import type { SignInPrediction } from '../../../src/checks/signin-outcome';
import { APP_IDS } from '../../../src/core/well-known-ids';
import { doctorHeadline } from '../../../src/doctor/headline';
import type { CaPolicyFacts, PrincipalFacts, SignInFacts, VmFacts } from '../../../src/plan/snapshot';

const vm = { name: 'vm-app-01' } as VmFacts;
const user = { userPrincipalName: 'sam@northwind.example', displayName: 'Sam' } as PrincipalFacts;
const o = (over: Partial<SignInPrediction>): SignInPrediction => ({
  method: 'rdp-web-account',
  outcome: 'mfa-then-success',
  message: 'sam@northwind.example is asked for MFA, then signed in to vm-app-01',
  reasons: [],
  ...over,
});
const policy = (sessionControls: unknown): CaPolicyFacts => ({
  id: 'p1',
  displayName: 'Require MFA for VM sign-in',
  state: 'enabled',
  conditions: {},
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
  sessionControls,
});
const signIn = (mfaMethods: string[], over: Partial<SignInFacts> = {}): SignInFacts => ({
  id: 's1',
  createdDateTime: '2026-12-01T09:55:00Z',
  userId: 'u1',
  appId: APP_IDS.microsoftRemoteDesktop,
  errorCode: 0,
  authenticationRequirement: 'multiFactorAuthentication',
  mfaMethods,
  policies: [],
  ...over,
});

describe('doctorHeadline', () => {
  it('names a failing method first, with its cause', () => {
    const outcomes = [
      o({ outcome: 'success-without-mfa', whyNoMfa: 'report-only', cause: '"P" would require MFA but is report-only' }),
      o({ method: 'rdp-password', outcome: 'error-credentials', cause: 'legacy per-user MFA is enforced for sam' }),
    ];
    expect(doctorHeadline({ vm, user, outcomes })).toBe(
      'sam@northwind.example cannot sign in to vm-app-01 with rdp-password: legacy per-user MFA is enforced for sam.',
    );
  });

  it('then a method without a prompt, saying when that is the secure outcome', () => {
    expect(
      doctorHeadline({
        vm,
        user,
        outcomes: [o({ outcome: 'success-without-mfa', whyNoMfa: 'excluded', cause: 'sam is not covered by "P"' })],
      }),
    ).toBe('No MFA prompt for sam@northwind.example on vm-app-01 with rdp-web-account: sam is not covered by "P".');
    expect(
      doctorHeadline({
        vm,
        user,
        outcomes: [
          o({ outcome: 'success-without-mfa', whyNoMfa: 'mfa-in-token', cause: 'the PC was unlocked with WHfB' }),
        ],
      }),
    ).toBe(
      'No MFA prompt for sam@northwind.example on vm-app-01 with rdp-web-account because MFA is already in the token, which is the secure outcome: the PC was unlocked with WHfB.',
    );
  });

  it('says the prompt comes when every method prompts, or names the reused MFA from the logs', () => {
    const outcomes = [o({}), o({ method: 'rdp-password' })];
    expect(doctorHeadline({ vm, user, outcomes })).toBe(
      'sam@northwind.example is asked for MFA, then signed in to vm-app-01 (rdp-web-account, rdp-password).',
    );
    const evidence = {
      reusedMfa: { at: '2026-12-01T09:55:00Z', appId: APP_IDS.microsoftRemoteDesktop, frequency: 'F' },
    } as Parameters<typeof doctorHeadline>[0]['evidence'];
    expect(doctorHeadline({ vm, user, outcomes, evidence })).toBe(
      'sam@northwind.example is asked for MFA on vm-app-01 (rdp-web-account, rdp-password) only once per sign-in frequency window: the last sign-in to Microsoft Remote Desktop (2026-12-01 09:55) reused MFA done earlier, which is the secure outcome; F.',
    );
  });
});

describe('reused MFA and the sign-in frequency', () => {
  const apps = [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin];
  it('is found on the newest successful sign-in whose second step was previously satisfied', () => {
    expect(reusedMfa([signIn(['Previously satisfied'])], [policy(null)], apps)).toEqual({
      at: '2026-12-01T09:55:00Z',
      appId: APP_IDS.microsoftRemoteDesktop,
      frequency: "no policy sets a sign-in frequency, so Entra's default applies: a rolling window of 90 days",
    });
    // A fresh prompt on the newest sign-in, another app, or a failure: not reused.
    expect(
      reusedMfa([signIn(['Mobile app notification']), signIn(['Previously satisfied'])], [], apps),
    ).toBeUndefined();
    expect(reusedMfa([signIn(['Previously satisfied'], { appId: APP_IDS.windowsVmSignIn })], [], apps)).toBeUndefined();
  });

  it('names the frequency a policy sets', () => {
    const every8h = { signInFrequency: { isEnabled: true, type: 'hours', value: 8, frequencyInterval: 'timeBased' } };
    expect(frequencyText([policy(every8h)])).toBe('"Require MFA for VM sign-in" sets every 8 hours');
    const everyTime = { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' } };
    expect(frequencyText([policy(everyTime)])).toBe('"Require MFA for VM sign-in" asks every time');
  });
});
