/**
 * A generated fleet: N VMs over two subscriptions and several resource groups, a seeded mix of Windows and
 * Linux, identities and extension states, plus users and groups. Same N and seed, same tenant.
 */
import { uuidV5 } from '../../core/name-based-uuid';
import { APP_IDS, ROLE_IDS } from '../../core/well-known-ids';
import type { OsKey } from '../catalog';
import { createPrng } from '../prng';
import { entraP1Sku } from './build';
import type { ScenarioInput } from './schema';

export const FLEET = {
  tenantId: 'ca605ef7-e11b-46a9-ae34-531ebad396ff',
  subscriptions: ['d005fb96-b800-48d5-acf6-3f2d0dd5e2fc', '3028894f-a61f-42e4-a3ee-06b4a76c99e4'],
  /** Large estates split across more subscriptions: fleets over `largeFleetVms` VMs use these as well. */
  moreSubscriptions: ['6f1e0b7c-2d4a-4c59-9b3e-8a7d5c2e1f40', 'b2c4d6e8-1a3b-4c5d-8e7f-9a0b1c2d3e4f'],
  largeFleetVms: 10_000,
  admin: { id: 'fb064f5c-e5cb-4f9e-8106-74c0266586ae', upn: 'admin@northwind.com' },
  resourceGroupsPerSubscription: 4,
  users: 40,
  usersGroupId: 'a5eee8f3-1ca8-418d-8c00-62114f9d1313',
} as const;

export interface FleetOptions {
  /**
   * The user group holds Virtual Machine User Login on each VM, one assignment per VM, as where access is
   * granted machine by machine: thousands of VM-scope assignments that every role check must match.
   */
  grantsPerVm?: boolean;
}

/** Names of the per-VM grants: name-based, so that they leave the scenario's random draws as they were. */
const GRANT_NAMESPACE = '2f0e7c1a-5b43-4d8e-9a61-3c7b2e9d4f10';

/** The admin's Owner assignment in each subscription, in `fleetSubscriptions` order. */
const OWNER_ASSIGNMENT_NAMES = [
  '3402c724-caf0-44b9-96e7-017a7181cdad',
  'a15cc22e-7348-489b-96b1-4adc010e6832',
  '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f',
  'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
];

const OS_MIX: readonly OsKey[] = [
  'ws2022',
  'ws2022',
  'ws2022',
  'ws2019',
  'ws2025',
  'win11',
  'ubuntu2204',
  'ubuntu2204',
  'rhel9',
];
const LOCATIONS = ['westeurope', 'northeurope', 'eastus2', 'swedencentral'] as const;

/** The subscriptions a fleet of `vmCount` VMs spreads over: two, or four past `largeFleetVms`. */
export function fleetSubscriptions(vmCount: number): readonly string[] {
  return vmCount > FLEET.largeFleetVms ? [...FLEET.subscriptions, ...FLEET.moreSubscriptions] : FLEET.subscriptions;
}

export function fleetScenario(vmCount: number, seed = 1, options: FleetOptions = {}): ScenarioInput {
  const prng = createPrng(seed ^ 0x5eed);
  const subs = fleetSubscriptions(vmCount);
  const rgs = subs.flatMap((sub, s) =>
    Array.from({ length: FLEET.resourceGroupsPerSubscription }, (_, r) => ({
      sub,
      name: `rg-fleet-${s + 1}-${r + 1}`,
      location: LOCATIONS[(s * FLEET.resourceGroupsPerSubscription + r) % LOCATIONS.length]!,
    })),
  );
  const vnets = rgs.map((rg) => ({
    id: `/subscriptions/${rg.sub}/resourceGroups/${rg.name}/providers/Microsoft.Network/virtualNetworks/vnet-${rg.name}`,
    location: rg.location,
    addressPrefix: '10.0.0.0/16',
    subnets: [{ name: 'default', addressPrefix: '10.0.0.0/20' }],
  }));
  const vms = Array.from({ length: vmCount }, (_, i) => {
    const rgIndex = i % rgs.length;
    const rg = rgs[rgIndex]!;
    const os = prng.pick(OS_MIX);
    const linux = os === 'ubuntu2204' || os === 'rhel9';
    const identityRoll = prng.next();
    const identity = identityRoll < 0.55 ? 'SystemAssigned' : identityRoll < 0.6 ? 'UserAssigned' : 'None';
    const extensionRoll = prng.next();
    const extensions =
      identity === 'SystemAssigned' && extensionRoll < 0.3
        ? [{ type: linux ? 'AADSSHLoginForLinux' : 'AADLoginForWindows', outcome: 'succeeded' }]
        : identity === 'None' && !linux && extensionRoll < 0.05
          ? [{ type: 'AADLoginForWindows', outcome: 'no-identity' }]
          : [];
    const n = String(i + 1).padStart(5, '0');
    return {
      subscriptionId: rg.sub,
      resourceGroup: rg.name,
      name: `${linux ? 'lnx' : 'win'}-${n}`,
      location: rg.location,
      os,
      powerState: prng.next() < 0.07 ? 'deallocated' : 'running',
      identity,
      userAssignedIds:
        identity === 'UserAssigned'
          ? [
              `/subscriptions/${rg.sub}/resourceGroups/${rg.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${rg.name}`,
            ]
          : [],
      subnetId: `${vnets[rgIndex]!.id}/subnets/default`,
      privateIp: `10.0.${(i >> 8) & 15}.${(i % 250) + 4}`,
      extensions,
    };
  });
  const users = Array.from({ length: FLEET.users }, (_, i) => ({
    id: prng.guid(),
    userPrincipalName: `user${String(i + 1).padStart(3, '0')}@northwind.com`,
    displayName: `Northwind User ${i + 1}`,
    methods: { windowsHelloForBusiness: i % 3 === 0 ? 1 : 0, fido2: i % 7 === 0 ? 1 : 0, microsoftAuthenticator: 1 },
  }));
  return {
    name: `fleet-${vmCount}`,
    tenant: { id: FLEET.tenantId, displayName: 'Northwind Traders', defaultDomain: 'northwind.com' },
    caller: { objectId: FLEET.admin.id, userPrincipalName: FLEET.admin.upn },
    subscriptions: subs.map((id, i) => ({ id, displayName: `Northwind Fleet ${i + 1}` })),
    vnets,
    vms,
    roleAssignments: [
      ...subs.map((sub, i) => ({
        name: OWNER_ASSIGNMENT_NAMES[i]!,
        scope: `/subscriptions/${sub}`,
        roleDefinitionGuid: ROLE_IDS.owner,
        principalId: FLEET.admin.id,
        principalType: 'User' as const,
      })),
      ...(options.grantsPerVm
        ? vms.map((vm) => {
            const scope = `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
            return {
              name: uuidV5(scope, GRANT_NAMESPACE),
              scope,
              roleDefinitionGuid: ROLE_IDS.vmUserLogin,
              principalId: FLEET.usersGroupId,
              principalType: 'Group' as const,
            };
          })
        : []),
    ],
    users: [{ id: FLEET.admin.id, userPrincipalName: FLEET.admin.upn, displayName: 'Northwind Admin' }, ...users],
    groups: [
      {
        id: FLEET.usersGroupId,
        displayName: 'fleet-vm-users',
        members: users.slice(0, 30).map((u) => u.id),
      },
      { id: prng.guid(), displayName: 'fleet-vm-admins', members: users.slice(30).map((u) => u.id) },
    ],
    servicePrincipals: [
      { id: prng.guid(), appId: APP_IDS.windowsVmSignIn, displayName: 'Azure Windows VM Sign-In' },
      { id: prng.guid(), appId: APP_IDS.linuxVmSignIn, displayName: 'Azure Linux VM Sign-In' },
    ],
    securityDefaultsEnabled: false,
    skus: [entraP1Sku(100, 41)],
  } as ScenarioInput;
}
