import type { RoleAssignmentCreateParameters } from '@azure/arm-authorization';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator';
import { armClients } from './clients';

const SUB = DEMO.subscriptions.prod;
const roleId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
/** arm-authorization's path template is `/{scope}/…`: scopes go in without the leading slash (docs/reference/azure-facts.md §1.6). */
const bare = (scope: string) => scope.replace(/^\//, '');

describe('emulator: role assignments through @azure/arm-authorization 9', () => {
  let emu: RunningEmulator;
  let arm: ReturnType<typeof armClients>;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo', pageSize: 2, extensionInstallMs: 0 });
    arm = armClients(emu, SUB);
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.state.caller.deniedActions = [];
    emu.state.principalReplicationDelayMs = 0;
  });

  const loginFor = (
    principalId: string,
    principalType?: 'User' | 'Group' | 'ServicePrincipal',
  ): RoleAssignmentCreateParameters => ({
    roleDefinitionId: roleId(ROLE_IDS.vmUserLogin),
    principalId,
    ...(principalType ? { principalType } : {}),
  });

  it('creates at VM scope (201), repeats idempotently (200), and refuses a duplicate under another name (409)', async () => {
    const scope = DEMO.vms.ready;
    const name = '6f1d6a43-2c0e-4c51-9a0e-1f9b5b1b7c11';
    emu.log.reset();
    const created = await arm.authorization.roleAssignments.create(
      bare(scope),
      name,
      loginFor(DEMO.users.erin.id, 'User'),
    );
    expect(created.scope).toBe(scope);
    expect(created.roleDefinitionId).toBe(roleId(ROLE_IDS.vmUserLogin));
    expect(created.principalType).toBe('User');
    const again = await arm.authorization.roleAssignments.create(
      bare(scope),
      name,
      loginFor(DEMO.users.erin.id, 'User'),
    );
    expect(again.id).toBe(created.id);
    expect(emu.log.requests().map((r) => r.status)).toEqual([201, 200]);
    const duplicate = await arm.authorization.roleAssignments
      .create(bare(scope), '0c4b8d4e-8f57-4f0b-b4e8-3c2a9c3b2d10', loginFor(DEMO.users.erin.id, 'User'))
      .then(
        () => undefined,
        (e: { statusCode?: number; code?: string; message: string }) => e,
      );
    expect(duplicate?.statusCode).toBe(409);
    expect(duplicate?.code).toBe('RoleAssignmentExists');
    expect(duplicate?.message).toBe(
      `The role assignment already exists. The ID of the existing role assignment is ${name.replace(/-/g, '')}.`,
    );
  });

  it('rejects a name that is not a GUID and an unknown role definition with 400', async () => {
    await expect(
      arm.authorization.roleAssignments.create(
        bare(DEMO.resourceGroups.app),
        'not-a-guid',
        loginFor(DEMO.users.bob.id),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidRoleAssignmentId' });
    await expect(
      arm.authorization.roleAssignments.create(bare(DEMO.resourceGroups.app), 'a3f5e0c2-98a1-4d6f-8d43-3a1f0f7c9e21', {
        roleDefinitionId: roleId('00000000-1111-2222-3333-444444444444'),
        principalId: DEMO.users.bob.id,
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'RoleDefinitionDoesNotExist' });
  });

  it('answers PrincipalNotFound for an unknown principal and, during replication, for a new identity without principalType', async () => {
    await expect(
      arm.authorization.roleAssignments.create(
        bare(DEMO.resourceGroups.app),
        'b0e4d0a5-7b39-4e0e-9a3a-5d0f1c2e3f40',
        loginFor('11111111-2222-3333-4444-555555555555'),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    emu.state.principalReplicationDelayMs = 60_000;
    const vm = await arm.compute.virtualMachines.update(
      'rg-data-prod',
      'vm-rhel-db-01',
      { identity: { type: 'SystemAssigned' } },
      { updateIntervalInMs: 5 },
    );
    const principalId = vm.identity!.principalId!;
    const reader = (type?: 'ServicePrincipal'): RoleAssignmentCreateParameters => ({
      roleDefinitionId: roleId(ROLE_IDS.reader),
      principalId,
      ...(type ? { principalType: type } : {}),
    });
    const untyped = arm.authorization.roleAssignments.create(
      bare(DEMO.resourceGroups.app),
      '4a1c2b3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      reader(),
    );
    await expect(untyped).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    const typed = await arm.authorization.roleAssignments.create(
      bare(DEMO.resourceGroups.app),
      '4a1c2b3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      reader('ServicePrincipal'),
    );
    expect(typed.principalType).toBe('ServicePrincipal');
    emu.state.principalReplicationDelayMs = 0;
    const replicated = await arm.authorization.roleAssignments.create(
      bare(DEMO.resourceGroups.data),
      '5b2d3c4e-6f70-4a8b-9cad-1e2f3a4b5c6d',
      reader(),
    );
    expect(replicated.principalType).toBe('ServicePrincipal');
  });

  it('refuses a management-group scope for a login role with 400', async () => {
    await expect(
      arm.authorization.roleAssignments.create(
        'providers/Microsoft.Management/managementGroups/mg-contoso',
        'c7d8e9f0-a1b2-4c3d-9e4f-5a6b7c8d9e0f',
        loginFor(DEMO.groups.vmUsers.id, 'Group'),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidRoleAssignmentScope' });
  });

  it('answers 403 AuthorizationFailed in the real message shape when the caller lacks roleAssignments/write', async () => {
    emu.state.caller.deniedActions = ['Microsoft.Authorization/roleAssignments/write'];
    const error = await arm.authorization.roleAssignments
      .create(
        bare(DEMO.resourceGroups.app),
        'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
        loginFor(DEMO.users.bob.id, 'User'),
      )
      .then(
        () => undefined,
        (e: { statusCode?: number; code?: string; message: string }) => e,
      );
    expect(error?.statusCode).toBe(403);
    expect(error?.code).toBe('AuthorizationFailed');
    expect(error?.message).toBe(
      `The client 'admin@contoso.com' with object id '${DEMO.users.admin.id}' does not have authorization to perform ` +
        `action 'Microsoft.Authorization/roleAssignments/write' over scope '${DEMO.resourceGroups.app}' or the scope is ` +
        'invalid. If access was recently granted, please refresh your credentials.',
    );
  });

  it('lists with atScope() (at or above) and principalId eq (at, above or below), paged', async () => {
    const atScope: string[] = [];
    for await (const a of arm.authorization.roleAssignments.listForScope(bare(DEMO.resourceGroups.app), {
      filter: 'atScope()',
    })) {
      atScope.push(a.scope!);
    }
    expect(atScope.every((s) => DEMO.resourceGroups.app.startsWith(s))).toBe(true);
    expect(atScope).toContain(`/subscriptions/${SUB}`);
    expect(atScope).toContain(DEMO.resourceGroups.app);
    const forErin: string[] = [];
    for await (const a of arm.authorization.roleAssignments.listForScope(bare(`/subscriptions/${SUB}`), {
      filter: `principalId eq '${DEMO.users.erin.id}'`,
    })) {
      forErin.push(`${a.scope}|${a.roleDefinitionId!.split('/').at(-1)}`);
    }
    expect(forErin.sort()).toEqual(
      [`/subscriptions/${SUB}|${ROLE_IDS.owner}`, `${DEMO.vms.ready}|${ROLE_IDS.vmUserLogin}`].sort(),
    );
    const pages = emu.log.requests().filter((r) => r.path.endsWith('/roleAssignments') && r.query.includes('atScope'));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('reads built-in role definitions by id', async () => {
    const def = await arm.authorization.roleDefinitions.get(
      bare(`/subscriptions/${SUB}`),
      ROLE_IDS.vmAdministratorLogin,
    );
    expect(def.roleName).toBe('Virtual Machine Administrator Login');
    expect(def.permissions![0]!.dataActions).toContain('Microsoft.Compute/virtualMachines/login/action');
  });
});

describe('emulator: network reads through @azure/arm-network 39', () => {
  let emu: RunningEmulator;
  let arm: ReturnType<typeof armClients>;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo' });
    arm = armClients(emu, SUB);
  });
  afterAll(() => emu.close());

  it('serves NICs with subnet and private IP, NSGs with default rules, VNets with peerings, and Bastion hosts', async () => {
    const nic = await arm.network.networkInterfaces.get('rg-data-prod', 'vm-data-02-nic');
    expect(nic.ipConfigurations![0]!.subnet!.id).toBe(`${DEMO.vnets.prod}/subnets/snet-data`);
    const vnet = await arm.network.virtualNetworks.get('rg-network-prod', 'vnet-prod-weu');
    expect(vnet.subnets!.find((s) => s.name === 'snet-data')!.networkSecurityGroup!.id).toBe(DEMO.nsgs.restricted);
    expect(vnet.virtualNetworkPeerings![0]!.remoteVirtualNetwork!.id).toBe(DEMO.vnets.dev);
    expect(vnet.virtualNetworkPeerings![0]!.peeringState).toBe('Connected');
    const nsg = await arm.network.networkSecurityGroups.get('rg-data-prod', 'nsg-restricted-egress');
    expect(nsg.securityRules!.map((r) => [r.name, r.access, r.priority])).toEqual([
      ['Deny-Internet-HTTPS-Out', 'Deny', 200],
    ]);
    expect(nsg.defaultSecurityRules!.find((r) => r.name === 'AllowInternetOutBound')!.priority).toBe(65001);
    const bastions = [];
    for await (const b of arm.network.bastionHosts.list()) bastions.push(b);
    expect(bastions.map((b) => [b.id, b.sku!.name, b.enableTunneling])).toEqual([[DEMO.bastion, 'Basic', false]]);
    expect(bastions[0]!.ipConfigurations![0]!.subnet!.id).toBe(`${DEMO.vnets.prod}/subnets/AzureBastionSubnet`);
    const inRg = [];
    for await (const b of arm.network.bastionHosts.listByResourceGroup('rg-network-prod')) inRg.push(b.name);
    expect(inRg).toEqual(['bas-prod-weu']);
  });
});
