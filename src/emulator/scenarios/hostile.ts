/**
 * The hostile tenant: every name a tenant admin (or an attacker with write access to it) could choose to break a
 * tool that trusts tenant strings. VM, group, user and policy names carry terminal escape sequences (clear the
 * screen, set the window title, recolour), a bidi override, shell metacharacters and quotes, Windows path
 * separators with `..`, 300 characters and non-Latin text; one VM's computer name carries CR LF and .rdp settings
 * of the attacker's choosing; and role assignment writes are refused with a 400 whose message echoes the
 * caller's bearer token, as some services do with request details.
 */
import { APP_IDS, ROLE_IDS } from '../../core/well-known-ids';
import { entraP1Sku } from './build';
import type { ScenarioInput } from './schema';

const TENANT = '6e0d1c4b-1f2a-4b7e-9c1d-3a5b7c9e1f20';
const SUB = '2f9c7a15-8d3e-4c61-a0b2-5e7f9d1c3a48';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-hostile`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-hostile`;
const ESC = '\u001b';

export const HOSTILE = {
  tenantId: TENANT,
  subscriptionId: SUB,
  resourceGroup: 'rg-hostile',
  /** Escape sequences a name may carry: clear screen, window title (OSC … BEL), red. */
  sequences: [`${ESC}[2J`, `${ESC}]0;pwned\u0007`, `${ESC}[31m`],
  vms: {
    escape: `vm-${ESC}[2J${ESC}]0;pwned\u0007-${ESC}[31mred`,
    traversal: '..\\..\\Windows\\evil',
    quotes: `vm 'quoted' "name" $(id) | rm -rf ~`,
    long: `vm-${'x'.repeat(297)}`,
    unicode: 'vm-ünïcödé-名前-\u202Egnp.exe',
    crlf: 'vm-crlf',
  },
  /** The computer name of `vms.crlf`: a host name, then .rdp settings an attacker wants in the file. */
  crlfComputerName: 'vm-crlf\r\nalternate shell:s:cmd.exe /c calc\r\ndrivestoredirect:s:*',
  users: {
    admin: { id: '9a1c3e5f-7b2d-4f60-8e1a-2c4d6f8a0b13', upn: 'admin@hostile.example' },
    mallory: { id: '1b3d5f7a-9c2e-4a61-8b0d-3e5f7a9c1d24', upn: 'mallory@hostile.example' },
  },
  group: { id: '4c6e8a0b-2d4f-4b63-9e1a-5c7e9a1b3d46', name: `grp-${ESC}[2J| \`code\` *bold* [link](x)` },
  policyName: `${ESC}]0;owned\u0007legacy | policy`,
  /** Writes refused with a 400 echoing the caller's token (a path fragment of the write). */
  echoTokenOn: ['Microsoft.Authorization/roleAssignments'],
} as const;

const vm = (name: string, computerName?: string) => ({
  subscriptionId: SUB,
  resourceGroup: HOSTILE.resourceGroup,
  name,
  location: 'westeurope',
  os: 'ws2022' as const,
  ...(computerName ? { computerName } : {}),
  subnetId: `${VNET}/subnets/default`,
});

export const hostileScenario: ScenarioInput = {
  name: 'hostile',
  tenant: { id: TENANT, displayName: `Hostile ${ESC}[5mblink`, defaultDomain: 'hostile.example' },
  caller: {
    objectId: HOSTILE.users.admin.id,
    userPrincipalName: HOSTILE.users.admin.upn,
    echoTokenOn: [...HOSTILE.echoTokenOn],
  },
  subscriptions: [{ id: SUB, displayName: `Hostile ${ESC}[2J subscription` }],
  vnets: [
    {
      id: VNET,
      location: 'westeurope',
      addressPrefix: '10.9.0.0/16',
      subnets: [{ name: 'default', addressPrefix: '10.9.0.0/24' }],
    },
  ],
  vms: [
    vm(HOSTILE.vms.escape, 'vm-esc'),
    vm(HOSTILE.vms.traversal, 'vm-traversal'),
    vm(HOSTILE.vms.quotes, 'vm-quotes'),
    vm(HOSTILE.vms.long, 'vm-long'),
    vm(HOSTILE.vms.unicode, 'vm-unicode'),
    vm(HOSTILE.vms.crlf, HOSTILE.crlfComputerName),
  ],
  roleAssignments: [
    {
      name: '7d9f1b3c-5e7a-4c82-9d0f-6a8c0e2b4d57',
      scope: `/subscriptions/${SUB}`,
      roleDefinitionGuid: ROLE_IDS.owner,
      principalId: HOSTILE.users.admin.id,
      principalType: 'User',
    },
  ],
  users: [
    {
      id: HOSTILE.users.admin.id,
      userPrincipalName: HOSTILE.users.admin.upn,
      displayName: 'Hostile Admin',
      methods: { microsoftAuthenticator: 1 },
    },
    {
      id: HOSTILE.users.mallory.id,
      userPrincipalName: HOSTILE.users.mallory.upn,
      displayName: `Mallory ${ESC}]0;owned\u0007${ESC}[2J`,
      perUserMfaState: 'enforced',
      methods: { windowsHelloForBusiness: 1 },
    },
  ],
  groups: [{ id: HOSTILE.group.id, displayName: HOSTILE.group.name, members: [HOSTILE.users.mallory.id] }],
  servicePrincipals: [
    {
      id: '8e0a2c4d-6f8b-4d93-a1c5-7e9b1d3f5a68',
      appId: APP_IDS.windowsVmSignIn,
      displayName: 'Azure Windows VM Sign-In',
    },
    {
      id: '0f2b4d6e-8a0c-4ea4-b2d6-8f0c2e4a6b79',
      appId: APP_IDS.microsoftRemoteDesktop,
      displayName: `Microsoft Remote Desktop ${ESC}[8m`,
    },
  ],
  caPolicies: [
    {
      id: '3a5c7e9b-1d3f-4b55-8c7e-9b1d3f5a7c80',
      displayName: HOSTILE.policyName,
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    },
  ],
  securityDefaultsEnabled: false,
  skus: [entraP1Sku(10, 2)],
};
