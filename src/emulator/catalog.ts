/**
 * Fixed data the real services know without a tenant: OS images, built-in roles, first-party apps,
 * published extension versions.
 */
import { APP_IDS, ROLE_IDS } from '../core/well-known-ids';

export interface OsImage {
  osType: 'Windows' | 'Linux';
  image: { publisher: string; offer: string; sku: string; version: string };
  osName: string;
  osVersion: string;
}

/** OS keys used by scenarios. Builds are real GA builds of each release. */
export const OS_IMAGES = {
  ws2025: {
    osType: 'Windows',
    image: {
      publisher: 'MicrosoftWindowsServer',
      offer: 'WindowsServer',
      sku: '2025-datacenter-g2',
      version: 'latest',
    },
    osName: 'Windows Server 2025 Datacenter',
    osVersion: '10.0.26100.2894',
  },
  ws2022: {
    osType: 'Windows',
    image: {
      publisher: 'MicrosoftWindowsServer',
      offer: 'WindowsServer',
      sku: '2022-datacenter-g2',
      version: 'latest',
    },
    osName: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348.2762',
  },
  ws2019: {
    osType: 'Windows',
    image: {
      publisher: 'MicrosoftWindowsServer',
      offer: 'WindowsServer',
      sku: '2019-datacenter-gensecond',
      version: 'latest',
    },
    osName: 'Windows Server 2019 Datacenter',
    osVersion: '10.0.17763.6414',
  },
  ws2016: {
    osType: 'Windows',
    image: {
      publisher: 'MicrosoftWindowsServer',
      offer: 'WindowsServer',
      sku: '2016-datacenter-gensecond',
      version: 'latest',
    },
    osName: 'Windows Server 2016 Datacenter',
    osVersion: '10.0.14393.7428',
  },
  win11: {
    osType: 'Windows',
    image: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-23h2-ent', version: 'latest' },
    osName: 'Windows 11 Enterprise',
    osVersion: '10.0.22631.4460',
  },
  ubuntu2204: {
    osType: 'Linux',
    image: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
    osName: 'ubuntu',
    osVersion: '22.04',
  },
  rhel9: {
    osType: 'Linux',
    image: { publisher: 'RedHat', offer: 'RHEL', sku: '9-lvm-gen2', version: 'latest' },
    osName: 'redhat',
    osVersion: '9.4',
  },
} as const satisfies Record<string, OsImage>;

export type OsKey = keyof typeof OS_IMAGES;
export const OS_KEYS = Object.keys(OS_IMAGES) as [OsKey, ...OsKey[]];

/** Windows builds below this do not support the AADLoginForWindows extension (exit code 51). */
export const MIN_WINDOWS_BUILD = 17763;

export function windowsBuild(osVersion: string): number {
  return Number(osVersion.split('.')[2] ?? 0);
}

export interface RoleDefinition {
  guid: string;
  roleName: string;
  description: string;
  actions: string[];
  dataActions: string[];
}

export const ROLE_DEFINITIONS: RoleDefinition[] = [
  {
    guid: ROLE_IDS.owner,
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    actions: ['*'],
    dataActions: [],
  },
  {
    guid: ROLE_IDS.contributor,
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    actions: ['*'],
    dataActions: [],
  },
  {
    guid: ROLE_IDS.reader,
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    actions: ['*/read'],
    dataActions: [],
  },
  {
    guid: ROLE_IDS.vmAdministratorLogin,
    roleName: 'Virtual Machine Administrator Login',
    description: 'View Virtual Machines in the portal and login as administrator',
    actions: ['Microsoft.Network/publicIPAddresses/read', 'Microsoft.Compute/virtualMachines/*/read'],
    dataActions: [
      'Microsoft.Compute/virtualMachines/login/action',
      'Microsoft.Compute/virtualMachines/loginAsAdmin/action',
    ],
  },
  {
    guid: ROLE_IDS.vmUserLogin,
    roleName: 'Virtual Machine User Login',
    description: 'View Virtual Machines in the portal and login as a regular user.',
    actions: ['Microsoft.Network/publicIPAddresses/read', 'Microsoft.Compute/virtualMachines/*/read'],
    dataActions: ['Microsoft.Compute/virtualMachines/login/action'],
  },
  {
    guid: ROLE_IDS.vmLocalUserLogin,
    roleName: 'Virtual Machine Local User Login',
    description: 'View Virtual Machines in the portal and login as a local user configured on the arc server',
    actions: ['Microsoft.HybridCompute/machines/*/read'],
    dataActions: ['Microsoft.HybridCompute/machines/login/action'],
  },
  {
    guid: ROLE_IDS.virtualMachineContributor,
    roleName: 'Virtual Machine Contributor',
    description:
      'Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions.',
    actions: ['Microsoft.Compute/virtualMachines/*'],
    dataActions: [],
  },
  {
    guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    actions: ['*/read', 'Microsoft.Authorization/*'],
    dataActions: [],
  },
  {
    guid: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    roleName: 'Role Based Access Control Administrator',
    description: 'Manage access to Azure resources by assigning roles using Azure RBAC.',
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
    ],
    dataActions: [],
  },
  {
    guid: '66f75aeb-eabe-4b70-9f1e-c350c4c9ad04',
    roleName: 'Virtual Machine Data Access Administrator (preview)',
    description:
      'Manage access to Virtual Machines by adding or removing role assignments for the Virtual Machine Administrator Login and Virtual Machine User Login roles.',
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete'],
    dataActions: [],
  },
];

export function findRole(guid: string): RoleDefinition | undefined {
  const g = guid.toLowerCase();
  return ROLE_DEFINITIONS.find((r) => r.guid === g);
}

/** First-party apps a tenant can instantiate with `POST /servicePrincipals {appId}`. */
export const FIRST_PARTY_APPS: Record<string, string> = {
  [APP_IDS.windowsVmSignIn]: 'Azure Windows VM Sign-In',
  [APP_IDS.linuxVmSignIn]: 'Azure Linux VM Sign-In',
  [APP_IDS.microsoftRemoteDesktop]: 'Microsoft Remote Desktop',
  [APP_IDS.windowsCloudLogin]: 'Windows Cloud Login',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013': 'Windows Azure Service Management API',
};

/** Published handler versions per extension type, oldest first. */
export const EXTENSION_VERSIONS: Record<string, string[]> = {
  aadloginforwindows: ['0.3.1.0', '1.0.0.0', '1.0.0.1', '1.0.1.0', '2.0.0.0', '2.1.0.0', '2.2.0.0'],
  aadsshloginforlinux: ['1.0.0.0', '1.0.1385.1', '1.0.2385.1', '1.0.2974.1'],
};
