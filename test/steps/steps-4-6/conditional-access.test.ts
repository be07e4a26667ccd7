import { describe, expect, it } from 'vitest';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import { UserError } from '../../../src/errors';
import type { Action, ActionDraft } from '../../../src/plan/types';
import conditionalAccess from '../../../steps/conditional-access';
import { analyseCa } from '../../../steps/conditional-access/coverage';
import { validateCaAnswers } from '../../../steps/conditional-access/rules';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import { fakeGateway } from './fake-graph';
import { alice, answers, baseSnapshot, bob, breakGlass, GROUP_VM_USERS, policy, WEB_APPS } from './fixtures';

const toAction = (d: ActionDraft): Action => ({ ...d, id: 'a1', dependsOn: [] });
const codes = (s = baseSnapshot(), a = answers()) => stepFindings(conditionalAccess, s, a).map((f) => f.code);
const kinds = (s = baseSnapshot(), a = answers()) => stepDrafts(conditionalAccess, s, a).map((d) => d.kind);
const NAME = 'entra-vm-login: VM sign-in – require MFA';

describe('conditional-access: findings', () => {
  it('no policy targets the web-account apps → ca-none-targets-vm-signin per app, fixed by the new policy', () => {
    const f = stepFindings(conditionalAccess, baseSnapshot(), answers());
    expect(f.map((x) => [x.code, x.target, x.fixedBy])).toEqual([
      [
        'ca-none-targets-vm-signin',
        `graph:/servicePrincipals(appId='${APP_IDS.microsoftRemoteDesktop}')`,
        ['create-ca-policy:vm-sign-in'],
      ],
      [
        'ca-none-targets-vm-signin',
        `graph:/servicePrincipals(appId='${APP_IDS.windowsCloudLogin}')`,
        ['create-ca-policy:vm-sign-in'],
      ],
    ]);
  });

  it('report-only policy → ca-report-only, fixed only when the new policy is on', () => {
    const s = baseSnapshot({
      caPolicies: [policy('ro', { name: 'Pilot', apps: WEB_APPS, state: 'enabledForReportingButNotEnforced' })],
    });
    const [f] = stepFindings(conditionalAccess, s, answers());
    expect(f).toMatchObject({
      code: 'ca-report-only',
      severity: 'error',
      target: 'graph:/identity/conditionalAccess/policies/ro',
      fixedBy: [],
    });
    expect(f!.message).toBe(
      'Policy "Pilot" would require MFA on Microsoft Remote Desktop, Windows Cloud Login but is report-only: it is evaluated and logged, never enforced, so alice@contoso.com is never prompted by it.',
    );
    const on = stepFindings(conditionalAccess, s, answers({ caState: 'on', exclude: [breakGlass.ref] }));
    expect(on[0]!.fixedBy).toEqual(['create-ca-policy:vm-sign-in']);
  });

  it('disabled policy → ca-disabled (warning)', () => {
    const s = baseSnapshot({ caPolicies: [policy('off', { name: 'Old', apps: WEB_APPS, state: 'disabled' })] });
    const f = stepFindings(conditionalAccess, s, answers()).filter((x) => x.code === 'ca-disabled');
    expect(f.map((x) => [x.severity, x.target])).toEqual([
      ['warning', 'graph:/identity/conditionalAccess/policies/off'],
    ]);
  });

  it('user excluded from the only policy → ca-user-not-included', () => {
    const s = baseSnapshot({
      caPolicies: [
        policy('x', { name: 'X', apps: WEB_APPS, users: { includeUsers: ['All'], excludeGroups: [GROUP_VM_USERS] } }),
      ],
    });
    const f = stepFindings(conditionalAccess, s, answers({ users: [alice.ref, bob.ref] }));
    expect(f.map((x) => x.code)).toEqual(['ca-user-not-included']);
    expect(f[0]!.target).toBe(`graph:/users/${alice.id}`);
    expect(f[0]!.message).toBe(
      `alice@contoso.com is not covered by "X" (excluded through group ${GROUP_VM_USERS}), so no MFA is required of them there.`,
    );
  });

  it('an enabled equivalent policy → ca-equivalent-policy-exists and no new policy', () => {
    const s = baseSnapshot({ caPolicies: [policy('ok', { name: 'VM MFA', apps: ['All'] })] });
    expect(codes(s)).toEqual(['ca-equivalent-policy-exists']);
    expect(kinds(s)).toEqual([]);
  });

  it('a weaker enabled policy does not count as equivalent for phishing-resistant', () => {
    const s = baseSnapshot({ caPolicies: [policy('ok', { apps: ['All'] })] });
    expect(kinds(s, answers({ ca: 'phishing-resistant' }))).toEqual(['create-ca-policy']);
  });

  it('security defaults → error; disabling is planned only on opt-in', () => {
    const s = baseSnapshot({ securityDefaultsEnabled: true });
    const f = stepFindings(conditionalAccess, s, answers()).find((x) => x.code === 'security-defaults-enabled')!;
    expect(f.fixedBy).toEqual([]);
    expect(f.remediation).toContain('--disable-security-defaults');
    expect(f.remediation).toContain('baseline');
    expect(kinds(s)).toEqual([]);
    const opted = answers({ disableSecurityDefaults: true });
    expect(kinds(s, opted)).toEqual([
      ...Array(5).fill('create-ca-policy'),
      'create-ca-policy',
      'disable-security-defaults',
      'enable-ca-policies',
    ]);
    const drafts = stepDrafts(conditionalAccess, s, opted);
    const sd = drafts.find((d) => d.kind === 'disable-security-defaults')!;
    expect(sd).toMatchObject({
      target: 'graph:/policies/identitySecurityDefaultsEnforcementPolicy',
      params: { body: { isEnabled: false } },
    });
    expect(sd.dependsOn).toEqual(drafts.filter((d) => d.kind === 'create-ca-policy').map((d) => d.key));
    expect(drafts.find((d) => d.kind === 'enable-ca-policies')!.dependsOn).toEqual([
      'disable-security-defaults:tenant',
    ]);
    expect(stepFindings(conditionalAccess, s, opted)[0]!.fixedBy).toEqual([
      'disable-security-defaults:tenant',
      'enable-ca-policies:tenant',
    ]);
    // Without the baseline: only with the acknowledgement, and then the VM policy alone.
    const bare = answers({ disableSecurityDefaults: true, withoutBaselineOk: true });
    expect(kinds(s, bare)).toEqual(['create-ca-policy', 'disable-security-defaults']);
  });

  it('no P1 → license-p1-missing and no policy planned', () => {
    const s = baseSnapshot({ licenceP1: false });
    expect(codes(s)[0]).toBe('license-p1-missing');
    expect(kinds(s)).toEqual([]);
  });

  it('per-user MFA → finding and a disable action per user', () => {
    const s = baseSnapshot({
      perUserMfa: { [alice.id]: 'enforced', [bob.id]: 'enabled' },
      caPolicies: [policy('ok', { apps: ['All'] })],
    });
    const a = answers({ users: [alice.ref, bob.ref] });
    expect(codes(s, a)).toEqual(['per-user-mfa-enabled', 'per-user-mfa-enabled', 'ca-equivalent-policy-exists']);
    const drafts = stepDrafts(conditionalAccess, s, a);
    expect(drafts.map((d) => d.key)).toEqual([`disable-per-user-mfa:${alice.id}`, `disable-per-user-mfa:${bob.id}`]);
    expect(drafts[0]).toMatchObject({
      target: `graph:/users/${alice.id}/authentication/requirements`,
      requires: 'Authentication Policy Administrator (Policy.ReadWrite.AuthenticationMethod)',
      command: `az rest --method PATCH --url https://graph.microsoft.com/beta/users/${alice.id}/authentication/requirements --body '{"perUserMfaState":"disabled"}'`,
      params: { userId: alice.id, body: { perUserMfaState: 'disabled' } },
    });
    expect(kinds(s, { ...a, disablePerUserMfa: false })).toEqual([]);
  });
});

describe('conditional-access: the policy it creates', () => {
  it('targets the needed apps, includes users and groups, excludes break-glass, report-only', () => {
    const s = baseSnapshot();
    s.servicePrincipals[APP_IDS.windowsVmSignIn] = null;
    const a = answers({
      users: [alice.ref, 'vm-users'],
      exclude: [breakGlass.ref],
      connections: ['rdp-web-account', 'rdp-password'],
    });
    const [d] = stepDrafts(conditionalAccess, s, a);
    expect(d).toMatchObject({
      key: 'create-ca-policy:vm-sign-in',
      target: 'graph:/identity/conditionalAccess/policies',
      dependsOn: [`create-service-principal:${APP_IDS.windowsVmSignIn}`],
      command:
        'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body @policy.json',
    });
    expect(d!.params.body).toEqual({
      displayName: NAME,
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: {
          includeUsers: [alice.id],
          includeGroups: [GROUP_VM_USERS],
          excludeUsers: [breakGlass.id],
          excludeGroups: [],
        },
        applications: { includeApplications: [APP_IDS.windowsVmSignIn, ...WEB_APPS] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
  });

  it('uses an authentication strength, never both controls', () => {
    const [d] = stepDrafts(
      conditionalAccess,
      baseSnapshot(),
      answers({ ca: 'passwordless', caState: 'on', exclude: [breakGlass.ref] }),
    );
    const body = d!.params.body as { state: string; displayName: string; grantControls: unknown };
    expect(body.state).toBe('enabled');
    expect(body.displayName).toBe('entra-vm-login: VM sign-in – require passwordless MFA');
    expect(body.grantControls).toEqual({
      operator: 'OR',
      authenticationStrength: { id: AUTH_STRENGTH_IDS.passwordless },
    });
  });

  it('refuses to turn a policy on without a break-glass exclusion unless acknowledged', () => {
    const on = answers({ caState: 'on' });
    expect(() => stepDrafts(conditionalAccess, baseSnapshot(), on)).toThrow(
      'turning a policy on without a break-glass exclusion needs --no-break-glass-ok',
    );
    expect(() => validateCaAnswers(on)).toThrow(UserError);
    expect(kinds(baseSnapshot(), answers({ caState: 'on', breakGlassOk: true }))).toEqual(['create-ca-policy']);
  });

  it('updates its own report-only policy to on instead of creating another', () => {
    const own = policy('mine', {
      name: NAME,
      apps: WEB_APPS,
      users: { includeUsers: [alice.id], excludeUsers: [breakGlass.id] },
      state: 'enabledForReportingButNotEnforced',
    });
    const s = baseSnapshot({ caPolicies: [own] });
    expect(kinds(s)).toEqual([]);
    const a = answers({ caState: 'on', exclude: [breakGlass.ref], users: [alice.ref, bob.ref] });
    const [d] = stepDrafts(conditionalAccess, s, a);
    expect(d).toMatchObject({
      kind: 'update-ca-policy',
      key: 'update-ca-policy:mine',
      target: 'graph:/identity/conditionalAccess/policies/mine',
    });
    // Rendered from the patch itself: what the write sets, not a description that could differ from it.
    expect(d!.summary).toBe(
      `Update policy "${NAME}": cover 2 users except 1 on Microsoft Remote Desktop, Windows Cloud Login; turn it on`,
    );
    const patch = d!.params.patch as { state: string; conditions: { users: { includeUsers: string[] } } };
    expect(patch.state).toBe('enabled');
    expect(patch.conditions.users.includeUsers).toEqual([alice.id, bob.id]);
    const report = stepFindings(conditionalAccess, s, a).find((f) => f.code === 'ca-report-only')!;
    expect(report.fixedBy).toEqual(['update-ca-policy:mine']);
  });

  it('a caPolicyId that does not exist is bad input', () => {
    expect(() => stepDrafts(conditionalAccess, baseSnapshot(), answers({ caPolicyId: 'nope' }))).toThrow(
      'Conditional Access policy nope was not found',
    );
  });
});

describe('conditional-access: handlers', () => {
  const initial = () => ({
    sps: {},
    policies: [],
    securityDefaults: true,
    perUser: { [alice.id]: 'enforced' as const },
  });

  it('creates the policy once; a resumed run finds it by name', async () => {
    const { ctx, writes } = fakeGateway(initial());
    const action = toAction(stepDrafts(conditionalAccess, baseSnapshot(), answers())[0]!);
    const h = conditionalAccess.handlers['create-ca-policy']!;
    expect(await h(action, ctx)).toMatchObject({ outcome: 'done', outputs: { policyId: 'pol-1' } });
    expect(await h(action, ctx)).toMatchObject({ outcome: 'already-done', outputs: { policyId: 'pol-1' } });
    expect(writes).toEqual([`POST policies ${NAME}`]);
    expect(await conditionalAccess.verifiers!['create-ca-policy']!(action, ctx.gateway)).toBeUndefined();
  });

  it('two runs that both checked before either created leave one policy, and agree which', async () => {
    const { ctx, writes, state } = fakeGateway(initial());
    const action = toAction(stepDrafts(conditionalAccess, baseSnapshot(), answers())[0]!);
    const h = conditionalAccess.handlers['create-ca-policy']!;
    // Both handlers list before either creates: the check-then-create race of two processes without the lock.
    const [a, b] = await Promise.all([h(action, ctx), h(action, ctx)]);
    expect(writes.filter((w) => w.startsWith('POST'))).toHaveLength(2);
    expect(state.policies.map((p) => p.displayName)).toEqual([NAME]);
    expect(a.outputs?.policyId).toBe(state.policies[0]!.id);
    expect(b.outputs?.policyId).toBe(state.policies[0]!.id);
    expect([a.outcome, b.outcome].sort()).toEqual(['already-done', 'done']);
  });

  it('a 403 on create names Policy.ReadWrite.ConditionalAccess', async () => {
    const { ctx } = fakeGateway({ ...initial(), forbidCaWrites: true });
    const action = toAction(stepDrafts(conditionalAccess, baseSnapshot(), answers())[0]!);
    await expect(conditionalAccess.handlers['create-ca-policy']!(action, ctx)).rejects.toMatchObject({
      code: 'forbidden',
      message:
        'creating a Conditional Access policy needs Policy.ReadWrite.ConditionalAccess and Policy.Read.All (Conditional Access Administrator or Security Administrator)',
    });
  });

  it('update, per-user MFA and security defaults are idempotent', async () => {
    const own = policy('mine', {
      name: NAME,
      apps: WEB_APPS,
      users: { includeUsers: [alice.id], excludeUsers: [breakGlass.id] },
      state: 'enabledForReportingButNotEnforced',
    });
    const { ctx, writes } = fakeGateway({ ...initial(), policies: [own] });
    const s = baseSnapshot({
      caPolicies: [own],
      perUserMfa: { [alice.id]: 'enforced' },
      securityDefaultsEnabled: true,
    });
    const a = answers({
      caState: 'on',
      exclude: [breakGlass.ref],
      disableSecurityDefaults: true,
      withoutBaselineOk: true,
    });
    const drafts = stepDrafts(conditionalAccess, s, a);
    // Turning the policy on waits for security defaults to go (Graph refuses it before).
    expect(drafts.map((d) => d.kind)).toEqual([
      'disable-security-defaults',
      'enable-ca-policies',
      'disable-per-user-mfa',
    ]);
    for (const d of drafts) {
      expect((await conditionalAccess.handlers[d.kind]!(toAction(d), ctx)).outcome).toBe('done');
      expect((await conditionalAccess.handlers[d.kind]!(toAction(d), ctx)).outcome).toBe('already-done');
      expect(await conditionalAccess.verifiers![d.kind]!(toAction(d), ctx.gateway)).toBeUndefined();
    }
    expect(writes).toEqual([
      'PATCH securityDefaults false',
      'PATCH policies/mine',
      `PATCH requirements ${alice.id} disabled`,
    ]);
  });
});

describe('coverage by client app type', () => {
  it('a desktop-only policy does not cover Bastion in the portal, which signs in through a browser', () => {
    const desktopOnly = policy('d', {
      apps: WEB_APPS,
      clientAppTypes: ['mobileAppsAndDesktopClients'],
      users: { includeUsers: ['All'] },
    });
    const snapshot = baseSnapshot({ caPolicies: [desktopOnly] });
    expect(analyseCa(snapshot, answers({ connections: ['rdp-web-account'] })).covered).toBe(true);
    expect(analyseCa(snapshot, answers({ connections: ['rdp-web-account', 'bastion-portal'] })).covered).toBe(false);
  });
});
