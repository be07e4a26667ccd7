/** Hand-built facts for the sign-in steps' tests: a small tenant whose parts each test overrides. */
import { APP_IDS, ROLE_IDS } from '../../../src/core/well-known-ids';
import { type AnswersInput, parseAnswers } from '../../../src/plan/answers';
import {
  type AuthMethodFacts,
  type BastionFacts,
  type CaPolicyFacts,
  emptySnapshot,
  type PrincipalFacts,
  type Snapshot,
  type VmFacts,
} from '../../../src/plan/snapshot';
import { user as baseUser } from '../steps-1-3/fixtures';

export const TENANT = '11111111-1111-1111-1111-111111111111';
export const SUB = '22222222-2222-2222-2222-222222222222';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
export const GROUP_VM_USERS = 'g0000000-0000-0000-0000-00000000000a';
export const GROUP_OTHER = 'g0000000-0000-0000-0000-00000000000b';

/** An enabled member user: the sign-in checks read `accountEnabled`, which the role tests leave unset. */
export function user(ref: string, id: string, extra: Partial<PrincipalFacts> = {}): PrincipalFacts {
  return baseUser(ref, id, { accountEnabled: true, ...extra });
}

export const alice = user('alice@contoso.com', 'a0000000-0000-0000-0000-000000000001', { memberOf: [GROUP_VM_USERS] });
export const bob = user('bob@contoso.com', 'b0000000-0000-0000-0000-000000000002');
export const breakGlass = user('bg@contoso.com', 'c0000000-0000-0000-0000-000000000003');
export const vmUsersGroup: PrincipalFacts = {
  ref: 'vm-users',
  kind: 'group',
  id: GROUP_VM_USERS,
  displayName: 'vm-users',
  memberOf: [],
  roleTemplateIds: [],
};

export function windowsVm(name = 'vm1', extra: Partial<VmFacts> = {}): VmFacts {
  return {
    id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    resourceGroup: 'rg1',
    subscriptionId: SUB,
    location: 'westeurope',
    osType: 'Windows',
    powerState: 'running',
    computerName: name,
    identity: { type: 'SystemAssigned', principalId: 'mi', userAssignedIds: [] },
    extensions: [
      {
        name: 'AADLoginForWindows',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADLoginForWindows',
        provisioningState: 'Succeeded',
        statuses: [],
        substatuses: [],
      },
    ],
    nicIds: [],
    tags: {},
    ...extra,
  };
}

export function linuxVm(name = 'lx1'): VmFacts {
  return {
    ...windowsVm(name),
    osType: 'Linux',
    extensions: [
      {
        name: 'AADSSHLoginForLinux',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADSSHLoginForLinux',
        provisioningState: 'Succeeded',
        statuses: [],
        substatuses: [],
      },
    ],
  };
}

export function policy(
  id: string,
  extra: {
    state?: CaPolicyFacts['state'];
    apps?: string[];
    excludeApps?: string[];
    users?: NonNullable<CaPolicyFacts['conditions']['users']>;
    clientAppTypes?: string[];
    grant?: CaPolicyFacts['grantControls'];
    name?: string;
    other?: Record<string, unknown>;
  } = {},
): CaPolicyFacts {
  return {
    id,
    displayName: extra.name ?? `policy ${id}`,
    state: extra.state ?? 'enabled',
    conditions: {
      users: extra.users ?? { includeUsers: ['All'] },
      applications: {
        includeApplications: extra.apps ?? [APP_IDS.windowsVmSignIn],
        excludeApplications: extra.excludeApps ?? [],
      },
      clientAppTypes: extra.clientAppTypes ?? ['all'],
      ...extra.other,
    },
    grantControls: extra.grant === undefined ? { operator: 'OR', builtInControls: ['mfa'] } : extra.grant,
  };
}

export const methods = (m: Partial<AuthMethodFacts> = {}): AuthMethodFacts => ({
  windowsHelloForBusiness: 0,
  fido2: 0,
  microsoftAuthenticator: 0,
  methodsRegistered: [],
  ...m,
});

export const WEB_APPS = [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin];
export const ALL_WINDOWS_APPS = [APP_IDS.windowsVmSignIn, ...WEB_APPS];

/** A tenant ready for sign-in: one Windows VM, alice with a login role via her group, P1, no policies. */
export function baseSnapshot(extra: Partial<Snapshot> = {}): Snapshot {
  const vm = windowsVm();
  return {
    ...emptySnapshot('AzureCloud', TENANT),
    vms: [vm],
    licenceP1: true,
    principals: { [alice.ref]: alice, [bob.ref]: bob, [breakGlass.ref]: breakGlass, [vmUsersGroup.ref]: vmUsersGroup },
    roleAssignments: [
      {
        id: 'ra1',
        name: 'ra1',
        scope: RG,
        roleDefinitionGuid: ROLE_IDS.vmUserLogin,
        principalId: GROUP_VM_USERS,
        principalType: 'Group',
      },
    ],
    servicePrincipals: Object.fromEntries(
      Object.values(APP_IDS).map((a) => [a, { id: `sp-${a.slice(0, 8)}`, appId: a, displayName: a }]),
    ),
    perUserMfa: { [alice.id]: 'disabled', [bob.id]: 'disabled' },
    authMethods: {
      [alice.id]: methods({ microsoftAuthenticator: 1 }),
      [bob.id]: methods({ microsoftAuthenticator: 1 }),
    },
    ...extra,
  };
}

export const answers = (input: AnswersInput = {}) => parseAnswers({ users: [alice.ref], ...input });

export const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1`;

/**
 * What a Bastion connection to `vm` needs besides sign-in: a NIC in a VNet with a Standard Bastion (native
 * client on) and Reader for the vm-users group on the resource group, next to its login role.
 */
export function bastionReady(vm: VmFacts, sku: BastionFacts['sku'] = 'Standard'): Partial<Snapshot> {
  const nicId = `${RG}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic`;
  const base = baseSnapshot();
  return {
    vms: [{ ...vm, nicIds: [nicId] }],
    nics: { [nicId]: { id: nicId, subnetId: `${VNET}/subnets/default`, vnetId: VNET } },
    bastions: [
      {
        id: `${RG}/providers/Microsoft.Network/bastionHosts/bas1`,
        name: 'bas1',
        sku,
        enableTunneling: sku !== 'Basic' && sku !== 'Developer',
        vnetId: VNET,
      },
    ],
    roleAssignments: [
      ...base.roleAssignments,
      {
        id: 'ra-reader',
        name: 'ra-reader',
        scope: RG,
        roleDefinitionGuid: ROLE_IDS.reader,
        principalId: GROUP_VM_USERS,
        principalType: 'Group',
      },
    ],
  };
}
