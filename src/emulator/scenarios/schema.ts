/**
 * The scenario format: a compact, validated description of a tenant. `buildState` turns it into the mutable
 * `TenantState` (deriving NICs, managed-identity service principals, instance views and extension statuses).
 */
import * as z from 'zod';
import { OS_KEYS } from '../catalog';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');
const armId = z.string().startsWith('/subscriptions/');

const extensionSpec = z.object({
  name: z.string().optional(),
  type: z.enum(['AADLoginForWindows', 'AADSSHLoginForLinux']),
  typeHandlerVersion: z.string().default('1.0'),
  /** A finished install: `succeeded`, or the failure it reported. */
  outcome: z.enum(['succeeded', 'no-identity', 'network-blocked', 'unsupported-os', 'duplicate-device']),
});

const vmSpec = z.object({
  subscriptionId: guid,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location: z.string().min(1),
  size: z.string().default('Standard_D2s_v5'),
  os: z.enum(OS_KEYS),
  /** Defaults to the VM name cut to 15 characters (Windows NetBIOS rule) or the VM name (Linux). */
  computerName: z.string().optional(),
  powerState: z.enum(['running', 'deallocated', 'stopped']).default('running'),
  identity: z.enum(['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned']).default('None'),
  principalId: guid.optional(),
  userAssignedIds: z.array(armId).default([]),
  subnetId: armId,
  privateIp: z.string().optional(),
  nicNsgId: armId.optional(),
  extensions: z.array(extensionSpec).default([]),
  tags: z.record(z.string(), z.string()).default({}),
});

const arcMachineSpec = z.object({
  subscriptionId: guid,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location: z.string().min(1),
  osType: z.enum(['Windows', 'Linux']),
  osSku: z.string(),
  osVersion: z.string(),
  status: z.enum(['Connected', 'Disconnected', 'Error', 'Expired']).default('Connected'),
  agentVersion: z.string().default('1.41.02664.1629'),
  principalId: guid.optional(),
  /** Login extensions already installed (Linux only: Entra sign-in on Arc is Linux-only). */
  extensions: z
    .array(z.object({ type: z.literal('AADSSHLoginForLinux'), typeHandlerVersion: z.string().default('1.0') }))
    .default([]),
  tags: z.record(z.string(), z.string()).default({}),
});

const nsgRule = z.object({
  name: z.string(),
  priority: z.number().int().min(100).max(4096),
  direction: z.enum(['Inbound', 'Outbound']),
  access: z.enum(['Allow', 'Deny']),
  protocol: z.string().default('*'),
  sourceAddressPrefix: z.string().default('*'),
  sourcePortRange: z.string().default('*'),
  destinationAddressPrefix: z.string(),
  destinationPortRange: z.string(),
  description: z.string().optional(),
});

/** `appliedConditionalAccessPolicy.result` values (reference: docs/reference/sign-in-evidence.md). */
export const POLICY_RESULTS = [
  'success',
  'failure',
  'notApplied',
  'notEnabled',
  'reportOnlySuccess',
  'reportOnlyFailure',
  'reportOnlyNotApplied',
  'reportOnlyInterrupted',
] as const;

/**
 * One sign-in the tenant's logs hold, declared as data: who, to which app, how long before the emulator started,
 * what happened. Policies not named in `policyResults` answer what Graph reports for a policy whose conditions
 * did not match (`notApplied`, `notEnabled` when disabled, `reportOnlyNotApplied` when report-only).
 */
const signInSpec = z.object({
  userId: guid,
  appId: guid,
  minutesAgo: z.number().int().min(0),
  clientAppUsed: z.string().default('Mobile Apps and Desktop clients'),
  /** 0 for success, else the AADSTS code. */
  errorCode: z.number().int().min(0).default(0),
  failureReason: z.string().optional(),
  authenticationRequirement: z
    .enum(['singleFactorAuthentication', 'multiFactorAuthentication'])
    .default('singleFactorAuthentication'),
  /** The authentication steps, first factor first: `Password`, `Windows Hello for Business`, `Mobile app notification`… */
  methods: z
    .array(z.object({ method: z.string(), succeeded: z.boolean().default(true), detail: z.string().optional() }))
    .default([{ method: 'Password', succeeded: true }]),
  policyResults: z.record(z.string(), z.enum(POLICY_RESULTS)).default({}),
  device: z
    .object({
      displayName: z.string(),
      operatingSystem: z.string().default('Windows 11'),
      trustType: z.enum(['Azure AD joined', 'Hybrid Azure AD joined', 'Azure AD registered', '']).default(''),
      isCompliant: z.boolean().default(false),
    })
    .optional(),
  ipAddress: z.string().default('203.0.113.24'),
});

/**
 * Microsoft's What-If answer for one user and app, declared rather than computed (so a scenario can plant an
 * answer that differs from the product's evaluation). Policies it does not name get the emulator's own simple
 * users/apps matching.
 */
const whatIfSpec = z.object({
  userId: guid,
  appId: guid,
  results: z.record(
    z.string(),
    z.object({ policyApplies: z.boolean(), analysisReasons: z.string().default('notSet') }),
  ),
});

export const scenarioSchema = z.object({
  name: z.string(),
  tenant: z.object({ id: guid, displayName: z.string(), defaultDomain: z.string() }),
  caller: z.object({
    objectId: guid,
    userPrincipalName: z.string(),
    deniedActions: z.array(z.string()).default([]),
    deniedGraphWrites: z
      .array(z.enum(['conditionalAccess', 'servicePrincipals', 'securityDefaults', 'perUserMfa', 'devices']))
      .default([]),
    deniedGraphReads: z.array(z.string().startsWith('/')).default([]),
    /** Writes whose path contains one of these are refused with a 400 that echoes the caller's token. */
    echoTokenOn: z.array(z.string().min(1)).default([]),
  }),
  principalReplicationDelayMs: z.number().int().min(0).default(0),
  subscriptions: z.array(z.object({ id: guid, displayName: z.string() })).min(1),
  vnets: z
    .array(
      z.object({
        id: armId,
        location: z.string(),
        addressPrefix: z.string(),
        subnets: z.array(z.object({ name: z.string(), addressPrefix: z.string(), nsgId: armId.optional() })),
        peerings: z
          .array(
            z.object({
              name: z.string(),
              remoteVnetId: armId,
              state: z.enum(['Connected', 'Initiated', 'Disconnected']),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  nsgs: z.array(z.object({ id: armId, location: z.string(), rules: z.array(nsgRule).default([]) })).default([]),
  bastions: z
    .array(
      z.object({
        id: armId,
        location: z.string(),
        sku: z.enum(['Developer', 'Basic', 'Standard', 'Premium']),
        enableTunneling: z.boolean().default(false),
        vnetId: armId,
      }),
    )
    .default([]),
  vms: z.array(vmSpec),
  /** Azure Arc-enabled servers (Microsoft.HybridCompute/machines). */
  arcMachines: z.array(arcMachineSpec).default([]),
  roleAssignments: z
    .array(
      z.object({
        name: guid,
        scope: z.string().startsWith('/'),
        roleDefinitionGuid: guid,
        principalId: guid,
        principalType: z.enum(['User', 'Group', 'ServicePrincipal']),
      }),
    )
    .default([]),
  users: z.array(
    z.object({
      id: guid,
      userPrincipalName: z.string().includes('@'),
      displayName: z.string(),
      userType: z.enum(['Member', 'Guest']).default('Member'),
      accountEnabled: z.boolean().default(true),
      roleTemplateIds: z.array(guid).default([]),
      perUserMfaState: z.enum(['disabled', 'enabled', 'enforced']).default('disabled'),
      methods: z
        .object({
          windowsHelloForBusiness: z.number().int().min(0).default(0),
          fido2: z.number().int().min(0).default(0),
          microsoftAuthenticator: z.number().int().min(0).default(0),
        })
        .default({ windowsHelloForBusiness: 0, fido2: 0, microsoftAuthenticator: 0 }),
    }),
  ),
  groups: z
    .array(z.object({ id: guid, displayName: z.string(), description: z.string().optional(), members: z.array(guid) }))
    .default([]),
  devices: z
    .array(
      z.object({
        id: guid,
        deviceId: guid,
        displayName: z.string(),
        operatingSystem: z.string(),
        operatingSystemVersion: z.string(),
        trustType: z.enum(['AzureAd', 'ServerAd', 'Workplace']),
        /** Intune compliance as Graph serves it; absent = not managed (null). */
        isCompliant: z.boolean().optional(),
      }),
    )
    .default([]),
  servicePrincipals: z.array(z.object({ id: guid, appId: guid, displayName: z.string() })).default([]),
  caPolicies: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Custom authentication strengths; policies may reference them by id. */
  authenticationStrengths: z
    .array(
      z.object({
        id: guid,
        displayName: z.string(),
        description: z.string().optional(),
        allowedCombinations: z.array(z.string()).min(1),
      }),
    )
    .default([]),
  securityDefaultsEnabled: z.boolean(),
  signIns: z.array(signInSpec).default([]),
  whatIf: z.array(whatIfSpec).default([]),
  skus: z
    .array(
      z.object({
        skuId: guid,
        skuPartNumber: z.string(),
        capabilityStatus: z.enum(['Enabled', 'Suspended', 'Warning', 'Deleted', 'LockedOut']).default('Enabled'),
        enabledUnits: z.number().int(),
        consumedUnits: z.number().int(),
        servicePlans: z.array(z.object({ servicePlanId: guid, servicePlanName: z.string() })),
      }),
    )
    .default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type VmSpec = z.output<typeof vmSpec>;
export type SignInSpec = z.output<typeof signInSpec>;
export type WhatIfSpec = z.output<typeof whatIfSpec>;
