/**
 * The facts discovery gathers: plain data, no SDK types, so that checks, assess and plan stay pure and tests
 * can build snapshots by hand. Resource ids are ARM ids as Azure returns them; compare them case-insensitively
 * (`sameId` in `src/plan/ids.ts`).
 */
import type { CloudName, StepId } from './types';

export interface InstanceStatus {
  code: string;
  level?: 'Info' | 'Warning' | 'Error';
  displayStatus?: string;
  message?: string;
  time?: string;
}

export interface ExtensionFacts {
  /** The extension resource name (`AADLoginForWindows`, `AADLogin`, …). */
  name: string;
  publisher: string;
  /** `AADLoginForWindows`, `AADSSHLoginForLinux`, … */
  type: string;
  typeHandlerVersion?: string;
  /** `Succeeded`, `Failed`, `Creating`, `Updating`, … */
  provisioningState: string;
  /** From the extension's instance view, where it was read. */
  statuses: InstanceStatus[];
  substatuses: InstanceStatus[];
}

export type PowerState = 'running' | 'deallocated' | 'deallocating' | 'stopped' | 'stopping' | 'starting' | 'unknown';

export interface VmIdentityFacts {
  /** `None`, `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`. */
  type: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIds: string[];
}

export interface VmFacts {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  osType: 'Windows' | 'Linux';
  image?: { publisher?: string; offer?: string; sku?: string; version?: string };
  /** From the instance view, e.g. `Windows Server 2022 Datacenter`, `ubuntu`. */
  osName?: string;
  /** From the instance view, e.g. `10.0.20348`, `22.04`. */
  osVersion?: string;
  powerState: PowerState;
  /** The guest OS hostname (osProfile.computerName, or instance view). */
  computerName?: string;
  vmSize?: string;
  identity: VmIdentityFacts;
  extensions: ExtensionFacts[];
  nicIds: string[];
  tags: Record<string, string>;
  /** Whether the VM agent reported Ready; undefined when unknown. */
  vmAgentReady?: boolean;
  /**
   * Set for an Azure Arc-enabled server (Microsoft.HybridCompute/machines): its Connected Machine agent's
   * status (`Connected`, `Disconnected`, `Error`, `Expired`) and version. Arc machines always have a
   * system-assigned identity, no NICs in Azure, and `powerState` `running` only while Connected.
   */
  arc?: { status: string; agentVersion?: string; lastStatusChange?: string };
}

export interface NsgRuleFacts {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: string;
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
}

export interface NsgFacts {
  id: string;
  /** Custom and default rules together. */
  rules: NsgRuleFacts[];
}

export interface NicFacts {
  id: string;
  privateIp?: string;
  subnetId?: string;
  /** Derived from the subnet id. */
  vnetId?: string;
  nsgId?: string;
  /** NSG attached to the subnet, when discovery read it. */
  subnetNsgId?: string;
}

export interface VnetFacts {
  id: string;
  /** Remote VNet ids of connected peerings. */
  peeredVnetIds: string[];
  /** Subnets with the NSG attached to each, when the gateway read them (a NIC GET does not carry it). */
  subnets?: { id: string; nsgId?: string }[];
}

export interface BastionFacts {
  id: string;
  name: string;
  sku: 'Developer' | 'Basic' | 'Standard' | 'Premium';
  enableTunneling: boolean;
  /** The VNet the Bastion lives in (from its subnet), or the Developer SKU's `virtualNetwork`. */
  vnetId: string;
}

export type PrincipalKind = 'user' | 'group' | 'servicePrincipal';

export interface PrincipalFacts {
  /** As the admin typed it: UPN, object id or group display name. */
  ref: string;
  kind: PrincipalKind;
  id: string;
  displayName: string;
  userPrincipalName?: string;
  /** The mail address, when a lookup read it (a guest's is their home address). */
  mail?: string;
  userType?: 'Member' | 'Guest';
  accountEnabled?: boolean;
  /** Transitive group ids (users only), for CA include/exclude evaluation. */
  memberOf: string[];
  /** Directory role template ids (users only), for CA includeRoles/excludeRoles. */
  roleTemplateIds: string[];
  /** `passwordProfile.forceChangePasswordNextSignIn` when read: a temporary password fails RDP sign-in. */
  forceChangePasswordNextSignIn?: boolean;
  /**
   * Which of Conditional Access's guest or external user kinds this user is, when known beyond `userType`
   * (`src/checks/guest-kind.ts` derives it from `userType` and the `#EXT#` UPN otherwise).
   */
  externalKind?: ExternalUserKind;
  /** The tenant an external user comes from, for a policy's `externalTenants`. */
  homeTenantId?: string;
}

/** Graph's `conditionalAccessGuestOrExternalUserTypes` values, without `none` and `unknownFutureValue`. */
export const EXTERNAL_USER_KINDS = [
  'internalGuest',
  'b2bCollaborationGuest',
  'b2bCollaborationMember',
  'b2bDirectConnectUser',
  'otherExternalUser',
  'serviceProvider',
] as const;
export type ExternalUserKind = (typeof EXTERNAL_USER_KINDS)[number];

export interface RoleAssignmentFacts {
  id: string;
  name: string;
  scope: string;
  /** The role definition's GUID (last segment of roleDefinitionId), lower case. */
  roleDefinitionGuid: string;
  principalId: string;
  principalType?: string;
}

export interface DeviceFacts {
  id: string;
  deviceId?: string;
  displayName: string;
  trustType?: string;
  accountEnabled?: boolean;
  operatingSystem?: string;
  /** Intune compliance as Graph reports it (`device.isCompliant`); undefined when not read or not managed. */
  isCompliant?: boolean;
  /** Graph `physicalIds`: an Azure VM's own join carries `[AzureResourceId]:<VM resource id>`; undefined when not read. */
  physicalIds?: string[];
  approximateLastSignInDateTime?: string;
}

export interface ServicePrincipalFacts {
  id: string;
  appId: string;
  displayName: string;
}

/** Mirrors Graph's conditionalAccessPolicy closely enough to evaluate it; unknown fields are kept. */
export interface CaPolicyFacts {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  conditions: {
    users?: {
      includeUsers?: string[];
      excludeUsers?: string[];
      includeGroups?: string[];
      excludeGroups?: string[];
      includeRoles?: string[];
      excludeRoles?: string[];
      includeGuestsOrExternalUsers?: unknown;
      excludeGuestsOrExternalUsers?: unknown;
    };
    applications?: {
      includeApplications?: string[];
      excludeApplications?: string[];
      includeUserActions?: string[];
    };
    clientAppTypes?: string[];
    [key: string]: unknown;
  };
  grantControls?: {
    operator?: 'AND' | 'OR';
    builtInControls?: string[];
    /** Graph expands the strength inline: `allowedCombinations` decide which methods meet it. */
    authenticationStrength?: {
      id: string;
      displayName?: string;
      policyType?: string;
      allowedCombinations?: string[];
      [key: string]: unknown;
    } | null;
    [key: string]: unknown;
  } | null;
  sessionControls?: unknown;
  /** Set by Graph on create; orders policies created concurrently under one name (the oldest is kept). */
  createdDateTime?: string;
  modifiedDateTime?: string;
}

export type PerUserMfaState = 'disabled' | 'enabled' | 'enforced';

export interface AuthMethodFacts {
  windowsHelloForBusiness: number;
  fido2: number;
  microsoftAuthenticator: number;
  /** From userRegistrationDetails.methodsRegistered, when readable. */
  methodsRegistered: string[];
  isMfaCapable?: boolean;
  isPasswordlessCapable?: boolean;
  /**
   * The default second factor: v1.0 `userPreferredMethodForSecondaryAuthentication` (`push`, `oath`, `sms`, …)
   * or, from a beta-shaped answer, `defaultMfaMethod`; undefined when unread or `none`.
   */
  defaultMfaMethod?: string;
  /** v1.0 and beta `systemPreferredAuthenticationMethods`, when read. */
  systemPreferredMethods?: string[];
  /**
   * Why userRegistrationDetails could not be read (refused, no licence), when it could not; discovery records it
   * as an unread fact and drops it from the snapshot. Never stored in a plan.
   */
  registrationUnread?: unknown;
}

/** One policy's entry in a sign-in's `appliedConditionalAccessPolicies`. */
export interface AppliedPolicyFacts {
  id: string;
  displayName: string;
  /** `success`, `failure`, `notApplied`, `notEnabled`, `reportOnlySuccess`, `reportOnlyFailure`, … */
  result: string;
  enforcedGrantControls: string[];
}

/** One sign-in from Microsoft Graph's sign-in logs, reduced to what the evidence needs. */
export interface SignInFacts {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName?: string;
  appId: string;
  appDisplayName?: string;
  /** `Mobile Apps and Desktop clients`, `Browser`, … */
  clientAppUsed?: string;
  /** 0 for success. */
  errorCode: number;
  failureReason?: string;
  /** `singleFactorAuthentication` or `multiFactorAuthentication`; undefined when the log did not say. */
  authenticationRequirement?: string;
  /** The methods of the steps that succeeded after the first factor (`Windows Hello for Business`, …). */
  mfaMethods: string[];
  /** `success`, `failure`, `notApplied`. */
  conditionalAccessStatus?: string;
  policies: AppliedPolicyFacts[];
  deviceName?: string;
  operatingSystem?: string;
  deviceTrustType?: string;
  isCompliant?: boolean;
}

/** Microsoft's What-If answer for one policy (`POST /identity/conditionalAccess/evaluate`). */
export interface WhatIfPolicyFacts {
  policyId: string;
  displayName: string;
  state: string;
  policyApplies: boolean;
  /** Comma-separated flags: `notSet`, `users`, `application`, `clientApps`, … */
  analysisReasons: string;
}

/** Parsed `dsregcmd /status` plus the client's build: see `src/checks/dsregcmd.ts`. */
export interface ClientFacts {
  azureAdJoined?: boolean;
  domainJoined?: boolean;
  enterpriseJoined?: boolean;
  workplaceJoined?: boolean;
  tenantId?: string;
  tenantName?: string;
  /** `WorkplaceTenantId` of an Entra registered account (User State), when dsregcmd printed it. */
  workplaceTenantId?: string;
  deviceAuthStatus?: string;
  ngcSet?: boolean;
  azureAdPrt?: boolean;
  cloudTgt?: boolean;
  /** `10.0.22621.674` style; undefined when unknown. */
  osBuild?: string;
  /** `DeviceId` from dsregcmd: the client's Entra device id, to look up its compliance in Graph. */
  deviceId?: string;
  /**
   * Whether Intune reports the client compliant: from `--client-compliant`, else from the Graph device whose
   * deviceId dsregcmd printed. Undefined means unknown.
   */
  compliant?: boolean;
}

export interface SubscriptionFacts {
  id: string;
  displayName: string;
  tenantId?: string;
  state?: string;
}

/**
 * A contextual fact discovery could not read (refused, gone, no answer, unreadable answer). Nothing is decided on
 * it: the rules that need it treat it as unknown, and it becomes a `read-failed` finding.
 */
export interface UnreadFact {
  /**
   * Which fact, as the rules look it up: `nic:<id>`, `nsg:<id>`, `vnet:<id>`, `bastions:<subscription id>`,
   * `role-assignments:<subscription id>`, `devices`, `extension-versions`, `service-principals`, `ca-policies`,
   * `security-defaults`, `licences`, `per-user-mfa:<user id>`, `auth-methods:<user id>`,
   * `registration-details:<user id>`, `sign-ins:<user id>`, `what-if:<user id>` (doctor's evidence). Lower case.
   */
  key: string;
  step: StepId;
  /** What could not be read, as the admin would find it: a resource id or a Graph path. */
  resource: string;
  /** The thing in words: "the network security group nsg-app". */
  what: string;
  /** What happened, one line: "refused (AuthorizationFailed)", "not found", "no answer within 30 s". */
  reason: string;
  /** The role, scope or Graph permission (and licence) that would let the tool read it. */
  needs: string;
}

export interface Snapshot {
  cloud: CloudName;
  tenantId: string;
  subscriptions: SubscriptionFacts[];
  /** The selected VMs only. */
  vms: VmFacts[];
  nics: Record<string, NicFacts>;
  nsgs: Record<string, NsgFacts>;
  vnets: Record<string, VnetFacts>;
  bastions: BastionFacts[];
  /** Principals from the answers (admins, users, exclusions) keyed by `ref`. */
  principals: Record<string, PrincipalFacts>;
  /** Refs that resolved to nothing: the CLI turns them into bad-input errors. */
  unresolvedPrincipals: string[];
  /** Assignments that touch the selected principals or VMs, at or above the VM scopes. */
  roleAssignments: RoleAssignmentFacts[];
  /** Graph devices whose displayName equals a selected VM's computerName, keyed by lower-case name. */
  devicesByName: Record<string, DeviceFacts[]>;
  /** The latest extension handler version (`major.minor`) per `location/type`. */
  extensionVersions: Record<string, string>;
  /** appId → service principal, or null when the tenant has none for that app. */
  servicePrincipals: Record<string, ServicePrincipalFacts | null>;
  caPolicies: CaPolicyFacts[];
  securityDefaultsEnabled: boolean;
  /** Entra ID P1 (or P2) present and enabled in subscribed SKUs. */
  licenceP1: boolean;
  /** user object id → per-user MFA state (beta); missing when it could not be read. */
  perUserMfa: Record<string, PerUserMfaState>;
  /** user object id → registered methods. */
  authMethods: Record<string, AuthMethodFacts>;
  client?: ClientFacts;
  /** resource id → etag or content hash, for stale-plan detection. */
  fingerprint: Record<string, string>;
  /** Contextual facts that could not be read; absent or empty when everything was read. */
  unread?: UnreadFact[];
}

/** An empty snapshot to build on, in discovery and in tests. */
export function emptySnapshot(cloud: CloudName = 'AzureCloud', tenantId = ''): Snapshot {
  return {
    cloud,
    tenantId,
    subscriptions: [],
    vms: [],
    nics: {},
    nsgs: {},
    vnets: {},
    bastions: [],
    principals: {},
    unresolvedPrincipals: [],
    roleAssignments: [],
    devicesByName: {},
    extensionVersions: {},
    servicePrincipals: {},
    caPolicies: [],
    securityDefaultsEnabled: false,
    licenceP1: false,
    perUserMfa: {},
    authMethods: {},
    fingerprint: {},
    unread: [],
  };
}
