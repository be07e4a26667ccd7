/**
 * The gateway against the emulator over TLS (its per-run CA via ENTRA_VM_LOGIN_CA_FILE): every ARM and Graph
 * operation through the real SDK clients, paging, LROs, 409s, 403s, throttling (top level and inside $batch),
 * and the bearer token on every request (the emulator answers 401 without it).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/azure/clouds';
import { guardCredential } from '../../src/azure/credentials';
import { createGateway } from '../../src/azure/gateway';
import { APP_IDS, EXTENSION, ROLE_IDS } from '../../src/core/well-known-ids';
import { startEmulator } from '../../src/emulator';
import { DEMO } from '../../src/emulator/scenarios/demo';
import { isTransient, retryAfterMs } from '../../src/errors';
import { gatewayOn } from './harness';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const PAGE_SIZE = 3;
let emu: Emulator;
let t: ReturnType<typeof gatewayOn>;

beforeAll(async () => {
  emu = await startEmulator({ scenario: 'demo', pageSize: PAGE_SIZE, extensionInstallMs: 20 });
  t = gatewayOn(emu);
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(() => {
  emu.setFaults('');
  emu.log.reset();
  t.sleeps.length = 0;
});

const key = (id: string) => id.toLowerCase();
const stateVm = (id: string) => emu.state.vms.get(key(id))!;

describe('ARM over TLS', () => {
  it('lists subscriptions', async () => {
    const subs = await t.gateway.arm.listSubscriptions();
    expect(subs.map((s) => s.id).sort()).toEqual(emu.state.subscriptions.map((s) => s.id).sort());
    expect(subs.every((s) => s.tenantId === emu.state.tenantId)).toBe(true);
  });

  it('lists every VM of a subscription across pages, with one statusOnly listing', async () => {
    const sub = DEMO.subscriptions.prod;
    const expected = [...emu.state.vms.values()].filter((v) => v.subscriptionId === sub);
    expect(expected.length).toBeGreaterThan(PAGE_SIZE);
    const vms = await t.gateway.arm.listVms(sub);
    expect(vms.map((v) => v.id).sort()).toEqual(expected.map((v) => v.id).sort());
    const listings = emu.log.requests().filter((r) => /\/virtualMachines$/i.test(r.path));
    expect(listings.length).toBe(Math.ceil(expected.length / PAGE_SIZE));
    expect(listings.every((r) => /statusOnly=true/.test(r.query))).toBe(true);

    const ready = vms.find((v) => v.id.toLowerCase() === key(DEMO.vms.ready))!;
    const model = stateVm(DEMO.vms.ready);
    expect(ready).toMatchObject({
      name: model.name,
      osType: model.osType,
      osName: model.osName,
      osVersion: model.osVersion,
      computerName: model.computerName,
      powerState: model.powerState,
      identity: { type: model.identity.type, principalId: model.identity.principalId },
    });
    expect(ready.nicIds.map(key)).toEqual(model.nicIds.map(key));

    const failed = vms.find((v) => v.id.toLowerCase() === key(DEMO.vms.failed1007))!;
    const ext = failed.extensions.find((e) => e.type === EXTENSION.windowsType)!;
    expect(ext.provisioningState).toBe('Failed');
    expect(ext.statuses.some((s) => s.level === 'Error' && /1007/.test(`${s.code} ${s.message}`))).toBe(true);
  });

  it('reads one VM with its instance view and user-assigned identities', async () => {
    const vm = await t.gateway.arm.getVm(DEMO.vms.dev);
    expect(vm.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(vm.identity.userAssignedIds.map(key)).toEqual([key(DEMO.userAssignedIdentity)]);
    expect(vm.powerState).toBe(stateVm(DEMO.vms.dev).powerState);
  });

  it('enables the system identity and keeps user-assigned identities', async () => {
    const model = stateVm(DEMO.vms.dev);
    model.identity = { type: 'UserAssigned', userAssignedIdentities: { ...model.identity.userAssignedIdentities } };
    const identity = await t.gateway.arm.enableSystemIdentity(DEMO.vms.dev);
    expect(identity.type).toBe('SystemAssigned, UserAssigned');
    expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.userAssignedIds.map(key)).toEqual([key(DEMO.userAssignedIdentity)]);
    expect(stateVm(DEMO.vms.dev).identity.principalId).toBe(identity.principalId);
    expect(emu.log.requests().filter((r) => r.method === 'PATCH').length).toBe(1);
  });

  it('does not write when the system identity is already on', async () => {
    const identity = await t.gateway.arm.enableSystemIdentity(DEMO.vms.ready);
    expect(identity.principalId).toBe(stateVm(DEMO.vms.ready).identity.principalId);
    expect(emu.log.writes()).toBe(0);
  });

  it('installs an extension through the LRO and reports progress', async () => {
    const states: string[] = [];
    const ext = await t.gateway.arm.installExtension(
      DEMO.vms.ready,
      'westeurope',
      {
        name: EXTENSION.windowsType,
        publisher: EXTENSION.publisher,
        type: EXTENSION.windowsType,
        typeHandlerVersion: '2.2',
        autoUpgradeMinorVersion: true,
      },
      (s) => states.push(s),
    );
    expect(ext.provisioningState).toBe('Succeeded');
    expect(ext.type).toBe(EXTENSION.windowsType);
    expect(ext.typeHandlerVersion).toBe('2.2');
    expect(states.at(-1)).toBe('succeeded');
    expect(emu.log.requests().filter((r) => r.method === 'PUT').length).toBe(1);
    // A success is the operation's final resource; the instance view read later agrees with it.
    const {
      statuses: _s,
      substatuses: _ss,
      ...read
    } = (await t.gateway.arm.getExtension(DEMO.vms.ready, EXTENSION.windowsType))!;
    expect(ext).toMatchObject(read);
  });

  it('re-runs an installed extension with a new forceUpdateTag', async () => {
    await t.gateway.arm.enableSystemIdentity(DEMO.vms.rhel);
    const spec = {
      name: EXTENSION.linuxType,
      publisher: EXTENSION.publisher,
      type: EXTENSION.linuxType,
      typeHandlerVersion: '1.0',
      autoUpgradeMinorVersion: true,
    };
    expect((await t.gateway.arm.installExtension(DEMO.vms.rhel, 'westeurope', spec)).provisioningState).toBe(
      'Succeeded',
    );
    const again = await t.gateway.arm.installExtension(DEMO.vms.rhel, 'westeurope', {
      ...spec,
      forceUpdateTag: 'run-2',
    });
    expect(again.provisioningState).toBe('Succeeded');
    expect(emu.log.requests().filter((r) => r.method === 'PUT' && /\/extensions\//.test(r.path)).length).toBe(2);
  });

  it('resolves a failed install with provisioningState Failed and the 1007 status', async () => {
    const ext = await t.gateway.arm.installExtension(DEMO.vms.noIdentity, 'westeurope', {
      name: EXTENSION.windowsType,
      publisher: EXTENSION.publisher,
      type: EXTENSION.windowsType,
      typeHandlerVersion: '2.2',
      autoUpgradeMinorVersion: true,
    });
    expect(ext.provisioningState).toBe('Failed');
    const error = ext.statuses.find((s) => s.level === 'Error');
    expect(`${error?.code} ${error?.message}`).toMatch(/1007/);
    expect(`${error?.code} ${error?.message}`).toMatch(/-2145648574/);
  });

  it('throws (does not resolve) when the install is refused before it starts', async () => {
    const error = await t.gateway.arm
      .installExtension(DEMO.vms.deallocated, 'westeurope', {
        name: EXTENSION.windowsType,
        publisher: EXTENSION.publisher,
        type: EXTENSION.windowsType,
        typeHandlerVersion: '2.2',
        autoUpgradeMinorVersion: true,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', details: { status: 409, operation: 'vm.extension.write' } });
  });

  it('returns undefined for an extension that is not there', async () => {
    expect(await t.gateway.arm.getExtension(DEMO.vms.ubuntu, 'AADSSHLoginForLinux')).toBeUndefined();
  });

  it('picks the latest published extension version as major.minor', async () => {
    const sub = DEMO.subscriptions.prod;
    expect(
      await t.gateway.arm.latestExtensionVersion(sub, 'westeurope', EXTENSION.publisher, EXTENSION.windowsType),
    ).toBe('2.2');
    expect(
      await t.gateway.arm.latestExtensionVersion(sub, 'westeurope', EXTENSION.publisher, EXTENSION.linuxType),
    ).toBe('1.0');
  });

  it('lists role assignments at and above a scope, and for a principal', async () => {
    const scope = `/subscriptions/${DEMO.subscriptions.prod}`;
    const atScope = await t.gateway.arm.listRoleAssignments(DEMO.vms.ready);
    const expected = emu.state.roleAssignments.filter((a) => key(DEMO.vms.ready).startsWith(key(a.scope)));
    expect(atScope.map((a) => a.name).sort()).toEqual(expected.map((a) => a.name).sort());
    const erin = await t.gateway.arm.listRoleAssignments(scope, DEMO.users.erin.id);
    expect(erin.length).toBeGreaterThan(0);
    expect(erin.every((a) => a.principalId === DEMO.users.erin.id)).toBe(true);
    expect(erin.some((a) => a.roleDefinitionGuid === ROLE_IDS.owner && key(a.scope) === key(scope))).toBe(true);
  });

  it('creates a role assignment, then resolves created:false on 409 RoleAssignmentExists', async () => {
    const input = {
      scope: DEMO.vms.ready,
      name: '3f2b6c1e-8a4d-5b7e-9c0f-1a2b3c4d5e6f',
      roleDefinitionGuid: ROLE_IDS.vmUserLogin,
      principalId: DEMO.users.alice.id,
      principalType: 'User' as const,
    };
    const first = await t.gateway.arm.createRoleAssignment(input);
    expect(first.created).toBe(true);
    expect(first.assignment).toMatchObject({
      name: input.name,
      roleDefinitionGuid: ROLE_IDS.vmUserLogin,
      principalId: DEMO.users.alice.id,
    });
    const again = await t.gateway.arm.createRoleAssignment({ ...input, name: '5d1c0e2a-7b3f-5e8d-a1c2-b3d4e5f60718' });
    expect(again.created).toBe(false);
    expect(again.assignment.name).toBe(input.name);
    expect(emu.log.requests().some((r) => r.status === 409)).toBe(true);
  });

  it('classifies PrincipalNotFound as transient, and a retry succeeds once the principal exists', async () => {
    const principalId = '0a0b0c0d-1111-4222-8333-444455556666';
    const input = {
      scope: DEMO.vms.ready,
      name: '6e2d1f3b-8c4a-5f9e-b2d3-c4e5f6071829',
      roleDefinitionGuid: ROLE_IDS.vmAdministratorLogin,
      principalId,
      principalType: 'ServicePrincipal' as const,
    };
    const error = await t.gateway.arm.createRoleAssignment(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'service-unavailable', details: { serviceCode: 'PrincipalNotFound' } });
    expect(isTransient(error)).toBe(true);
    emu.state.servicePrincipals.set(key(principalId), {
      id: principalId,
      appId: '9d8c7b6a-0000-4000-8000-000000000001',
      displayName: 'vm-new identity',
      servicePrincipalType: 'ManagedIdentity',
      createdAtMs: 0,
    });
    expect((await t.gateway.arm.createRoleAssignment(input)).created).toBe(true);
  });

  it('names the missing role on 403', async () => {
    const caller = emu.state.caller;
    caller.deniedActions = ['Microsoft.Authorization/roleAssignments/write'];
    try {
      const error = await t.gateway.arm
        .createRoleAssignment({
          scope: DEMO.vms.client,
          name: '7f3e2a4c-9d5b-5a0f-83e4-d5f607182930',
          roleDefinitionGuid: ROLE_IDS.vmUserLogin,
          principalId: DEMO.users.bob.id,
          principalType: 'User',
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'forbidden',
        message: `Creating role assignments needs Owner, User Access Administrator or Role Based Access Control Administrator on ${DEMO.vms.client} (AuthorizationFailed)`,
      });
    } finally {
      caller.deniedActions = [];
    }
  });

  it('retries a 429 with Retry-After on a listing and honours the wait', async () => {
    emu.setFaults('429=1:retry-after=3:times=2@GET:/virtualMachines');
    const vms = await t.gateway.arm.listVms(DEMO.subscriptions.prod);
    expect(vms.length).toBe(
      [...emu.state.vms.values()].filter((v) => v.subscriptionId === DEMO.subscriptions.prod).length,
    );
    expect(t.sleeps).toEqual([3000, 3000]);
    expect(emu.log.requests().filter((r) => r.status === 429).length).toBe(2);
  });

  it('retries a dropped connection in the middle of a listing', async () => {
    emu.setFaults('drop=1:times=1@GET:/virtualMachines');
    const first = await t.gateway.arm.listVms(DEMO.subscriptions.prod);
    emu.setFaults('');
    expect(first.map((v) => v.id)).toEqual((await t.gateway.arm.listVms(DEMO.subscriptions.prod)).map((v) => v.id));
    expect(t.sleeps.length).toBe(1);
  });

  it('fails a listing that stays unavailable instead of returning part of it', async () => {
    emu.setFaults('503=1@GET:/virtualMachines');
    const error = await t.gateway.arm.listVms(DEMO.subscriptions.prod).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'service-unavailable' });
  });

  it('reads NICs, NSGs, VNets and Bastion hosts', async () => {
    const nicId = stateVm(DEMO.vms.nsgBlocked).nicIds[0]!;
    const nic = await t.gateway.arm.getNetworkInterface(nicId);
    const nicModel = emu.state.nics.get(key(nicId))!;
    expect(nic.privateIp).toBe(nicModel.privateIp);
    expect(key(nic.subnetId!)).toBe(key(nicModel.subnetId));
    const nsg = await t.gateway.arm.getNetworkSecurityGroup(DEMO.nsgs.restricted);
    const nsgModel = emu.state.nsgs.get(key(DEMO.nsgs.restricted))!;
    expect(nsg.rules.filter((r) => nsgModel.rules.some((m) => m.name === r.name)).length).toBe(nsgModel.rules.length);
    expect(nsg.rules.some((r) => r.name === 'AllowInternetOutBound' && r.priority === 65001)).toBe(true);
    const sub = DEMO.subscriptions.prod;
    const nics = await t.gateway.arm.listNetworkInterfaces!(sub);
    const nicModels = [...emu.state.nics.values()].filter((n) => n.id.split('/')[2] === sub);
    expect(nics.map((n) => key(n.id)).sort()).toEqual(nicModels.map((n) => key(n.id)).sort());
    expect(nics.find((n) => key(n.id) === key(nicId))).toEqual(nic);
    const nsgs = await t.gateway.arm.listNetworkSecurityGroups!(sub);
    const nsgModels = [...emu.state.nsgs.values()].filter((n) => n.id.split('/')[2] === sub);
    expect(nsgs.map((n) => key(n.id)).sort()).toEqual(nsgModels.map((n) => key(n.id)).sort());
    expect(nsgs.find((n) => key(n.id) === key(DEMO.nsgs.restricted))).toEqual(nsg);
    const vnet = await t.gateway.arm.getVirtualNetwork(DEMO.vnets.prod);
    expect(key(vnet.id)).toBe(key(DEMO.vnets.prod));
    const vnetModel = emu.state.vnets.get(key(DEMO.vnets.prod))!;
    expect(vnet.subnets?.map((sn) => sn.id.split('/').pop())).toEqual(vnetModel.subnets.map((sn) => sn.name));
    expect(vnet.subnets?.map((sn) => (sn.nsgId ? key(sn.nsgId) : undefined))).toEqual(
      vnetModel.subnets.map((sn) => (sn.nsgId ? key(sn.nsgId) : undefined)),
    );
    expect(vnetModel.subnets.some((sn) => sn.nsgId)).toBe(true);
    const bastions = await t.gateway.arm.listBastionHosts(DEMO.subscriptions.prod);
    const bastion = bastions.find((b) => key(b.id) === key(DEMO.bastion))!;
    const model = emu.state.bastions.get(key(DEMO.bastion))!;
    expect(bastion).toMatchObject({ sku: model.sku, enableTunneling: model.enableTunneling });
    expect(key(bastion.vnetId)).toBe(key(model.vnetId));
  });
});

describe('Graph over TLS', () => {
  it('reads the tenant', async () => {
    expect(await t.gateway.graph.getTenant()).toEqual({
      id: emu.state.tenantId,
      displayName: emu.state.tenantDisplayName,
    });
  });

  it('resolves UPNs, object ids and group names with transitive groups and roles, in $batch requests', async () => {
    const refs = [
      DEMO.users.alice.upn,
      DEMO.users.bob.id,
      DEMO.groups.vmUsers.name,
      'nobody@contoso.com',
      DEMO.users.guest.upn,
    ];
    const found = await t.gateway.graph.resolvePrincipals(refs);
    expect(found.map((f) => f.ref)).toEqual(refs);
    const [alice, bob, group, nobody, guest] = found;
    expect(alice!.principal).toMatchObject({
      kind: 'user',
      id: DEMO.users.alice.id,
      userPrincipalName: DEMO.users.alice.upn,
    });
    expect(bob!.principal).toMatchObject({ kind: 'user', id: DEMO.users.bob.id });
    expect(group!.principal).toMatchObject({ kind: 'group', id: DEMO.groups.vmUsers.id });
    expect(nobody!.principal).toBeUndefined();
    expect(guest!.principal).toMatchObject({ kind: 'user', userType: 'Guest' });
    const groupsOf = (user: string) =>
      [...emu.state.groups.values()].filter((g) => g.members.includes(user)).map((g) => g.id);
    expect(groupsOf(DEMO.users.alice.id).length).toBeGreaterThan(0);
    expect(alice!.principal!.memberOf).toEqual(groupsOf(DEMO.users.alice.id));
    expect(bob!.principal!.memberOf).toEqual(groupsOf(DEMO.users.bob.id));
    const admin = (await t.gateway.graph.resolvePrincipals([DEMO.users.admin.upn]))[0]!.principal!;
    const adminRoles = emu.state.users.get(key(DEMO.users.admin.id))!.roleTemplateIds;
    expect(adminRoles.length).toBeGreaterThan(0);
    expect(admin.roleTemplateIds).toEqual(adminRoles);
    const batches = emu.log.requests().filter((r) => r.path.endsWith('/$batch'));
    expect(batches.length).toBe(4);
    expect(emu.log.requests().length).toBe(4);
  });

  it('retries a throttled inner $batch request and honours its Retry-After', async () => {
    emu.setFaults('429=1:retry-after=2:times=1@GET:/users/');
    const found = await t.gateway.graph.resolvePrincipals([DEMO.users.alice.upn, DEMO.users.frank.upn]);
    expect(found.map((f) => f.principal?.id)).toEqual([DEMO.users.alice.id, DEMO.users.frank.id]);
    expect(t.sleeps).toEqual([2000]);
    const inner = emu.log.requests().flatMap((r) => r.inner ?? []);
    expect(inner.filter((r) => r.status === 429).length).toBe(1);
  });

  it('retries a dropped $batch connection', async () => {
    emu.setFaults('drop=1:times=1@POST:/$batch');
    const found = await t.gateway.graph.getServicePrincipals([APP_IDS.linuxVmSignIn]);
    expect(found[APP_IDS.linuxVmSignIn]?.appId).toBe(APP_IDS.linuxVmSignIn);
    expect(t.sleeps.length).toBe(1);
  });

  it('finds devices by display name', async () => {
    const out = await t.gateway.graph.findDevicesByName([DEMO.computerNames.duplicateDevice, 'no-such-host']);
    expect(out[DEMO.computerNames.duplicateDevice]!.map((d) => d.id)).toContain(DEMO.duplicateDeviceId);
    expect(out['no-such-host']).toEqual([]);
  });

  it('reads service principals by appId (404 → null) and creates one idempotently', async () => {
    const sps = await t.gateway.graph.getServicePrincipals([APP_IDS.windowsVmSignIn, APP_IDS.linuxVmSignIn]);
    expect(sps[APP_IDS.windowsVmSignIn]).toBeNull();
    expect(sps[APP_IDS.linuxVmSignIn]).toMatchObject({ appId: APP_IDS.linuxVmSignIn });
    const created = await t.gateway.graph.createServicePrincipal(APP_IDS.windowsVmSignIn);
    expect(created.created).toBe(true);
    expect(created.sp.appId).toBe(APP_IDS.windowsVmSignIn);
    const again = await t.gateway.graph.createServicePrincipal(APP_IDS.windowsVmSignIn);
    expect(again).toEqual({ sp: created.sp, created: false });
  });

  it('lists, creates and updates Conditional Access policies', async () => {
    const before = await t.gateway.graph.listCaPolicies();
    expect(before.map((p) => p.id).sort()).toEqual([...emu.state.caPolicies.keys()].sort());
    expect(before.find((p) => p.id === DEMO.reportOnlyPolicyId)?.state).toBe('enabledForReportingButNotEnforced');
    const created = await t.gateway.graph.createCaPolicy({
      displayName: 'entra-vm-login: VM sign-in MFA',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeGroups: [DEMO.groups.vmUsers.id] },
        applications: { includeApplications: [APP_IDS.windowsVmSignIn] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    // Graph refuses a policy on while security defaults are on (the demo has them on).
    await expect(t.gateway.graph.updateCaPolicy(created.id, { state: 'enabled' })).rejects.toThrow(
      /security defaults/i,
    );
    await t.gateway.graph.setSecurityDefaults(false);
    const updated = await t.gateway.graph.updateCaPolicy(created.id, { state: 'enabled' });
    // Security defaults cannot come back while a policy is on: back to report-only, then on again, as the demo starts.
    await expect(t.gateway.graph.setSecurityDefaults(true)).rejects.toThrow(/policies are on/);
    await t.gateway.graph.updateCaPolicy(created.id, { state: 'enabledForReportingButNotEnforced' });
    await t.gateway.graph.setSecurityDefaults(true);
    expect(updated).toMatchObject({ id: created.id, state: 'enabled', displayName: 'entra-vm-login: VM sign-in MFA' });
    for (let i = 0; i < PAGE_SIZE; i++) {
      await t.gateway.graph.createCaPolicy({
        displayName: `entra-vm-login: extra ${i}`,
        state: 'disabled',
        conditions: { users: { includeUsers: ['None'] }, applications: { includeApplications: ['None'] } },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      });
    }
    emu.log.reset();
    const all = await t.gateway.graph.listCaPolicies();
    expect(all.map((p) => p.id).sort()).toEqual([...emu.state.caPolicies.keys()].sort());
    expect(emu.log.requests().length).toBe(Math.ceil(emu.state.caPolicies.size / PAGE_SIZE));
    expect(emu.log.requests().length).toBeGreaterThan(1);
  });

  it('names the missing permission when a CA write is denied', async () => {
    emu.state.caller.deniedGraphWrites = ['conditionalAccess'];
    try {
      const error = await t.gateway.graph
        .updateCaPolicy(DEMO.reportOnlyPolicyId, { state: 'enabled' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'forbidden' });
      expect((error as Error).message).toMatch(
        /^Changing Conditional Access policies needs Policy\.ReadWrite\.ConditionalAccess consent and the Conditional Access Administrator role/,
      );
    } finally {
      emu.state.caller.deniedGraphWrites = [];
    }
  });

  it('reads and sets security defaults', async () => {
    const initial = await t.gateway.graph.getSecurityDefaults();
    expect(initial).toBe(emu.state.securityDefaultsEnabled);
    await t.gateway.graph.setSecurityDefaults(!initial);
    expect(await t.gateway.graph.getSecurityDefaults()).toBe(!initial);
    await t.gateway.graph.setSecurityDefaults(initial);
  });

  it('reads per-user MFA through the beta endpoint and sets it', async () => {
    const users = [DEMO.users.carol.id, DEMO.users.alice.id];
    const states = await t.gateway.graph.getPerUserMfa(users);
    expect(states).toEqual({
      [DEMO.users.carol.id]: 'enforced',
      [DEMO.users.alice.id]: emu.state.users.get(key(DEMO.users.alice.id))!.perUserMfaState,
    });
    expect(emu.log.requests().some((r) => /\/beta\/\$batch$/.test(r.path))).toBe(true);
    await t.gateway.graph.setPerUserMfa(DEMO.users.carol.id, 'disabled');
    expect(emu.state.users.get(key(DEMO.users.carol.id))!.perUserMfaState).toBe('disabled');
    expect(emu.log.requests().some((r) => r.method === 'PATCH' && /\/beta\/users\//.test(r.path))).toBe(true);
  });

  it('counts authentication methods per user', async () => {
    const ids = [DEMO.users.dave.id, DEMO.users.frank.id];
    const methods = await t.gateway.graph.getAuthMethods(ids);
    for (const id of ids) {
      const model = emu.state.users.get(key(id))!.methods;
      expect(methods[id]).toMatchObject(model);
    }
    expect(emu.log.requests().length).toBe(1);
  });

  it('detects an Entra ID P1 licence', async () => {
    const expected = emu.state.skus.some(
      (s) =>
        s.capabilityStatus === 'Enabled' &&
        s.servicePlans.some((p) =>
          ['41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'eec0eb4f-6444-4f95-aba0-50c24d67f998'].includes(p.servicePlanId),
        ),
    );
    expect(await t.gateway.graph.hasEntraP1()).toBe(expected);
  });
});

describe('requests', () => {
  it('counts every request it sends, and none is refused for a missing token', async () => {
    const fresh = gatewayOn(emu);
    await fresh.gateway.arm.listSubscriptions();
    await fresh.gateway.graph.getTenant();
    await fresh.gateway.graph.getPerUserMfa([DEMO.users.alice.id]);
    expect(fresh.gateway.requestCount()).toBe(emu.log.requests().length);
    expect(emu.log.requests().every((r) => r.status !== 401)).toBe(true);
  });

  it('reports 401 as auth-failed when the token is wrong', async () => {
    const wrong = gatewayOn(emu, { ENTRA_VM_LOGIN_TOKEN: 'not-the-emulator-token' });
    await expect(wrong.gateway.arm.listSubscriptions()).rejects.toMatchObject({ code: 'auth-failed' });
    await expect(wrong.gateway.graph.getTenant()).rejects.toMatchObject({ code: 'auth-failed' });
  });

  it('reports a credential failure as auth-required from ARM (classic and modular clients) and Graph', async () => {
    const env = emu.env();
    const cloud = resolveCloud('AzureCloud', env);
    const failing = guardCredential({
      getToken: async () => {
        throw Object.assign(new Error('Azure CLI not found on path'), { name: 'CredentialUnavailableError' });
      },
    });
    const gateway = createGateway({
      cloud,
      credentials: { arm: failing, graph: failing },
      env,
      sdkRetry: { maxRetries: 0 },
    });
    const expected = { code: 'auth-required', message: 'Sign-in is needed to continue: Azure CLI not found on path' };
    await expect(gateway.arm.listSubscriptions()).rejects.toMatchObject(expected);
    await expect(gateway.arm.getVm(DEMO.vms.ready)).rejects.toMatchObject(expected);
    await expect(gateway.graph.getTenant()).rejects.toMatchObject(expected);
    expect(emu.log.requests()).toEqual([]);
  });

  it('says the certificate is untrusted, without retrying, when the CA file is not configured', async () => {
    const untrusted = gatewayOn(emu, { ENTRA_VM_LOGIN_CA_FILE: '' });
    const arm = await untrusted.gateway.arm.listSubscriptions().catch((e: unknown) => e);
    expect(arm).toMatchObject({
      code: 'bad-input',
      hint: 'Set ENTRA_VM_LOGIN_CA_FILE to the PEM file of the CA that issued it',
    });
    expect((arm as Error).message).toMatch(/^The server's certificate is not trusted while listing subscriptions \(/);
    const graph = await untrusted.gateway.graph.getTenant().catch((e: unknown) => e);
    expect(graph).toMatchObject({ code: 'bad-input' });
    expect(untrusted.sleeps).toEqual([]);
  });

  it('logs method, URL and status in debug mode with the token redacted', async () => {
    const debug = gatewayOn(emu, { ENTRA_VM_LOGIN_DEBUG: '1' });
    await debug.gateway.arm.listSubscriptions();
    await debug.gateway.graph.getTenant();
    await debug.gateway.arm.getVm(DEMO.vms.ready);
    await debug.gateway.arm.listRoleAssignments(DEMO.vms.ready);
    // One line per request, paged listings included.
    expect(debug.debug.length).toBe(emu.log.requests().length);
    expect(debug.debug.length).toBeGreaterThanOrEqual(4);
    expect(debug.debug.every((l) => l.includes(' → 200 ') && l.endsWith('authorization: Bearer [redacted]\n'))).toBe(
      true,
    );
    expect(debug.debug[0]).toMatch(
      /^\[entra-vm-login\] GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\?api-version=[\d-]+ → 200 \d+ ms authorization: Bearer \[redacted\]\n$/,
    );
    expect(debug.debug[1]).toMatch(
      / GET https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/organization\?\$select=id,displayName → 200 /,
    );
    expect(debug.debug.join('')).not.toContain(emu.token);
  });

  it('carries Retry-After of a throttled write into the error', async () => {
    emu.setFaults('429=1:retry-after=7:times=1@PUT:/roleAssignments/');
    const error = await t.gateway.arm
      .createRoleAssignment({
        scope: DEMO.vms.rhel,
        name: '8a4f3b5d-0e6c-5b1a-94f5-e6a718293a4b',
        roleDefinitionGuid: ROLE_IDS.vmUserLogin,
        principalId: DEMO.users.bob.id,
        principalType: 'User',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'throttled' });
    expect(retryAfterMs(error)).toBe(7000);
  });
});

describe('plain-http loopback', () => {
  let plain: Emulator;
  beforeAll(async () => {
    plain = await startEmulator({ scenario: 'demo', tls: false });
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('sends the bearer token over http to ARM and Graph', async () => {
    expect(plain.armEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { gateway } = gatewayOn(plain);
    expect((await gateway.arm.listSubscriptions()).length).toBe(plain.state.subscriptions.length);
    expect((await gateway.graph.getTenant()).id).toBe(plain.state.tenantId);
    expect(await gateway.graph.getPerUserMfa([DEMO.users.carol.id])).toEqual({ [DEMO.users.carol.id]: 'enforced' });
    const ext = await gateway.arm.getExtension(DEMO.vms.onboarded, EXTENSION.windowsType);
    expect(ext?.provisioningState).toBe('Succeeded');
    expect(plain.log.requests().every((r) => r.status !== 401)).toBe(true);
  });
});

describe('a fleet', () => {
  let fleet: Emulator;
  beforeAll(async () => {
    fleet = await startEmulator({ vms: 250 });
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('lists hundreds of VMs with list paging only, never one GET per VM', async () => {
    const { gateway } = gatewayOn(fleet);
    for (const sub of fleet.state.subscriptions) {
      fleet.log.reset();
      const expected = [...fleet.state.vms.values()].filter((v) => v.subscriptionId === sub.id).length;
      const vms = await gateway.arm.listVms(sub.id);
      expect(vms.length).toBe(expected);
      expect(new Set(vms.map((v) => v.id)).size).toBe(expected);
      expect(fleet.log.requests().length).toBe(Math.max(1, Math.ceil(expected / 100)));
    }
  });
});
