/** The emulator's refusals (issue #12): 401, 403, 404 and hang in the --faults grammar, with real bodies. */
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, parseFaults, type RunningEmulator, startEmulator } from '../../src/emulator';
import { authorizationScope } from '../../src/emulator/arm/common';
import { armAction } from '../../src/emulator/arm/rbac';
import { dispatcher, raw } from './clients';

const VNET = `${DEMO.vnets.prod}?api-version=2026-01-01`;

describe('emulator refusals', () => {
  let emu: RunningEmulator;
  let agent: Agent;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo' });
    agent = dispatcher(emu);
  });
  afterAll(async () => {
    // The emulator first: closing it ends the hung request that the agent would otherwise wait for.
    await emu.close();
    await agent.close();
  });

  it('403 names the action and scope on ARM, and says "Insufficient privileges" on Graph', async () => {
    emu.setFaults('403=1@GET:/virtualNetworks/,403=1@/authentication/requirements');
    const arm = await raw(emu, agent, VNET);
    expect(arm.status).toBe(403);
    expect(arm.body.error.code).toBe('AuthorizationFailed');
    expect(arm.body.error.message).toContain(
      `does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read' over scope '${DEMO.vnets.prod}'`,
    );
    const graph = await raw(emu, agent, `/graph/beta/users/${DEMO.users.carol.id}/authentication/requirements`);
    expect(graph.status).toBe(403);
    expect(graph.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });

  it('404 is ResourceNotFound on ARM and Request_ResourceNotFound on Graph', async () => {
    emu.setFaults('404=1@GET:/networkSecurityGroups/,404=1@GET:/devices');
    const arm = await raw(emu, agent, `${DEMO.nsgs.app}?api-version=2026-01-01`);
    expect(arm.status).toBe(404);
    expect(arm.body.error.code).toBe('ResourceNotFound');
    expect(arm.body.error.message).toContain(
      "The Resource 'Microsoft.Network/networkSecurityGroups/nsg-snet-app' under resource group 'rg-network-prod' was not found",
    );
    const graph = await raw(emu, agent, `/graph/v1.0/devices/${DEMO.duplicateDeviceId}`);
    expect(graph.status).toBe(404);
    expect(graph.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('401 says the token expired, on ARM and Graph', async () => {
    emu.setFaults('401=1');
    const arm = await raw(emu, agent, VNET);
    expect(arm.status).toBe(401);
    expect(arm.body.error.code).toBe('ExpiredAuthenticationToken');
    expect(arm.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const graph = await raw(emu, agent, '/graph/v1.0/organization');
    expect(graph.status).toBe(401);
    expect(graph.body.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
  });

  it('hang accepts the request and never answers, until the client gives up', async () => {
    emu.setFaults('hang=1@GET:/virtualNetworks/');
    emu.log.reset();
    const answer = raw(emu, agent, VNET).then(
      () => 'answered',
      () => 'gave up',
    );
    const winner = await Promise.race([answer, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    expect(winner).toBe('still waiting');
    expect(emu.log.requests().map((r) => r.path)).toEqual([DEMO.vnets.prod]);
    emu.setFaults('');
  });

  it('an exact denial refuses the listings made at a subscription, not the resource groups inside it', async () => {
    // Someone whose roles are all on resource groups: the subscription is in their list, its VMs are not.
    const sub = `/subscriptions/${DEMO.subscriptions.prod}`;
    const denial = `Microsoft.Compute/virtualMachines/read@=${sub}`;
    emu.state.caller.deniedActions.push(denial);
    try {
      const v = 'api-version=2026-04-01';
      const whole = await raw(emu, agent, `${sub}/providers/Microsoft.Compute/virtualMachines?${v}&statusOnly=true`);
      expect(whole.status).toBe(403);
      expect(whole.body.error.message).toContain(`over scope '${sub}/providers/Microsoft.Compute/virtualMachines'`);
      const group = await raw(
        emu,
        agent,
        `${DEMO.resourceGroups.app}/providers/Microsoft.Compute/virtualMachines?${v}`,
      );
      expect(group.status).toBe(200);
      expect(group.body.value.length).toBeGreaterThan(0);
      expect((await raw(emu, agent, `${DEMO.vms.ready}?${v}&$expand=instanceView`)).status).toBe(200);
      const subs = await raw(emu, agent, '/subscriptions?api-version=2022-12-01');
      expect(subs.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(
        DEMO.subscriptions.prod,
      );
    } finally {
      emu.state.caller.deniedActions.splice(emu.state.caller.deniedActions.indexOf(denial), 1);
    }
  });

  it('reads the scope ARM authorizes a request at', () => {
    const sub = `/subscriptions/${DEMO.subscriptions.prod}`;
    expect(authorizationScope(`${sub}/providers/Microsoft.Compute/virtualMachines`)).toBe(sub);
    expect(authorizationScope(`${sub}/resourcegroups`)).toBe(sub);
    expect(authorizationScope(sub)).toBe(sub);
    expect(authorizationScope(`${DEMO.resourceGroups.app}/providers/Microsoft.Compute/virtualMachines`)).toBe(
      DEMO.resourceGroups.app,
    );
    expect(authorizationScope(DEMO.vms.ready)).toBe(DEMO.vms.ready);
  });

  it('parses the new kinds and derives RBAC actions the way ARM does', () => {
    expect(parseFaults('403=1@GET:/virtualNetworks/,hang=1@PUT:/extensions/').map((r) => r.kind)).toEqual([
      '403',
      'hang',
    ]);
    expect(armAction('GET', '/subscriptions')).toBe('Microsoft.Resources/subscriptions/read');
    expect(
      armAction('GET', `/subscriptions/${DEMO.subscriptions.prod}/providers/Microsoft.Compute/virtualMachines`),
    ).toBe('Microsoft.Compute/virtualMachines/read');
    expect(armAction('PUT', `${DEMO.vms.ready}/extensions/AADLoginForWindows`)).toBe(
      'Microsoft.Compute/virtualMachines/extensions/write',
    );
    expect(
      armAction(
        'GET',
        `/subscriptions/${DEMO.subscriptions.prod}/providers/Microsoft.Compute/locations/westeurope/publishers/Microsoft.Azure.ActiveDirectory/artifacttypes/vmextension/types/AADLoginForWindows/versions`,
      ),
    ).toBe('Microsoft.Compute/locations/publishers/artifacttypes/types/versions/read');
    expect(armAction('POST', `${DEMO.nsgs.app}/effectiveRules`)).toBe(
      'Microsoft.Network/networkSecurityGroups/effectiveRules/action',
    );
  });
});
