/**
 * The `why-no-mfa-<cause>` family: one small tenant per known reason a user who can already sign in to a VM with
 * Entra ID is not prompted for MFA. Each has the user's identity, extension and login role in place (like the
 * admin who wrote "we installed the extension, users sign in, but the Conditional Access policy does not prompt"),
 * an Entra ID P1 licence, a break-glass account, and exactly one cause. `WHY_NO_MFA` names the objects tests use.
 */
import { APP_IDS, AZURE_MANAGEMENT_APP_ID, ROLE_IDS } from '../../core/well-known-ids';
import { entraP1Sku } from './build';
import type { WhyNoMfaCause } from './names';
import type { ScenarioInput } from './schema';

export { WHY_NO_MFA_CAUSES, type WhyNoMfaCause } from './names';

const TENANT = '5f0e9c1a-7b2d-4c3e-8f4a-9b6c1d2e3f40';
const SUB = 'a3c4e5f6-1b2c-4d3e-9f4a-5b6c7d8e9f01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-app`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-app-01`;
const BASTION = `${RG}/providers/Microsoft.Network/bastionHosts/bas-app`;

const U = {
  admin: 'c1d2e3f4-0a1b-4c2d-8e3f-4a5b6c7d8e01',
  sam: 'c1d2e3f4-0a1b-4c2d-8e3f-4a5b6c7d8e02',
  breakGlass: 'c1d2e3f4-0a1b-4c2d-8e3f-4a5b6c7d8e03',
};
const G = {
  vmUsers: 'd1e2f3a4-1b2c-4d3e-8f4a-5b6c7d8e9f01',
  vmAdmins: 'd1e2f3a4-1b2c-4d3e-8f4a-5b6c7d8e9f02',
  contractors: 'd1e2f3a4-1b2c-4d3e-8f4a-5b6c7d8e9f03',
};
const POLICY_ID = 'e1f2a3b4-2c3d-4e5f-9a0b-1c2d3e4f5a60';
const MANAGEMENT_POLICY_ID = 'e1f2a3b4-2c3d-4e5f-9a0b-1c2d3e4f5a61';

export const WHY_NO_MFA = {
  tenantId: TENANT,
  vm: VM,
  vmName: 'vm-app-01',
  computerName: 'vm-app-01',
  bastion: BASTION,
  policyId: POLICY_ID,
  policyName: 'Require MFA for VM sign-in',
  managementPolicyName: 'Require MFA for Azure management',
  users: {
    admin: { id: U.admin, upn: 'admin@northwind.example' },
    sam: { id: U.sam, upn: 'sam@northwind.example' },
    breakGlass: { id: U.breakGlass, upn: 'breakglass@northwind.example' },
  },
  groups: { vmUsers: G.vmUsers, vmAdmins: G.vmAdmins, contractors: G.contractors },
} as const;

const VM_APPS = [APP_IDS.windowsVmSignIn, APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin];

interface PolicyShape {
  state?: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  apps?: string[];
  includeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  clientAppTypes?: string[];
}

function policy(id: string, name: string, p: PolicyShape): Record<string, unknown> {
  return {
    id,
    displayName: name,
    state: p.state ?? 'enabled',
    createdDateTime: '2026-10-01T08:00:00.0000000Z',
    modifiedDateTime: '2026-10-20T08:00:00.0000000Z',
    conditions: {
      clientAppTypes: p.clientAppTypes ?? ['all'],
      applications: { includeApplications: p.apps ?? VM_APPS, excludeApplications: [], includeUserActions: [] },
      users: {
        includeUsers: p.includeUsers ?? [],
        excludeUsers: [U.breakGlass],
        includeGroups: p.includeGroups ?? [G.vmUsers],
        excludeGroups: p.excludeGroups ?? [],
        includeRoles: [],
        excludeRoles: [],
      },
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [] },
    sessionControls: null,
  };
}

const vmPolicy = (p: PolicyShape = {}) => policy(POLICY_ID, WHY_NO_MFA.policyName, p);

/** Reader on the VM, its NIC and the Bastion host: what Bastion checks before it connects. */
function bastionReaders(): NonNullable<ScenarioInput['roleAssignments']> {
  const nic = `${RG}/providers/Microsoft.Network/networkInterfaces/vm-app-01-nic`;
  return [VM, nic, BASTION].map((scope, i) => ({
    name: `f1a2b3c4-3d4e-4f5a-8b6c-7d8e9f0a1b2${i}`,
    scope,
    roleDefinitionGuid: ROLE_IDS.reader,
    principalId: U.sam,
    principalType: 'User' as const,
  }));
}

function base(cause: WhyNoMfaCause): ScenarioInput {
  return {
    name: `why-no-mfa-${cause}`,
    tenant: { id: TENANT, displayName: 'Northwind', defaultDomain: 'northwind.example' },
    caller: { objectId: U.admin, userPrincipalName: WHY_NO_MFA.users.admin.upn },
    subscriptions: [{ id: SUB, displayName: 'Northwind Apps' }],
    vnets: [
      {
        id: VNET,
        location: 'westeurope',
        addressPrefix: '10.20.0.0/16',
        subnets: [
          { name: 'default', addressPrefix: '10.20.1.0/24' },
          { name: 'AzureBastionSubnet', addressPrefix: '10.20.250.0/26' },
        ],
      },
    ],
    bastions: [],
    vms: [
      {
        subscriptionId: SUB,
        resourceGroup: 'rg-app',
        name: 'vm-app-01',
        location: 'westeurope',
        os: 'ws2022',
        identity: 'SystemAssigned',
        subnetId: `${VNET}/subnets/default`,
        extensions: [{ type: 'AADLoginForWindows', typeHandlerVersion: '2.0', outcome: 'succeeded' }],
      },
    ],
    roleAssignments: [
      {
        name: 'f1a2b3c4-3d4e-4f5a-8b6c-7d8e9f0a1b01',
        scope: `/subscriptions/${SUB}`,
        roleDefinitionGuid: ROLE_IDS.owner,
        principalId: U.admin,
        principalType: 'User',
      },
      {
        name: 'f1a2b3c4-3d4e-4f5a-8b6c-7d8e9f0a1b02',
        scope: VM,
        roleDefinitionGuid: ROLE_IDS.vmUserLogin,
        principalId: G.vmUsers,
        principalType: 'Group',
      },
    ],
    users: [
      {
        id: U.admin,
        userPrincipalName: WHY_NO_MFA.users.admin.upn,
        displayName: 'Northwind Admin',
        roleTemplateIds: ['62e90394-69f5-4237-9190-012177145e10'],
        methods: { microsoftAuthenticator: 1 },
      },
      {
        id: U.sam,
        userPrincipalName: WHY_NO_MFA.users.sam.upn,
        displayName: 'Sam Rivera',
        // Windows Hello for Business (what password RDP can present for MFA) and the Authenticator app.
        methods: { windowsHelloForBusiness: 1, microsoftAuthenticator: 1 },
      },
      {
        id: U.breakGlass,
        userPrincipalName: WHY_NO_MFA.users.breakGlass.upn,
        displayName: 'Break-glass account',
        roleTemplateIds: ['62e90394-69f5-4237-9190-012177145e10'],
        methods: { fido2: 1 },
      },
    ],
    groups: [
      { id: G.vmUsers, displayName: 'vm-users', members: [U.sam] },
      { id: G.vmAdmins, displayName: 'vm-admins', members: [U.admin] },
      { id: G.contractors, displayName: 'contractors', members: [] },
    ],
    devices: [],
    servicePrincipals: [
      {
        id: 'b1c2d3e4-4e5f-4a6b-8c7d-8e9f0a1b2c01',
        appId: APP_IDS.windowsVmSignIn,
        displayName: 'Azure Windows VM Sign-In',
      },
      {
        id: 'b1c2d3e4-4e5f-4a6b-8c7d-8e9f0a1b2c02',
        appId: APP_IDS.linuxVmSignIn,
        displayName: 'Azure Linux VM Sign-In',
      },
      {
        id: 'b1c2d3e4-4e5f-4a6b-8c7d-8e9f0a1b2c03',
        appId: APP_IDS.microsoftRemoteDesktop,
        displayName: 'Microsoft Remote Desktop',
      },
      {
        id: 'b1c2d3e4-4e5f-4a6b-8c7d-8e9f0a1b2c04',
        appId: APP_IDS.windowsCloudLogin,
        displayName: 'Windows Cloud Login',
      },
      {
        id: 'b1c2d3e4-4e5f-4a6b-8c7d-8e9f0a1b2c05',
        appId: AZURE_MANAGEMENT_APP_ID,
        displayName: 'Windows Azure Service Management API',
      },
    ],
    caPolicies: [vmPolicy()],
    securityDefaultsEnabled: false,
    skus: [entraP1Sku(25, 3)],
  };
}

/** The tenant for one cause: the common base with that one thing wrong. */
export function whyNoMfaScenario(cause: WhyNoMfaCause): ScenarioInput {
  const s = base(cause);
  switch (cause) {
    case 'report-only':
      s.caPolicies = [vmPolicy({ state: 'enabledForReportingButNotEnforced' })];
      break;
    case 'policy-disabled':
      s.caPolicies = [vmPolicy({ state: 'disabled' })];
      break;
    case 'web-account-app':
      // Built for password RDP: the web-account flow signs in to Microsoft Remote Desktop / Windows Cloud Login.
      s.caPolicies = [vmPolicy({ apps: [APP_IDS.windowsVmSignIn] })];
      break;
    case 'management-app':
      // "MFA for Azure" on the portal and CLI app: RDP with Entra credentials never signs in to it.
      s.caPolicies = [vmPolicy({ apps: [AZURE_MANAGEMENT_APP_ID] })];
      break;
    case 'user-excluded':
      s.groups = s.groups!.map((g) => (g.id === G.contractors ? { ...g, members: [U.sam] } : g));
      s.caPolicies = [vmPolicy({ includeUsers: ['All'], includeGroups: [], excludeGroups: [G.contractors] })];
      break;
    case 'user-not-included':
      s.caPolicies = [vmPolicy({ includeGroups: [G.vmAdmins] })];
      break;
    case 'client-app-types':
      s.caPolicies = [vmPolicy({ clientAppTypes: ['browser'] })];
      break;
    case 'security-defaults':
      // Graph refuses a policy on while security defaults are on: the tenant has none yet.
      s.securityDefaultsEnabled = true;
      s.caPolicies = [];
      break;
    case 'per-user-mfa':
      s.users = s.users.map((u) => (u.id === U.sam ? { ...u, perUserMfaState: 'enforced' as const } : u));
      break;
    case 'service-principal-missing':
      // Without its service principal the admin could not pick Azure Windows VM Sign-In in the policy.
      s.servicePrincipals = s.servicePrincipals!.filter((sp) => sp.appId !== APP_IDS.windowsVmSignIn);
      s.caPolicies = [vmPolicy({ apps: [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin] })];
      break;
    case 'mfa-in-token-whfb':
      // The policy is right; the client PC (given with --dsregcmd) was unlocked with Windows Hello for Business.
      s.signIns = [
        {
          userId: U.sam,
          appId: APP_IDS.microsoftRemoteDesktop,
          minutesAgo: 90,
          authenticationRequirement: 'multiFactorAuthentication',
          methods: [
            { method: 'Windows Hello for Business', succeeded: true },
            {
              method: 'Previously satisfied',
              succeeded: true,
              detail: 'MFA requirement satisfied by claim in the token',
            },
          ],
          policyResults: { [POLICY_ID]: 'success' },
          device: { displayName: 'SAM-LAPTOP', trustType: 'Azure AD joined' },
        },
      ];
      break;
    case 'mfa-in-token-bastion':
      // Bastion in the portal: the browser's Entra session already did MFA at the portal sign-in.
      s.bastions = [{ id: BASTION, location: 'westeurope', sku: 'Basic', vnetId: VNET }];
      s.roleAssignments = [...s.roleAssignments!, ...bastionReaders()];
      s.caPolicies = [
        vmPolicy(),
        policy(MANAGEMENT_POLICY_ID, WHY_NO_MFA.managementPolicyName, {
          apps: [AZURE_MANAGEMENT_APP_ID],
          includeUsers: ['All'],
          includeGroups: [],
        }),
      ];
      break;
    case 'sign-in-frequency':
      // The policy prompts; sam did MFA an hour ago and the sign-ins since reused it.
      s.signIns = [
        {
          userId: U.sam,
          appId: APP_IDS.microsoftRemoteDesktop,
          minutesAgo: 65,
          authenticationRequirement: 'multiFactorAuthentication',
          methods: [
            { method: 'Password', succeeded: true },
            { method: 'Mobile app notification', succeeded: true, detail: 'MFA completed in Azure AD' },
          ],
          policyResults: { [POLICY_ID]: 'success' },
        },
        {
          userId: U.sam,
          appId: APP_IDS.microsoftRemoteDesktop,
          minutesAgo: 5,
          authenticationRequirement: 'multiFactorAuthentication',
          methods: [
            { method: 'Password', succeeded: true },
            {
              method: 'Previously satisfied',
              succeeded: true,
              detail: 'MFA requirement satisfied by claim in the token',
            },
          ],
          policyResults: { [POLICY_ID]: 'success' },
        },
      ];
      break;
  }
  return s;
}
