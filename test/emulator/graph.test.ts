import { type Client, PageIterator } from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS, AUTH_STRENGTH_IDS, SERVICE_PLAN_IDS } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator';
import { dispatcher, graphClient } from './clients';

type GraphFailure = { statusCode?: number; code?: string; message?: string };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined as GraphFailure | undefined,
    (e: GraphFailure) => e,
  );

const caBody = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'entra-vm-login: VM sign-in MFA',
  state: 'enabledForReportingButNotEnforced',
  conditions: {
    users: {
      includeGroups: [DEMO.groups.vmUsers.id],
      excludeUsers: [DEMO.users.breakGlass1.id, DEMO.users.breakGlass2.id],
    },
    applications: { includeApplications: [APP_IDS.windowsVmSignIn, APP_IDS.microsoftRemoteDesktop] },
    clientAppTypes: ['all'],
  },
  grantControls: { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } },
  ...overrides,
});

describe('emulator: Microsoft Graph through @microsoft/microsoft-graph-client 3', () => {
  let emu: RunningEmulator;
  let agent: Agent;
  let graph: Client;
  let beta: Client;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo', pageSize: 4 });
    agent = dispatcher(emu);
    graph = graphClient(emu, agent);
    beta = graphClient(emu, agent, 'beta');
  });
  afterAll(async () => {
    await agent.close();
    await emu.close();
  });
  afterEach(() => {
    emu.setFaults('');
    emu.state.caller.deniedGraphWrites = [];
  });

  it('reads the organization and users by UPN (guests included, #EXT# encoded) with $select', async () => {
    const org = await graph.api('/organization').get();
    expect(org.value[0].id).toBe(DEMO.tenantId);
    const alice = await graph.api(`/users/${DEMO.users.alice.upn}`).get();
    expect(alice.id).toBe(DEMO.users.alice.id);
    expect(alice.userType).toBeUndefined();
    const guest = await graph
      .api(`/users/${encodeURIComponent(DEMO.users.guest.upn)}`)
      .select('id,userType,accountEnabled')
      .get();
    expect(guest).toEqual({
      '@odata.context': `${emu.graphEndpoint}/v1.0/$metadata#users(id,userType,accountEnabled)/$entity`,
      id: DEMO.users.guest.id,
      userType: 'Guest',
      accountEnabled: true,
    });
    const missing = await failure(graph.api('/users/nobody@contoso.com').get());
    expect(missing?.statusCode).toBe(404);
    expect(missing?.code).toBe('Request_ResourceNotFound');
  });

  it('filters users and groups with $filter eq and pages with $top and @odata.nextLink', async () => {
    const byUpn = await graph.api('/users').filter(`userPrincipalName eq '${DEMO.users.carol.upn}'`).get();
    expect(byUpn.value.map((u: { id: string }) => u.id)).toEqual([DEMO.users.carol.id]);
    const group = await graph.api('/groups').filter(`displayName eq '${DEMO.groups.vmUsers.name}'`).get();
    expect(group.value[0].id).toBe(DEMO.groups.vmUsers.id);
    const first = await graph.api('/users').top(3).select('id').get();
    expect(first.value).toHaveLength(3);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${emu.graphEndpoint}/v1.0/users\\?`));
    const ids: string[] = [];
    await new PageIterator(graph, first, (u: { id: string }) => {
      ids.push(u.id);
      return true;
    }).iterate();
    expect(ids).toHaveLength(emu.state.users.size);
    expect(new Set(ids).size).toBe(emu.state.users.size);
    const bad = await failure(graph.api('/users').filter('department ne 42').get());
    expect(bad?.statusCode).toBe(400);
  });

  it('resolves transitive memberships with directory roles, and group members', async () => {
    const memberOf = await graph.api(`/users/${DEMO.users.breakGlass1.id}/transitiveMemberOf`).get();
    expect(memberOf.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.directoryRole',
        roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
      }),
    ]);
    const bob = await graph.api(`/users/${DEMO.users.bob.id}/transitiveMemberOf`).get();
    expect(bob.value.map((g: { id: string }) => g.id)).toEqual([DEMO.groups.vmUsers.id]);
    const members = await graph.api(`/groups/${DEMO.groups.vmAdmins.id}/members`).get();
    expect(members.value.map((m: { id: string }) => m.id)).toEqual([DEMO.users.alice.id]);
  });

  it('finds devices by displayName', async () => {
    const devices = await graph
      .api('/devices')
      .filter(`displayName eq '${DEMO.computerNames.duplicateDevice}'`)
      .select('id,displayName,trustType')
      .get();
    expect(devices.value).toEqual([{ id: DEMO.duplicateDeviceId, displayName: 'FILESRV01', trustType: 'AzureAd' }]);
  });

  it('looks up service principals by appId alternate key (404 when missing) and creates first-party ones (201, then 409)', async () => {
    const missing = await failure(graph.api(`/servicePrincipals(appId='${APP_IDS.windowsVmSignIn}')`).get());
    expect(missing?.statusCode).toBe(404);
    expect(missing?.code).toBe('Request_ResourceNotFound');
    const linux = await graph.api(`/servicePrincipals(appId='${APP_IDS.linuxVmSignIn}')`).get();
    expect(linux.displayName).toBe('Azure Linux VM Sign-In');
    emu.log.reset();
    const created = await graph.api('/servicePrincipals').post({ appId: APP_IDS.windowsVmSignIn });
    expect(created.appId).toBe(APP_IDS.windowsVmSignIn);
    expect(emu.log.requests()[0]!.status).toBe(201);
    const byFilter = await graph.api('/servicePrincipals').filter(`appId eq '${APP_IDS.windowsVmSignIn}'`).get();
    expect(byFilter.value.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const again = await failure(graph.api('/servicePrincipals').post({ appId: APP_IDS.windowsVmSignIn }));
    expect(again?.statusCode).toBe(409);
    const unknown = await failure(
      graph.api('/servicePrincipals').post({ appId: '12345678-1234-1234-1234-123456789012' }),
    );
    expect(unknown?.statusCode).toBe(400);
  });

  it('validates CA policies on create, stores valid ones (201), patches (204) and lists them', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [caBody({ state: 'on' }), /Invalid value 'on' for property 'state'/],
      [caBody({ conditions: { applications: { includeApplications: ['All'] } } }), /conditions\.users' is required/],
      [
        caBody({
          conditions: {
            users: { includeUsers: ['All'] },
            applications: { includeApplications: ['Azure Windows VM Sign-In'] },
          },
        }),
        /Invalid application 'Azure Windows VM Sign-In'/,
      ],
      [
        caBody({
          grantControls: { operator: 'OR', authenticationStrength: { id: '00000000-0000-0000-0000-000000000009' } },
        }),
        /authentication strength policy '00000000-0000-0000-0000-000000000009' does not exist/,
      ],
      [caBody({ grantControls: { builtInControls: ['mfa'] } }), /operator' must be 'AND' or 'OR'/],
    ];
    for (const [body, message] of cases) {
      const e = await failure(graph.api('/identity/conditionalAccess/policies').post(body));
      expect(e?.statusCode).toBe(400);
      expect(e?.message).toMatch(message);
    }
    const created = await graph.api('/identity/conditionalAccess/policies').post(caBody());
    expect(created.state).toBe('enabledForReportingButNotEnforced');
    expect(created.grantControls.authenticationStrength.displayName).toBe('Phishing-resistant MFA');
    // Graph refuses a policy on while security defaults are on; off, it takes it.
    await expect(
      graph.api(`/identity/conditionalAccess/policies/${created.id}`).patch({ state: 'enabled' }),
    ).rejects.toThrow(/security defaults/i);
    await graph.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false });
    await graph.api(`/identity/conditionalAccess/policies/${created.id}`).patch({ state: 'enabled' });
    emu.state.securityDefaultsEnabled = true; // as the demo starts, for the tests that follow
    const read = await graph.api(`/identity/conditionalAccess/policies/${created.id}`).get();
    expect(read.state).toBe('enabled');
    expect(read.conditions.users.excludeUsers).toEqual([DEMO.users.breakGlass1.id, DEMO.users.breakGlass2.id]);
    const list = await graph.api('/identity/conditionalAccess/policies').get();
    expect(list.value.map((p: { id: string }) => p.id)).toEqual([DEMO.reportOnlyPolicyId, created.id]);
    const strengths = await graph.api('/policies/authenticationStrengthPolicies').get();
    expect(strengths.value.map((s: { id: string }) => s.id)).toEqual(Object.values(AUTH_STRENGTH_IDS));
  });

  it('answers 403 Authorization_RequestDenied for a denied Graph write', async () => {
    emu.state.caller.deniedGraphWrites = ['conditionalAccess'];
    const e = await failure(graph.api('/identity/conditionalAccess/policies').post(caBody()));
    expect(e?.statusCode).toBe(403);
    expect(e?.code).toBe('Authorization_RequestDenied');
    expect(e?.message).toBe('Insufficient privileges to complete the operation.');
  });

  it('reads and disables security defaults', async () => {
    expect((await graph.api('/policies/identitySecurityDefaultsEnforcementPolicy').get()).isEnabled).toBe(true);
    await graph.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false });
    expect(emu.state.securityDefaultsEnabled).toBe(false);
  });

  it('serves per-user MFA on beta only, GET and PATCH', async () => {
    const path = `/users/${DEMO.users.carol.id}/authentication/requirements`;
    expect((await beta.api(path).get()).perUserMfaState).toBe('enforced');
    const onV1 = await failure(graph.api(path).get());
    expect(onV1?.statusCode).toBe(400);
    expect(onV1?.message).toBe("Resource not found for the segment 'requirements'.");
    await beta.api(path).patch({ perUserMfaState: 'disabled' });
    expect((await beta.api(path).get()).perUserMfaState).toBe('disabled');
  });

  it('serves authentication methods, registration details and subscribed SKUs', async () => {
    const whfb = await graph.api(`/users/${DEMO.users.dave.id}/authentication/windowsHelloForBusinessMethods`).get();
    expect(whfb.value).toHaveLength(1);
    const fido = await graph.api(`/users/${DEMO.users.frank.id}/authentication/fido2Methods`).get();
    expect(fido.value[0].model).toBe('YubiKey 5 Series with NFC');
    const methods = await graph.api(`/users/${DEMO.users.dave.id}/authentication/methods`).get();
    expect(methods.value.map((m: { '@odata.type': string }) => m['@odata.type'])).toEqual([
      '#microsoft.graph.passwordAuthenticationMethod',
      '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
      '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    ]);
    const details = await graph
      .api('/reports/authenticationMethods/userRegistrationDetails')
      .filter(`id eq '${DEMO.users.frank.id}'`)
      .get();
    expect(details.value[0].methodsRegistered).toEqual(['fido2']);
    const one = await graph.api(`/reports/authenticationMethods/userRegistrationDetails/${DEMO.users.dave.id}`).get();
    expect(one.isPasswordlessCapable).toBe(true);
    const skus = await graph.api('/subscribedSkus').get();
    const plans = skus.value.flatMap((s: { servicePlans: { servicePlanId: string }[] }) =>
      s.servicePlans.map((p) => p.servicePlanId),
    );
    expect(plans).toContain(SERVICE_PLAN_IDS.entraP1);
    expect(skus.value[0].prepaidUnits.enabled).toBe(25);
  });

  it('routes $batch inner requests through the same handlers, each subject to faults', async () => {
    emu.setFaults(`429=1:retry-after=3@GET:/graph/v1.0/users/${DEMO.users.bob.id}`);
    emu.log.reset();
    const result = await graph.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/${DEMO.users.alice.id}?$select=id,userType` },
        { id: '2', method: 'GET', url: `/users/${DEMO.users.bob.id}` },
        { id: '3', method: 'GET', url: "/servicePrincipals(appId='9b7e3f52-5d1a-4c1e-8f57-2b4a3d6c1e09')" },
        { id: '4', method: 'GET', url: `/devices?$filter=displayName eq 'FILESRV01'&$select=id` },
      ],
    });
    const byId = Object.fromEntries(result.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1'].status).toBe(200);
    expect(byId['1'].body.userType).toBe('Member');
    expect(byId['2'].status).toBe(429);
    expect(byId['2'].headers['Retry-After']).toBe('3');
    expect(byId['3'].status).toBe(404);
    expect(byId['4'].body.value).toEqual([{ id: DEMO.duplicateDeviceId }]);
    const [entry] = emu.log.requests();
    expect(entry!.status).toBe(200);
    expect(entry!.inner!.map((i) => i.status)).toEqual([200, 429, 404, 200]);
    expect(emu.log.writes()).toBe(0);
  });

  it('counts the inner writes of a $batch and refuses more than 20 requests', async () => {
    emu.log.reset();
    await graph.api('/$batch').post({
      requests: [
        { id: 'a', method: 'GET', url: '/policies/identitySecurityDefaultsEnforcementPolicy' },
        {
          id: 'b',
          method: 'PATCH',
          url: '/policies/identitySecurityDefaultsEnforcementPolicy',
          body: { isEnabled: true },
          headers: { 'Content-Type': 'application/json' },
        },
      ],
    });
    expect(emu.log.writes()).toBe(1);
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }));
    const e = await failure(graph.api('/$batch').post({ requests: tooMany }));
    expect(e?.statusCode).toBe(400);
  });
});
