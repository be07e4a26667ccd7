/**
 * The review screen shown before a report-only policy is turned on, drawn from the pure view model of the demo
 * pilot's review; Enter goes on to confirm, Esc goes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PolicyReview } from '../../screens/PolicyReview';
import { reviewPolicy } from '../../src/checks/policy-review';
import { APP_IDS } from '../../src/core/well-known-ids';
import type { CaPolicyFacts, SignInFacts } from '../../src/plan/snapshot';
import { policyReviewView } from '../../steps/conditional-access/review-view';
import { CONNECT_INFO } from './fake-services';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const POLICY: CaPolicyFacts = {
  id: 'p1',
  displayName: 'Require MFA for VM sign-in (pilot)',
  state: 'enabledForReportingButNotEnforced',
  conditions: { applications: { includeApplications: [APP_IDS.windowsVmSignIn] } },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};
const signIn = (user: string, result: string, appId: string = APP_IDS.windowsVmSignIn): SignInFacts => ({
  id: `${user}-${result}`,
  createdDateTime: '2026-12-01T08:00:00Z',
  userId: user,
  userPrincipalName: `${user}@contoso.com`,
  appId,
  errorCode: 0,
  mfaMethods: [],
  policies: [{ id: 'p1', displayName: POLICY.displayName, result, enforcedGrantControls: [] }],
});
const review = reviewPolicy({
  policy: POLICY,
  signIns: [
    signIn('dave', 'reportOnlySuccess'),
    signIn('carol', 'reportOnlyFailure'),
    signIn('frank', 'reportOnlyNotApplied', APP_IDS.microsoftRemoteDesktop),
  ],
  authMethods: {},
  perUserMfa: { carol: 'enforced' },
  window: 'the last 7 days',
});
const noop = () => {};

describe('PolicyReview', () => {
  it('shows the recommendation, who would fail and who is not covered, and goes on with Enter', async () => {
    const onNext = vi.fn();
    const onBack = vi.fn();
    const view = policyReviewView(POLICY.displayName, review, undefined);
    const r = renderScreen(
      <PolicyReview connection={CONNECT_INFO} view={view} height={10} onNext={onNext} onBack={onBack} onQuit={noop} />,
      { columns: 120 },
    );
    const frame = await r.waitForText('Safe to turn on for 1 of 2 users');
    expect(frame).toContain(
      '→ Safe to turn on for 1 of 2 users in its scope who signed in (dave@contoso.com); fix the others first.',
    );
    expect(frame).toContain('✗ carol@contoso.com  Azure Windows VM Sign-In: 1 sign-in: 1 would fail');
    expect(frame).toContain('✓ dave@contoso.com   Azure Windows VM Sign-In: 1 sign-in: 1 satisfied');
    expect(frame).toContain('✗ carol@contoso.com would fail: per-user MFA is enforced');
    expect(frame).toContain('! frank@contoso.com  Microsoft Remote Desktop: 1 sign-in: 1 not covered');
    expect(frame).toContain('! Not covered: frank@contoso.com signs in to Microsoft Remote Desktop');
    await r.press('enter');
    await vi.waitFor(() => expect(onNext).toHaveBeenCalledTimes(1));
    await r.press('esc');
    await vi.waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
  });

  it('says it is reading, and why it could not read', async () => {
    const reading = renderScreen(
      <PolicyReview
        connection={CONNECT_INFO}
        view={policyReviewView('x', undefined, undefined)}
        height={10}
        onNext={noop}
        onBack={noop}
        onQuit={noop}
      />,
    );
    await reading.waitForText('Reading the sign-in logs…');
    reading.unmount();
    const unread = renderScreen(
      <PolicyReview
        connection={CONNECT_INFO}
        view={policyReviewView('x', undefined, 'Reading sign-in logs needs AuditLog.Read.All')}
        height={10}
        onNext={noop}
        onBack={noop}
        onQuit={noop}
      />,
      { columns: 120 },
    );
    await unread.waitForText('Reading sign-in logs needs AuditLog.Read.All. You can still go on');
  });
});
