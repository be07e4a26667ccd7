import { describe, expect, it } from 'vitest';
import { outcomeOf, reviewPolicy, targetAppsOf } from '../../../src/checks/policy-review';
import { APP_IDS } from '../../../src/core/well-known-ids';
import type { CaPolicyFacts, SignInFacts } from '../../../src/plan/snapshot';

const POLICY: CaPolicyFacts = {
  id: 'p1',
  displayName: 'VM MFA',
  state: 'enabledForReportingButNotEnforced',
  conditions: { applications: { includeApplications: ['All'], excludeApplications: [APP_IDS.linuxVmSignIn] } },
  grantControls: { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] },
};

const signIn = (over: Partial<SignInFacts>): SignInFacts => ({
  id: 's',
  createdDateTime: '2026-12-01T08:00:00Z',
  userId: 'u1',
  userPrincipalName: 'u1@contoso.com',
  appId: APP_IDS.microsoftRemoteDesktop,
  errorCode: 0,
  mfaMethods: [],
  policies: [],
  ...over,
});

describe('policy review', () => {
  it('maps logged results to outcomes and All to every VM app but the excluded', () => {
    expect(
      ['reportOnlySuccess', 'reportOnlyFailure', 'reportOnlyInterrupted', 'reportOnlyNotApplied', 'x'].map(outcomeOf),
    ).toEqual(['satisfied', 'would-fail', 'would-prompt', 'not-covered', 'unknown']);
    expect(targetAppsOf(POLICY)).toEqual([
      APP_IDS.windowsVmSignIn,
      APP_IDS.microsoftRemoteDesktop,
      APP_IDS.windowsCloudLogin,
    ]);
  });

  it('says there is nothing to judge by without sign-ins in scope, and names a non-compliant device', () => {
    const empty = reviewPolicy({
      policy: POLICY,
      signIns: [],
      authMethods: {},
      perUserMfa: {},
      window: 'the last 7 days',
    });
    expect(empty.recommendation).toEqual([
      'No sign-ins in its scope in the last 7 days: nothing to judge it by. Keep it report-only until its users have signed in.',
    ]);
    const failing = signIn({
      isCompliant: false,
      policies: [{ id: 'p1', displayName: 'VM MFA', result: 'reportOnlyFailure', enforcedGrantControls: ['Mfa'] }],
    });
    const review = reviewPolicy({
      policy: POLICY,
      signIns: [failing],
      authMethods: {},
      perUserMfa: {},
      window: 'the last 7 days',
    });
    expect(review.recommendation).toEqual([
      'Safe to turn on for 0 of 1 users in its scope who signed in; fix the others first.',
      'u1@contoso.com would fail: the device was not compliant.',
    ]);
  });
});
