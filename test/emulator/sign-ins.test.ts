/**
 * Sign-in logs, What-If and registration details through the gateway's real Graph client against the emulator:
 * server-side filters and paging, the beta-only fields, the Prefer header for report-only results, the 403s.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registrationFacts, signInFilter } from '../../src/azure/graph-ops';
import { APP_IDS } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator';
import { gatewayOn } from '../azure/harness';
import { dispatcher, graphClient } from './clients';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const WEEK_AGO = new Date(NOW - 7 * 86_400_000).toISOString();
const VM_APPS = Object.values(APP_IDS);

describe('emulator sign-in logs and What-If through the gateway', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    emu = await startEmulator({ scenario: 'demo', pageSize: 3 });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await emu.close();
  });
  afterEach(() => emu.setFaults(''));

  it('filters by time, user and app on the server and pages newest first', async () => {
    const { gateway } = gatewayOn(emu);
    emu.log.reset();
    const { signIns, truncated } = await gateway.graph.listSignIns!({
      since: WEEK_AGO,
      userId: DEMO.users.bob.id,
      appIds: VM_APPS,
      max: 2,
    });
    expect(truncated).toBe(true);
    expect(signIns.map((s) => [s.appId, s.createdDateTime])).toEqual([
      [APP_IDS.microsoftRemoteDesktop, new Date(NOW - 95 * 60_000).toISOString()],
      [APP_IDS.microsoftRemoteDesktop, new Date(NOW - 1500 * 60_000).toISOString()],
    ]);
    const all = await gateway.graph.listSignIns!({ since: WEEK_AGO, userId: DEMO.users.bob.id, appIds: VM_APPS });
    // The sign-in 12,000 minutes ago is outside the week.
    expect(all.signIns).toHaveLength(3);
    expect(all.truncated).toBe(false);
    const requests = emu.log.requests().filter((e) => e.path.endsWith('/auditLogs/signIns'));
    expect(requests.every((e) => e.path.startsWith('/graph/beta/'))).toBe(true);
    expect(decodeURIComponent(requests[0]!.query)).toContain(`userId eq '${DEMO.users.bob.id}'`);
    expect(decodeURIComponent(requests[0]!.query)).toContain('createdDateTime ge 2026-11-24T10:00:00Z');
  });

  it('reads report-only results, the single/multi-factor verdict and the methods used', async () => {
    const { gateway } = gatewayOn(emu);
    const { signIns } = await gateway.graph.listSignIns!({
      since: WEEK_AGO,
      userId: DEMO.users.dave.id,
      appIds: [APP_IDS.windowsVmSignIn],
    });
    expect(signIns).toHaveLength(2);
    const s = signIns[0]!;
    expect(s.authenticationRequirement).toBe('multiFactorAuthentication');
    expect(s.mfaMethods).toEqual(['Windows Hello for Business']);
    expect(s.policies.find((p) => p.id === DEMO.reportOnlyPolicyId)).toMatchObject({
      result: 'reportOnlySuccess',
      enforcedGrantControls: ['Mfa'],
    });
    expect(s.conditionalAccessStatus).toBe('notApplied');
  });

  it('answers v1.0 without beta-only fields, and report-only results as unknownFutureValue without Prefer', async () => {
    const agent = dispatcher(emu);
    const v1 = graphClient(emu, agent);
    const filter = `createdDateTime ge ${WEEK_AGO.replace('.000', '')} and userId eq '${DEMO.users.carol.id}'`;
    const page = (await v1.api('/auditLogs/signIns').filter(filter).top(10).get()) as {
      value: Record<string, unknown>[];
    };
    expect(page.value).toHaveLength(2);
    expect(page.value[0]).not.toHaveProperty('authenticationRequirement');
    expect(page.value[0]).not.toHaveProperty('authenticationDetails');
    const pilot = (page.value[0]!.appliedConditionalAccessPolicies as { id: string; result: string }[]).find(
      (p) => p.id === DEMO.reportOnlyPolicyId,
    );
    expect(pilot?.result).toBe('unknownFutureValue');
    await agent.close();
  });

  it('refuses an unsupported filter with 400 and a $top above 1000', async () => {
    const agent = dispatcher(emu);
    const beta = graphClient(emu, agent, 'beta');
    const bad = await beta
      .api('/auditLogs/signIns')
      .filter('createdDateTime ge yesterday')
      .get()
      .catch((e: { statusCode: number }) => e);
    expect((bad as { statusCode: number }).statusCode).toBe(400);
    const big = await beta
      .api('/auditLogs/signIns')
      .top(1001)
      .get()
      .catch((e: { statusCode: number }) => e);
    expect((big as { statusCode: number }).statusCode).toBe(400);
    await agent.close();
  });

  it('says forbidden with the missing scope on a 403, and the licence code without P1', async () => {
    const { gateway } = gatewayOn(emu);
    emu.setFaults('403=1@/auditLogs/signIns');
    const denied = await gateway.graph.listSignIns!({ since: WEEK_AGO, appIds: VM_APPS }).catch((e) => e);
    expect(denied.code).toBe('forbidden');
    expect(denied.message).toContain('AuditLog.Read.All');
    expect(denied.details.serviceCode).toBe('Authorization_RequestDenied');
    emu.setFaults('');
    const skus = emu.state.skus;
    emu.state.skus = [];
    const unlicensed = await gateway.graph.listSignIns!({ since: WEEK_AGO, appIds: VM_APPS }).catch((e) => e);
    emu.state.skus = skus;
    expect(unlicensed.details.serviceCode).toBe('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
  });

  it("returns Microsoft's What-If: declared answers win, other policies are matched by the emulator", async () => {
    const { gateway } = gatewayOn(emu);
    const dave = await gateway.graph.evaluateWhatIf!({
      userId: DEMO.users.dave.id,
      appId: APP_IDS.windowsVmSignIn,
      clientAppType: 'mobileAppsAndDesktopClients',
      devicePlatform: 'windows',
    });
    expect(dave).toEqual([
      {
        policyId: DEMO.reportOnlyPolicyId,
        displayName: 'Require MFA for VM sign-in (pilot)',
        state: 'enabledForReportingButNotEnforced',
        policyApplies: false,
        analysisReasons: 'users',
      },
    ]);
    const bob = await gateway.graph.evaluateWhatIf!({
      userId: DEMO.users.bob.id,
      appId: APP_IDS.microsoftRemoteDesktop,
      clientAppType: 'mobileAppsAndDesktopClients',
    });
    expect(bob[0]).toMatchObject({ policyApplies: false, analysisReasons: 'application' });
    const carol = await gateway.graph.evaluateWhatIf!({
      userId: DEMO.users.carol.id,
      appId: APP_IDS.windowsVmSignIn,
      clientAppType: 'mobileAppsAndDesktopClients',
    });
    expect(carol[0]).toMatchObject({ policyApplies: true, analysisReasons: 'notSet' });
  });

  it('serves userRegistrationDetails in the v1.0 shape (no defaultMfaMethod) and the beta shape', async () => {
    const agent = dispatcher(emu);
    const path = `/reports/authenticationMethods/userRegistrationDetails/${DEMO.users.alice.id}`;
    const v1 = (await graphClient(emu, agent).api(path).get()) as Record<string, unknown>;
    const beta = (await graphClient(emu, agent, 'beta').api(path).get()) as Record<string, unknown>;
    await agent.close();
    expect(v1).not.toHaveProperty('defaultMfaMethod');
    expect(v1.userPreferredMethodForSecondaryAuthentication).toBe('push');
    expect(v1.systemPreferredAuthenticationMethods).toEqual(['push']);
    expect(beta.defaultMfaMethod).toBe('microsoftAuthenticatorPush');
    expect(registrationFacts(v1)).toMatchObject({ defaultMfaMethod: 'push', systemPreferredMethods: ['push'] });
    expect(registrationFacts({ defaultMfaMethod: 'microsoftAuthenticatorPush' }).defaultMfaMethod).toBe(
      'microsoftAuthenticatorPush',
    );
    const { gateway } = gatewayOn(emu);
    const methods = await gateway.graph.getAuthMethods([DEMO.users.alice.id]);
    expect(methods[DEMO.users.alice.id]?.defaultMfaMethod).toBe('push');
  });

  it('builds the filter with one app unparenthesised and several ORed in parentheses', () => {
    const one = decodeURIComponent(signInFilter({ since: WEEK_AGO, appIds: ['a'], userId: 'u' }));
    expect(one).toBe("createdDateTime ge 2026-11-24T10:00:00Z and userId eq 'u' and appId eq 'a'");
    const two = decodeURIComponent(signInFilter({ since: WEEK_AGO, appIds: ['a', 'b'] }));
    expect(two).toBe("createdDateTime ge 2026-11-24T10:00:00Z and (appId eq 'a' or appId eq 'b')");
  });
});
