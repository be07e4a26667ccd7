/**
 * The demo tenant: Contoso, two subscriptions, a dozen VMs that cover every onboarding case the wizard
 * handles, and the directory quirks that make VM sign-in fail in practice. `DEMO` names the notable objects
 * so tests elsewhere never hard-code strings.
 */
import { APP_IDS, ROLE_IDS, SERVICE_PLAN_IDS } from '../../core/well-known-ids';
import type { ScenarioInput } from './schema';

const TENANT = '88dec3d4-7a91-4e62-8ef4-0c608d372a0e';
const SUB_PROD = 'de121c56-b321-4aad-ad61-6938362f4045';
const SUB_DEV = '119bcc1c-636d-4726-bdf2-87cb6bc70e5f';
const RG_APP = `/subscriptions/${SUB_PROD}/resourceGroups/rg-app-prod`;
const RG_DATA = `/subscriptions/${SUB_PROD}/resourceGroups/rg-data-prod`;
const RG_NET = `/subscriptions/${SUB_PROD}/resourceGroups/rg-network-prod`;
const RG_DEV = `/subscriptions/${SUB_DEV}/resourceGroups/rg-dev`;
const RG_ARC = `/subscriptions/${SUB_PROD}/resourceGroups/rg-onprem-arc`;
const VNET_PROD = `${RG_NET}/providers/Microsoft.Network/virtualNetworks/vnet-prod-weu`;
const VNET_DEV = `${RG_DEV}/providers/Microsoft.Network/virtualNetworks/vnet-dev-weu`;
const NSG_APP = `${RG_NET}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app`;
const NSG_RESTRICTED = `${RG_DATA}/providers/Microsoft.Network/networkSecurityGroups/nsg-restricted-egress`;
const SNET_APP = `${VNET_PROD}/subnets/snet-app`;
const SNET_DATA = `${VNET_PROD}/subnets/snet-data`;
const SNET_DEV = `${VNET_DEV}/subnets/snet-dev`;
const UAI = `${RG_DEV}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-dev-deploy`;

const U = {
  admin: 'b452fd2c-dc79-4f13-b412-9cd088953d33',
  alice: '7c638cc7-ae56-4a75-a994-49cbfd3c589d',
  bob: 'baac7989-eab1-4b17-a2b4-7a02bd80ede0',
  carol: '2aba199b-ca2a-4884-8499-7ac2cf5dce25',
  dave: '06769b12-0c46-49d5-946b-53c1a84c80ed',
  erin: 'ceb18a0a-a1f2-4ea0-a825-2952614bffec',
  frank: 'd881700f-1c31-48c6-9bed-202fddf6e707',
  guest: 'd9ec6975-1b7f-4171-a509-d617e31fed49',
  breakGlass1: 'b547a110-40d2-4649-b753-c8382bfae52f',
  breakGlass2: '9fc6bf2f-e359-4021-a943-4621a4469702',
};
const G = { vmAdmins: '48938a6d-abe1-4009-aaf0-090782db050e', vmUsers: 'b827fcbb-8fd8-489a-8ccc-fb3855806406' };
const GLOBAL_ADMIN_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

/** Notable names of the demo tenant. */
export const DEMO = {
  tenantId: TENANT,
  domain: 'contoso.com',
  subscriptions: { prod: SUB_PROD, dev: SUB_DEV },
  resourceGroups: { app: RG_APP, data: RG_DATA, network: RG_NET, dev: RG_DEV },
  vms: {
    /** Server 2022, system identity on, no extension: ready to onboard. */
    ready: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    /** Server 2019 without any identity: needs the identity first. */
    noIdentity: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-app-02`,
    /** Windows 11 client VM. */
    client: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-w11-avd-01`,
    /** Server 2016: unsupported (exit code 51). */
    unsupported: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-legacy-2016`,
    /** Deallocated: extension writes get 409 OperationNotAllowed. */
    deallocated: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-batch-03`,
    ubuntu: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-ubuntu-web-01`,
    rhel: `${RG_DATA}/providers/Microsoft.Compute/virtualMachines/vm-rhel-db-01`,
    /** AADLoginForWindows already Failed with 1007 (no identity at install). */
    failed1007: `${RG_DATA}/providers/Microsoft.Compute/virtualMachines/vm-sql-01`,
    /** Its computerName (FILESRV01) matches an existing Graph device. */
    duplicateDevice: `${RG_DATA}/providers/Microsoft.Compute/virtualMachines/vm-file-01`,
    /** Resource name longer than 15 characters: computerName differs. */
    longName: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-reporting-prod-weu-01`,
    /** Subnet NSG denies outbound 443 to Internet: install fails with -2145648607. */
    nsgBlocked: `${RG_DATA}/providers/Microsoft.Compute/virtualMachines/vm-data-02`,
    /** Already onboarded: extension Succeeded, device exists. */
    onboarded: `${RG_APP}/providers/Microsoft.Compute/virtualMachines/vm-jump-01`,
    /** Dev subscription, system + user-assigned identity. */
    dev: `${RG_DEV}/providers/Microsoft.Compute/virtualMachines/vm-dev-01`,
  },
  /** Azure Arc-enabled servers in the on-premises resource group. */
  arc: {
    /** Ubuntu 22.04, Connected: AADSSHLoginForLinux can be installed, `az ssh arc` signs in with Entra. */
    linux: `${RG_ARC}/providers/Microsoft.HybridCompute/machines/arc-lnx-web-01`,
    /** Windows Server 2022, Connected: Entra sign-in is not offered for Windows Arc machines. */
    windows: `${RG_ARC}/providers/Microsoft.HybridCompute/machines/arc-win-app-01`,
    /** RHEL 9, Disconnected: no extension can be installed until its agent reconnects. */
    disconnected: `${RG_ARC}/providers/Microsoft.HybridCompute/machines/arc-lnx-db-02`,
  },
  computerNames: { duplicateDevice: 'FILESRV01', longName: 'vm-reporting-pr' },
  userAssignedIdentity: UAI,
  nsgs: { app: NSG_APP, restricted: NSG_RESTRICTED },
  vnets: { prod: VNET_PROD, dev: VNET_DEV },
  bastion: `${RG_NET}/providers/Microsoft.Network/bastionHosts/bas-prod-weu`,
  users: {
    /** The signed-in admin (Global Administrator, Owner on both subscriptions). */
    admin: { id: U.admin, upn: 'admin@contoso.com' },
    alice: { id: U.alice, upn: 'alice@contoso.com' },
    bob: { id: U.bob, upn: 'bob@contoso.com' },
    /** Per-user MFA enforced. */
    carol: { id: U.carol, upn: 'carol@contoso.com' },
    /** Windows Hello for Business registered. */
    dave: { id: U.dave, upn: 'dave@contoso.com' },
    /** Owner on the production subscription but no VM login role. */
    erin: { id: U.erin, upn: 'erin@contoso.com' },
    /** FIDO2 security key registered. */
    frank: { id: U.frank, upn: 'frank@contoso.com' },
    guest: { id: U.guest, upn: 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
    breakGlass1: { id: U.breakGlass1, upn: 'breakglass01@contoso.onmicrosoft.com' },
    breakGlass2: { id: U.breakGlass2, upn: 'breakglass02@contoso.onmicrosoft.com' },
  },
  groups: { vmAdmins: { id: G.vmAdmins, name: 'vm-admins' }, vmUsers: { id: G.vmUsers, name: 'vm-users' } },
  /** The report-only CA policy that targets Azure Windows VM Sign-In for vm-users. */
  reportOnlyPolicyId: 'ea7d1623-2892-40b5-839e-e1a07176d5a7',
  /** The Graph device that collides with vm-file-01's hostname. */
  duplicateDeviceId: '2f33a7f5-074a-4a03-8a88-c054b2b3e421',
  /** Azure Windows VM Sign-In has no service principal in this tenant; the Linux one exists. */
  missingServicePrincipalAppId: APP_IDS.windowsVmSignIn,
  /** New service principals are not assignable without principalType for this long (PrincipalNotFound). */
  principalReplicationDelayMs: 10_000,
} as const;

const vm = (
  rg: string,
  name: string,
  os: 'ws2025' | 'ws2022' | 'ws2019' | 'ws2016' | 'win11' | 'ubuntu2204' | 'rhel9',
  extra: Record<string, unknown> = {},
) => {
  const sub = rg.split('/')[2]!;
  return {
    subscriptionId: sub,
    resourceGroup: rg.split('/')[4]!,
    name,
    location: 'westeurope',
    os,
    subnetId: sub === SUB_DEV ? SNET_DEV : SNET_APP,
    ...extra,
  };
};

const assignment = (
  name: string,
  scope: string,
  role: string,
  principalId: string,
  principalType: 'User' | 'Group',
) => ({
  name,
  scope,
  roleDefinitionGuid: role,
  principalId,
  principalType,
});

const PILOT = 'ea7d1623-2892-40b5-839e-e1a07176d5a7';
const LAPTOP = { displayName: 'CONTOSO-LT-042', operatingSystem: 'Windows 11', trustType: 'Azure AD joined' as const };
const MFA_REQUIRED_50076 =
  "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '372140e0-b3b7-4226-8ef9-d57986796201'.";

/**
 * A week of VM sign-ins, newest first: bob uses web-account RDP (Microsoft Remote Desktop, which the pilot does not
 * target) and once password RDP, which the pilot would fail without Windows Hello for Business; carol's per-user MFA
 * makes password RDP fail with 50076; dave signs in with Windows Hello for Business (multi-factor, the pilot would
 * succeed); frank uses a FIDO2 key over web-account RDP; alice is outside the pilot's group; the guest mistypes.
 */
const DEMO_SIGN_INS = [
  {
    userId: U.carol,
    appId: APP_IDS.windowsVmSignIn,
    minutesAgo: 40,
    errorCode: 50076,
    failureReason: MFA_REQUIRED_50076,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    policyResults: { [PILOT]: 'reportOnlyFailure' as const },
  },
  {
    userId: U.carol,
    appId: APP_IDS.windowsVmSignIn,
    minutesAgo: 43,
    errorCode: 50076,
    failureReason: MFA_REQUIRED_50076,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    policyResults: { [PILOT]: 'reportOnlyFailure' as const },
  },
  { userId: U.bob, appId: APP_IDS.microsoftRemoteDesktop, minutesAgo: 95, device: LAPTOP },
  {
    userId: U.dave,
    appId: APP_IDS.windowsVmSignIn,
    minutesAgo: 200,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    methods: [{ method: 'Windows Hello for Business', succeeded: true }],
    device: LAPTOP,
    policyResults: { [PILOT]: 'reportOnlySuccess' as const },
  },
  {
    userId: U.frank,
    appId: APP_IDS.microsoftRemoteDesktop,
    minutesAgo: 310,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    methods: [{ method: 'FIDO2 security key', succeeded: true }],
  },
  { userId: U.alice, appId: APP_IDS.windowsVmSignIn, minutesAgo: 520 },
  {
    userId: U.guest,
    appId: APP_IDS.microsoftRemoteDesktop,
    minutesAgo: 800,
    errorCode: 50126,
    failureReason: 'Error validating credentials due to invalid username or password.',
    methods: [{ method: 'Password', succeeded: false }],
  },
  { userId: U.bob, appId: APP_IDS.microsoftRemoteDesktop, minutesAgo: 1500, device: LAPTOP },
  {
    userId: U.alice,
    appId: APP_IDS.linuxVmSignIn,
    minutesAgo: 2000,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    methods: [
      { method: 'Password', succeeded: true },
      { method: 'Mobile app notification', succeeded: true },
    ],
  },
  {
    userId: U.dave,
    appId: APP_IDS.windowsVmSignIn,
    minutesAgo: 2900,
    authenticationRequirement: 'multiFactorAuthentication' as const,
    methods: [{ method: 'Windows Hello for Business', succeeded: true }],
    device: LAPTOP,
    policyResults: { [PILOT]: 'reportOnlySuccess' as const },
  },
  {
    userId: U.bob,
    appId: APP_IDS.windowsVmSignIn,
    minutesAgo: 4300,
    policyResults: { [PILOT]: 'reportOnlyFailure' as const },
  },
  // Older than the default week: only `--since 30d` sees it.
  { userId: U.bob, appId: APP_IDS.windowsVmSignIn, minutesAgo: 12_000 },
];

const user = (id: string, upn: string, displayName: string, extra: Record<string, unknown> = {}) => ({
  id,
  userPrincipalName: upn,
  displayName,
  ...extra,
});

export const demoScenario: ScenarioInput = {
  name: 'demo',
  tenant: { id: TENANT, displayName: 'Contoso', defaultDomain: 'contoso.com' },
  caller: { objectId: U.admin, userPrincipalName: 'admin@contoso.com' },
  // Identities created during a run stay invisible to role assignments without principalType for 10 s.
  principalReplicationDelayMs: 10_000,
  subscriptions: [
    { id: SUB_PROD, displayName: 'Contoso Production' },
    { id: SUB_DEV, displayName: 'Contoso Development' },
  ],
  vnets: [
    {
      id: VNET_PROD,
      location: 'westeurope',
      addressPrefix: '10.10.0.0/16',
      subnets: [
        { name: 'snet-app', addressPrefix: '10.10.1.0/24', nsgId: NSG_APP },
        { name: 'snet-data', addressPrefix: '10.10.2.0/24', nsgId: NSG_RESTRICTED },
        { name: 'AzureBastionSubnet', addressPrefix: '10.10.250.0/26' },
      ],
      peerings: [{ name: 'peer-prod-to-dev', remoteVnetId: VNET_DEV, state: 'Connected' }],
    },
    {
      id: VNET_DEV,
      location: 'westeurope',
      addressPrefix: '10.20.0.0/16',
      subnets: [{ name: 'snet-dev', addressPrefix: '10.20.1.0/24' }],
      peerings: [{ name: 'peer-dev-to-prod', remoteVnetId: VNET_PROD, state: 'Connected' }],
    },
  ],
  nsgs: [
    {
      id: NSG_APP,
      location: 'westeurope',
      rules: [
        {
          name: 'Allow-RDP-From-Bastion',
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefix: '10.10.250.0/26',
          destinationAddressPrefix: '*',
          destinationPortRange: '3389',
        },
      ],
    },
    {
      id: NSG_RESTRICTED,
      location: 'westeurope',
      rules: [
        {
          name: 'Deny-Internet-HTTPS-Out',
          priority: 200,
          direction: 'Outbound',
          access: 'Deny',
          protocol: 'Tcp',
          destinationAddressPrefix: 'Internet',
          destinationPortRange: '443',
          description: 'Data tier must not reach the internet',
        },
      ],
    },
  ],
  bastions: [
    {
      id: `${RG_NET}/providers/Microsoft.Network/bastionHosts/bas-prod-weu`,
      location: 'westeurope',
      sku: 'Basic',
      enableTunneling: false,
      vnetId: VNET_PROD,
    },
  ],
  vms: [
    vm(RG_APP, 'vm-web-01', 'ws2022', { identity: 'SystemAssigned', privateIp: '10.10.1.4' }),
    vm(RG_APP, 'vm-app-02', 'ws2019', { privateIp: '10.10.1.5' }),
    vm(RG_APP, 'vm-w11-avd-01', 'win11', { identity: 'SystemAssigned', size: 'Standard_D4s_v5' }),
    vm(RG_APP, 'vm-legacy-2016', 'ws2016', { identity: 'SystemAssigned', size: 'Standard_B2ms' }),
    vm(RG_APP, 'vm-batch-03', 'ws2022', { identity: 'SystemAssigned', powerState: 'deallocated' }),
    vm(RG_APP, 'vm-ubuntu-web-01', 'ubuntu2204', { identity: 'SystemAssigned', size: 'Standard_B2s' }),
    vm(RG_DATA, 'vm-rhel-db-01', 'rhel9', { size: 'Standard_E4s_v5' }),
    vm(RG_DATA, 'vm-sql-01', 'ws2022', {
      size: 'Standard_E8s_v5',
      extensions: [{ type: 'AADLoginForWindows', outcome: 'no-identity' }],
    }),
    vm(RG_DATA, 'vm-file-01', 'ws2022', { identity: 'SystemAssigned', computerName: 'FILESRV01' }),
    vm(RG_APP, 'vm-reporting-prod-weu-01', 'ws2022', { identity: 'SystemAssigned' }),
    vm(RG_DATA, 'vm-data-02', 'ws2022', { identity: 'SystemAssigned', subnetId: SNET_DATA }),
    vm(RG_APP, 'vm-jump-01', 'ws2022', {
      identity: 'SystemAssigned',
      extensions: [{ type: 'AADLoginForWindows', typeHandlerVersion: '2.0', outcome: 'succeeded' }],
    }),
    vm(RG_DEV, 'vm-dev-01', 'ws2025', { identity: 'SystemAssigned, UserAssigned', userAssignedIds: [UAI] }),
  ],
  arcMachines: [
    {
      subscriptionId: SUB_PROD,
      resourceGroup: 'rg-onprem-arc',
      name: 'arc-lnx-web-01',
      location: 'westeurope',
      osType: 'Linux',
      osSku: 'Ubuntu 22.04.4 LTS',
      osVersion: '5.15.0-105-generic',
    },
    {
      subscriptionId: SUB_PROD,
      resourceGroup: 'rg-onprem-arc',
      name: 'arc-win-app-01',
      location: 'westeurope',
      osType: 'Windows',
      osSku: 'Windows Server 2022 Datacenter',
      osVersion: '10.0.20348.2402',
    },
    {
      subscriptionId: SUB_PROD,
      resourceGroup: 'rg-onprem-arc',
      name: 'arc-lnx-db-02',
      location: 'westeurope',
      osType: 'Linux',
      osSku: 'Red Hat Enterprise Linux 9.3 (Plow)',
      osVersion: '5.14.0-362.8.1.el9_3.x86_64',
      status: 'Disconnected',
    },
  ],
  roleAssignments: [
    assignment('c76ef221-7bf1-424c-82ab-aa44a679a4a3', `/subscriptions/${SUB_PROD}`, ROLE_IDS.owner, U.admin, 'User'),
    assignment('510499e5-6eac-4831-bb5d-bf0ce9550752', `/subscriptions/${SUB_DEV}`, ROLE_IDS.owner, U.admin, 'User'),
    assignment('0b7a2984-6161-48a7-a938-6835cde4e7fd', `/subscriptions/${SUB_PROD}`, ROLE_IDS.owner, U.erin, 'User'),
    assignment('341b5ab8-b247-4a15-99fb-3d980e3c25b4', RG_APP, ROLE_IDS.vmUserLogin, G.vmUsers, 'Group'),
    assignment(
      'dd618419-aebb-4d2d-87a6-197a782f1969',
      `/subscriptions/${SUB_PROD}`,
      ROLE_IDS.vmAdministratorLogin,
      G.vmAdmins,
      'Group',
    ),
  ],
  users: [
    user(U.admin, 'admin@contoso.com', 'Contoso Admin', {
      roleTemplateIds: [GLOBAL_ADMIN_TEMPLATE],
      methods: { microsoftAuthenticator: 1 },
    }),
    user(U.alice, 'alice@contoso.com', 'Alice Martin', { methods: { microsoftAuthenticator: 1 } }),
    user(U.bob, 'bob@contoso.com', 'Bob Jensen', { methods: { microsoftAuthenticator: 1 } }),
    user(U.carol, 'carol@contoso.com', 'Carol Nguyen', {
      perUserMfaState: 'enforced',
      methods: { microsoftAuthenticator: 1 },
    }),
    user(U.dave, 'dave@contoso.com', 'Dave Okafor', {
      methods: { windowsHelloForBusiness: 1, microsoftAuthenticator: 1 },
    }),
    user(U.erin, 'erin@contoso.com', 'Erin Kowalski', { methods: { microsoftAuthenticator: 1 } }),
    user(U.frank, 'frank@contoso.com', 'Frank Silva', { methods: { fido2: 1 } }),
    user(U.guest, 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Pat Lee (Fabrikam)', { userType: 'Guest' }),
    user(U.breakGlass1, 'breakglass01@contoso.onmicrosoft.com', 'Break Glass 01', {
      roleTemplateIds: [GLOBAL_ADMIN_TEMPLATE],
      methods: { fido2: 1 },
    }),
    user(U.breakGlass2, 'breakglass02@contoso.onmicrosoft.com', 'Break Glass 02', {
      roleTemplateIds: [GLOBAL_ADMIN_TEMPLATE],
      methods: { fido2: 1 },
    }),
  ],
  groups: [
    { id: G.vmAdmins, displayName: 'vm-admins', description: 'Administrators of Contoso VMs', members: [U.alice] },
    {
      id: G.vmUsers,
      displayName: 'vm-users',
      description: 'Users who sign in to Contoso VMs',
      members: [U.bob, U.carol, U.dave, U.frank],
    },
  ],
  devices: [
    {
      id: '2f33a7f5-074a-4a03-8a88-c054b2b3e421',
      deviceId: '372c71fb-6d11-4c62-aff7-104f002ea3e8',
      displayName: 'FILESRV01',
      operatingSystem: 'Windows',
      operatingSystemVersion: '10.0.17763.5329',
      trustType: 'AzureAd',
    },
    {
      id: '120d9286-0b40-4486-b9b2-313f795c737a',
      deviceId: '02c91c3d-4c06-42ae-9d48-827af2b9a018',
      displayName: 'CONTOSO-LT-042',
      operatingSystem: 'Windows',
      operatingSystemVersion: '10.0.22631.4460',
      trustType: 'AzureAd',
    },
  ],
  servicePrincipals: [
    { id: 'dfc6dd0f-3feb-40a3-9a38-0f1517320f85', appId: APP_IDS.linuxVmSignIn, displayName: 'Azure Linux VM Sign-In' },
    {
      id: 'a0773389-30f5-4900-b243-6e9fb7366617',
      appId: APP_IDS.microsoftRemoteDesktop,
      displayName: 'Microsoft Remote Desktop',
    },
    {
      id: 'fdd67f3d-63b5-424f-a71d-0c65c8fe4561',
      appId: APP_IDS.windowsCloudLogin,
      displayName: 'Windows Cloud Login',
    },
  ],
  caPolicies: [
    {
      id: 'ea7d1623-2892-40b5-839e-e1a07176d5a7',
      displayName: 'Require MFA for VM sign-in (pilot)',
      state: 'enabledForReportingButNotEnforced',
      createdDateTime: '2026-09-14T09:12:44.0000000Z',
      modifiedDateTime: '2026-10-02T15:40:10.0000000Z',
      conditions: {
        clientAppTypes: ['all'],
        applications: {
          includeApplications: [APP_IDS.windowsVmSignIn],
          excludeApplications: [],
          includeUserActions: [],
        },
        users: {
          includeUsers: [],
          excludeUsers: [U.breakGlass1, U.breakGlass2],
          includeGroups: [G.vmUsers],
          excludeGroups: [],
          includeRoles: [],
          excludeRoles: [],
        },
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [] },
      sessionControls: null,
    },
  ],
  securityDefaultsEnabled: true,
  signIns: DEMO_SIGN_INS,
  whatIf: [
    // Planted: Microsoft's What-If says the pilot does not apply to dave (a membership the directory read did not
    // show, such as a dynamic group still processing), while the product's evaluation says it does.
    {
      userId: U.dave,
      appId: APP_IDS.windowsVmSignIn,
      results: { [PILOT]: { policyApplies: false, analysisReasons: 'users' } },
    },
  ],
  skus: [
    {
      skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
      skuPartNumber: 'AAD_PREMIUM',
      enabledUnits: 25,
      consumedUnits: 10,
      servicePlans: [
        { servicePlanId: SERVICE_PLAN_IDS.entraP1, servicePlanName: 'AAD_PREMIUM' },
        { servicePlanId: '8a256a2b-b617-496d-b51b-e76466e88db0', servicePlanName: 'MFA_PREMIUM' },
      ],
    },
    {
      skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
      skuPartNumber: 'ENTERPRISEPACK',
      enabledUnits: 25,
      consumedUnits: 9,
      servicePlans: [
        { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
      ],
    },
  ],
};
