/** The clean tenant: one subscription, two VMs ready to onboard, every sign-in app present, nothing in the way. */
import { APP_IDS, ROLE_IDS } from '../../core/well-known-ids';
import { entraP1Sku } from './build';
import type { ScenarioInput } from './schema';

const TENANT = '47330ec2-56c7-4f08-9c27-72fc3350a9cf';
const SUB = 'bc21643c-9ae8-44ce-9084-28ddc3f7238c';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-servers`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-servers`;

export const CLEAN = {
  tenantId: TENANT,
  subscriptionId: SUB,
  resourceGroup: RG,
  vms: {
    windows: `${RG}/providers/Microsoft.Compute/virtualMachines/vm-srv-01`,
    linux: `${RG}/providers/Microsoft.Compute/virtualMachines/vm-lnx-01`,
  },
  users: {
    admin: { id: '5bd01035-a64c-4df3-9ccf-c021b22c768c', upn: 'admin@fabrikam.com' },
    user: { id: '0b5824e0-211b-4fff-bdb7-168ea42bb83a', upn: 'sam@fabrikam.com' },
  },
} as const;

export const cleanScenario: ScenarioInput = {
  name: 'clean',
  tenant: { id: TENANT, displayName: 'Fabrikam', defaultDomain: 'fabrikam.com' },
  caller: { objectId: CLEAN.users.admin.id, userPrincipalName: CLEAN.users.admin.upn },
  subscriptions: [{ id: SUB, displayName: 'Fabrikam Servers' }],
  vnets: [
    {
      id: VNET,
      location: 'northeurope',
      addressPrefix: '10.1.0.0/16',
      subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }],
    },
  ],
  vms: [
    {
      subscriptionId: SUB,
      resourceGroup: 'rg-servers',
      name: 'vm-srv-01',
      location: 'northeurope',
      os: 'ws2022',
      identity: 'SystemAssigned',
      subnetId: `${VNET}/subnets/default`,
    },
    {
      subscriptionId: SUB,
      resourceGroup: 'rg-servers',
      name: 'vm-lnx-01',
      location: 'northeurope',
      os: 'ubuntu2204',
      identity: 'SystemAssigned',
      subnetId: `${VNET}/subnets/default`,
    },
  ],
  roleAssignments: [
    {
      name: '8c288ae3-eeeb-4783-8444-51446c07ee72',
      scope: `/subscriptions/${SUB}`,
      roleDefinitionGuid: ROLE_IDS.owner,
      principalId: CLEAN.users.admin.id,
      principalType: 'User',
    },
  ],
  users: [
    {
      id: CLEAN.users.admin.id,
      userPrincipalName: CLEAN.users.admin.upn,
      displayName: 'Fabrikam Admin',
      methods: { microsoftAuthenticator: 1 },
    },
    {
      id: CLEAN.users.user.id,
      userPrincipalName: CLEAN.users.user.upn,
      displayName: 'Sam Patel',
      methods: { windowsHelloForBusiness: 1 },
    },
  ],
  servicePrincipals: [
    {
      id: '0a31438d-fcda-4128-91ac-e558f52a5670',
      appId: APP_IDS.windowsVmSignIn,
      displayName: 'Azure Windows VM Sign-In',
    },
    { id: '51b71651-328f-41a1-a664-d4d5deeaa2d0', appId: APP_IDS.linuxVmSignIn, displayName: 'Azure Linux VM Sign-In' },
    {
      id: 'ecc24ac0-2a62-47ea-b7b0-520c13a9dbb6',
      appId: APP_IDS.microsoftRemoteDesktop,
      displayName: 'Microsoft Remote Desktop',
    },
    {
      id: '5e31a143-7369-4d11-bb01-c95918a96c7e',
      appId: APP_IDS.windowsCloudLogin,
      displayName: 'Windows Cloud Login',
    },
  ],
  securityDefaultsEnabled: false,
  skus: [entraP1Sku(10, 2)],
};
