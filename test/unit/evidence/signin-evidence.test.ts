import { describe, expect, it } from 'vitest';
import { describeSignInResult, SIGN_IN_ERRORS } from '../../../src/checks/signin-codes';
import { classify, compareWithPrediction } from '../../../src/checks/signin-evidence';
import type { SignInPrediction } from '../../../src/checks/signin-outcome';
import { compareWhatIf } from '../../../src/checks/what-if-compare';
import { APP_IDS } from '../../../src/core/well-known-ids';
import type { CaPolicyFacts, SignInFacts } from '../../../src/plan/snapshot';

const USER = { id: 'u1', memberOf: ['g1'], roleTemplateIds: [], userType: 'Member' as const };
const POLICY: CaPolicyFacts = {
  id: 'p1',
  displayName: 'Require MFA for VM sign-in',
  state: 'enabled',
  conditions: {
    users: { includeGroups: ['g1'] },
    applications: { includeApplications: [APP_IDS.windowsVmSignIn] },
    clientAppTypes: ['all'],
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

let n = 0;
function signIn(over: Partial<SignInFacts> = {}): SignInFacts {
  n++;
  return {
    id: `s${n}`,
    createdDateTime: `2026-12-0${(n % 9) + 1}T08:00:00Z`,
    userId: 'u1',
    appId: APP_IDS.microsoftRemoteDesktop,
    errorCode: 0,
    authenticationRequirement: 'singleFactorAuthentication',
    mfaMethods: [],
    policies: [{ id: 'p1', displayName: POLICY.displayName, result: 'notApplied', enforcedGrantControls: [] }],
    ...over,
  };
}

const predict = (over: Partial<SignInPrediction>): SignInPrediction => ({
  method: 'rdp-password',
  outcome: 'mfa-then-success',
  message: 'ok',
  reasons: [],
  ...over,
});

describe('sign-in error codes', () => {
  it('words every code the issue names, and keeps an unknown code with the service reason', () => {
    for (const code of [50076, 50074, 50158, 53003, 50097, 50126, 50053, 293004]) {
      expect(SIGN_IN_ERRORS[code], String(code)).toBeDefined();
    }
    expect(describeSignInResult(0)).toBe('ok');
    expect(describeSignInResult(53003)).toBe('53003 blocked by a Conditional Access policy');
    expect(describeSignInResult(90099, 'Something  else\nhappened')).toBe('90099 Something else happened');
  });

  it('classes sign-ins as mfa, single or failed', () => {
    expect(classify(signIn())).toBe('single');
    expect(classify(signIn({ authenticationRequirement: 'multiFactorAuthentication' }))).toBe('mfa');
    expect(classify(signIn({ errorCode: 50076, authenticationRequirement: 'multiFactorAuthentication' }))).toBe(
      'failed',
    );
  });
});

describe('compareWithPrediction', () => {
  it('names the wrong target app when MFA was predicted but the user connects with a web account', () => {
    const signIns = [signIn(), signIn(), signIn(), signIn()];
    const [c] = compareWithPrediction([predict({})], signIns, [POLICY], 'Windows', 'the last 7 days');
    expect(c).toEqual({
      method: 'rdp-password',
      verdict: 'disagrees',
      summary:
        'predicted MFA, but the last 3 sign-ins (to Microsoft Remote Desktop: the user connects another way) were single-factor: ' +
        '"Require MFA for VM sign-in" was not applied: the user signs in to Microsoft Remote Desktop while the policy targets Azure Windows VM Sign-In',
      signInIds: signIns.slice(0, 3).map((s) => s.id),
    });
  });

  it('agrees when the sign-ins of the method match, and says when there is nothing to compare', () => {
    const mfa = signIn({
      appId: APP_IDS.windowsVmSignIn,
      authenticationRequirement: 'multiFactorAuthentication',
      mfaMethods: ['Windows Hello for Business'],
    });
    const [agree, none] = compareWithPrediction(
      [predict({}), predict({ method: 'rdp-web-account', outcome: 'success-without-mfa', whyNoMfa: 'no-policy' })],
      [mfa],
      [POLICY],
      'Windows',
      'the last 7 days',
    );
    expect(agree?.verdict).toBe('agrees');
    expect(agree?.summary).toBe('predicted MFA; the last sign-in was multi-factor');
    expect(none).toMatchObject({
      verdict: 'no-evidence',
      summary:
        'predicted no MFA prompt; no sign-ins to Microsoft Remote Desktop / Windows Cloud Login in the last 7 days',
    });
  });

  it('explains MFA that no policy asked for, and failures the prediction did not expect', () => {
    const whfb = signIn({
      appId: APP_IDS.windowsVmSignIn,
      authenticationRequirement: 'multiFactorAuthentication',
      mfaMethods: ['Windows Hello for Business'],
    });
    const [c] = compareWithPrediction(
      [predict({ outcome: 'success-without-mfa', whyNoMfa: 'no-policy' })],
      [whfb],
      [],
      'Windows',
      'the last 7 days',
    );
    expect(c?.summary).toBe(
      'predicted no MFA prompt, but the last sign-in was multi-factor: the credential itself (Windows Hello for Business) satisfied MFA; no policy asked for it',
    );
    const blocked = signIn({ appId: APP_IDS.windowsVmSignIn, errorCode: 53003 });
    const [d] = compareWithPrediction([predict({})], [blocked], [POLICY], 'Windows', 'the last 7 days');
    expect(d?.summary).toBe(
      'predicted MFA, but the last sign-in failed: error 53003 blocked by a Conditional Access policy',
    );
  });
});

describe('compareWhatIf', () => {
  it("flags a policy ours applies and Microsoft's What-If does not, with Microsoft's reasons", () => {
    const out = compareWhatIf([POLICY], USER, APP_IDS.windowsVmSignIn, [
      {
        policyId: 'p1',
        displayName: POLICY.displayName,
        state: 'enabled',
        policyApplies: false,
        analysisReasons: 'users',
      },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ ours: true, microsoft: false, agree: false, reasons: 'users' });
    expect(out[0]?.summary).toContain("ours says it applies, Microsoft's What-If says it does not apply (users)");
  });

  it('stays quiet about policies neither applies, and agrees when both do', () => {
    const answer = (applies: boolean) => [
      { policyId: 'p1', displayName: 'x', state: 'enabled', policyApplies: applies, analysisReasons: 'notSet' },
    ];
    expect(compareWhatIf([POLICY], USER, APP_IDS.microsoftRemoteDesktop, answer(false))).toEqual([]);
    const both = compareWhatIf([POLICY], USER, APP_IDS.windowsVmSignIn, answer(true));
    expect(both[0]?.summary).toBe(
      `"Require MFA for VM sign-in" applies to Azure Windows VM Sign-In: Microsoft's What-If agrees`,
    );
  });
});
