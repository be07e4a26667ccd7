/**
 * The tenant model the emulator serves: plain mutable records, built from a scenario and changed by writes.
 * ARM ids are stored as given and indexed by lower-case id (ARM ids are case-insensitive). Wire shapes are
 * produced from these records by the ARM and Graph handlers, never stored.
 */

export interface InstanceStatusModel {
  code: string;
  level: 'Info' | 'Warning' | 'Error';
  displayStatus: string;
  message?: string;
  time?: string;
}

export interface ExtensionModel {
  name: string;
  publisher: string;
  type: string;
  typeHandlerVersion: string;
  autoUpgradeMinorVersion: boolean;
  settings?: Record<string, unknown>;
  /** `Creating`, `Updating`, `Succeeded`, `Failed`. */
  provisioningState: string;
  statuses: InstanceStatusModel[];
  substatuses: InstanceStatusModel[];
}

export interface VmIdentityModel {
  type: 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities: Record<string, { principalId: string; clientId: string }>;
}

export interface VmModel {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  vmId: string;
  vmSize: string;
  osType: 'Windows' | 'Linux';
  image: { publisher: string; offer: string; sku: string; version: string };
  /** Instance-view OS name and version, e.g. `Windows Server 2022 Datacenter` / `10.0.20348.2762`. */
  osName: string;
  osVersion: string;
  computerName: string;
  powerState: 'running' | 'deallocated' | 'stopped';
  identity: VmIdentityModel;
  nicIds: string[];
  tags: Record<string, string>;
  extensions: ExtensionModel[];
  /** Bumped on every change; the etag is derived from it. */
  revision: number;
  timeCreated: string;
}

export interface NsgRuleModel {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: string;
  sourceAddressPrefix: string;
  sourcePortRange: string;
  destinationAddressPrefix: string;
  destinationPortRange: string;
  description?: string;
}

export interface NsgModel {
  id: string;
  location: string;
  rules: NsgRuleModel[];
}

export interface NicModel {
  id: string;
  location: string;
  subnetId: string;
  privateIp: string;
  nsgId?: string;
  vmId?: string;
}

export interface SubnetModel {
  name: string;
  addressPrefix: string;
  nsgId?: string;
}

export interface PeeringModel {
  name: string;
  remoteVnetId: string;
  state: 'Connected' | 'Initiated' | 'Disconnected';
}

export interface VnetModel {
  id: string;
  location: string;
  addressPrefix: string;
  subnets: SubnetModel[];
  peerings: PeeringModel[];
}

export interface BastionModel {
  id: string;
  location: string;
  sku: 'Developer' | 'Basic' | 'Standard' | 'Premium';
  enableTunneling: boolean;
  vnetId: string;
}

export interface RoleAssignmentModel {
  name: string;
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType: string;
  description?: string;
  createdOn: string;
}

export interface UserModel {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  createdDateTime: string;
  /** Directory role template ids held directly. */
  roleTemplateIds: string[];
  perUserMfaState: 'disabled' | 'enabled' | 'enforced';
  methods: { windowsHelloForBusiness: number; fido2: number; microsoftAuthenticator: number };
}

export interface GroupModel {
  id: string;
  displayName: string;
  description?: string;
  /** Direct member object ids (users or groups). */
  members: string[];
}

export interface CustomStrengthModel {
  id: string;
  displayName: string;
  description?: string;
  allowedCombinations: string[];
}

export interface DeviceModel {
  id: string;
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  operatingSystemVersion: string;
  trustType: 'AzureAd' | 'ServerAd' | 'Workplace';
  accountEnabled: boolean;
  isCompliant?: boolean;
  registrationDateTime: string;
  approximateLastSignInDateTime?: string;
  /** The VM whose extension registered this device (emulator bookkeeping, never served): a re-run of the
   * extension on the same VM finds its own device, not a duplicate. */
  registeredByVmId?: string;
}

export interface ServicePrincipalModel {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  /** When the object was created (epoch ms): role assignments may not see it until replication is done. */
  createdAtMs: number;
}

export interface SkuModel {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: 'Enabled' | 'Suspended' | 'Warning' | 'Deleted' | 'LockedOut';
  enabledUnits: number;
  consumedUnits: number;
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
}

export interface CallerModel {
  objectId: string;
  userPrincipalName: string;
  /** ARM actions the caller lacks, as `action` or `action@scopePrefix`. */
  deniedActions: string[];
  /** Graph write areas the caller lacks: `conditionalAccess`, `servicePrincipals`, `securityDefaults`, `perUserMfa`. */
  deniedGraphWrites: string[];
  /** Writes whose path contains one of these are refused with a 400 that echoes the caller's bearer token. */
  echoTokenOn?: string[];
  /**
   * Graph reads the caller lacks the permission (or licence) for: path parts such as `/reports/` or
   * `/authentication/requirements`; a GET whose path contains one answers 403 Authorization_RequestDenied.
   */
  deniedGraphReads: string[];
}

export interface SubscriptionModel {
  id: string;
  displayName: string;
  state: 'Enabled' | 'Disabled' | 'Warned';
}

/** A running ARM long-running operation (extension install or VM update). */
export interface OperationModel {
  id: string;
  subscriptionId: string;
  location: string;
  /** The resource the operation changes (VM or extension id). */
  resourceId: string;
  startTime: string;
  doneAtMs: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
  /** Runs once when the operation reaches its end time; returns the final error, if any. */
  complete: () => { code: string; message: string } | undefined;
}

/** A sign-in the logs hold: the scenario's declaration with its time fixed when the tenant was built. */
export interface SignInModel {
  id: string;
  correlationId: string;
  createdDateTime: string;
  userId: string;
  appId: string;
  clientAppUsed: string;
  errorCode: number;
  failureReason?: string;
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  methods: { method: string; succeeded: boolean; detail?: string }[];
  /** policy id (lower case) → result; other policies answer by their state. */
  policyResults: Record<string, string>;
  device?: { displayName: string; operatingSystem: string; trustType: string; isCompliant: boolean };
  ipAddress: string;
}

export interface WhatIfModel {
  userId: string;
  appId: string;
  /** policy id (lower case) → declared answer. */
  results: Record<string, { policyApplies: boolean; analysisReasons: string }>;
}

/** An Azure Arc-enabled server: always a system-assigned identity; extensions only while Connected. */
export interface ArcMachineModel {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** `Connected`, `Disconnected`, `Error`, `Expired`. */
  status: 'Connected' | 'Disconnected' | 'Error' | 'Expired';
  lastStatusChange: string;
  agentVersion: string;
  vmId: string;
  osType: 'Windows' | 'Linux';
  /** `Windows Server 2022 Datacenter`, `Ubuntu 22.04.4 LTS`. */
  osSku: string;
  /** The kernel on Linux (`5.15.0-105-generic`), the build on Windows (`10.0.20348.2402`). */
  osVersion: string;
  computerName: string;
  principalId: string;
  tenantId: string;
  tags: Record<string, string>;
  extensions: ExtensionModel[];
}

/** A policy definition: built-in (scope ''), or custom at a management group or subscription. */
export interface PolicyDefinitionModel {
  id: string;
  name: string;
  /** '' for built-ins, else the management group or subscription scope. */
  scope: string;
  /** The `properties` object as PUT (policyType, mode, displayName, parameters, policyRule, …). */
  properties: Record<string, unknown>;
  createdOn: string;
}

export interface PolicyAssignmentModel {
  id: string;
  name: string;
  scope: string;
  location?: string;
  /** The system-assigned identity's service principal, when the assignment has one. */
  principalId?: string;
  displayName?: string;
  policyDefinitionId: string;
  /** Parameter values: `{ effect: { value: 'DeployIfNotExists' } }`. */
  parameters: Record<string, { value: unknown }>;
  enforcementMode: 'Default' | 'DoNotEnforce';
  metadata: Record<string, unknown>;
  instanceId: string;
  createdOn: string;
}

/** One resource a remediation task changes: its deployment runs as an emulator operation. */
export interface RemediationDeploymentModel {
  resourceId: string;
  location: string;
  deploymentId: string;
  /** The operation that carries the change; absent when the deployment failed before it started. */
  operationId?: string;
  error?: { code: string; message: string };
  createdOn: string;
}

export interface RemediationModel {
  id: string;
  name: string;
  scope: string;
  policyAssignmentId: string;
  resourceDiscoveryMode: 'ExistingNonCompliant' | 'ReEvaluateCompliance';
  deployments: RemediationDeploymentModel[];
  correlationId: string;
  createdOn: string;
}

export interface TenantState {
  tenantId: string;
  tenantDisplayName: string;
  defaultDomain: string;
  caller: CallerModel;
  /** Role assignments for principals younger than this fail with PrincipalNotFound unless principalType is set. */
  principalReplicationDelayMs: number;
  subscriptions: SubscriptionModel[];
  /** Insertion order is listing order. */
  vms: Map<string, VmModel>;
  nics: Map<string, NicModel>;
  nsgs: Map<string, NsgModel>;
  vnets: Map<string, VnetModel>;
  bastions: Map<string, BastionModel>;
  roleAssignments: RoleAssignmentModel[];
  users: Map<string, UserModel>;
  groups: Map<string, GroupModel>;
  devices: Map<string, DeviceModel>;
  servicePrincipals: Map<string, ServicePrincipalModel>;
  caPolicies: Map<string, Record<string, unknown>>;
  /** The tenant's custom authentication strengths (the built-in ones are in every tenant). */
  customStrengths: Map<string, CustomStrengthModel>;
  securityDefaultsEnabled: boolean;
  skus: SkuModel[];
  operations: Map<string, OperationModel>;
  signIns: SignInModel[];
  whatIf: WhatIfModel[];
  /** Azure Policy: definitions (built-ins included), assignments and remediation tasks, by lower-case id. */
  arcMachines: Map<string, ArcMachineModel>;
  policyDefinitions: Map<string, PolicyDefinitionModel>;
  policyAssignments: Map<string, PolicyAssignmentModel>;
  remediations: Map<string, RemediationModel>;
}

export const key = (id: string): string => id.toLowerCase();

export function vmEtag(vm: VmModel): string {
  return `"${vm.revision}"`;
}

/** Ends every operation whose time has come. Called at the start of each request, so no timers are needed. */
export function settleOperations(state: TenantState, now = Date.now()): void {
  for (const op of state.operations.values()) {
    if (op.status !== 'InProgress' || now < op.doneAtMs) continue;
    const error = op.complete();
    op.status = error ? 'Failed' : 'Succeeded';
    op.error = error;
  }
}

/** A plain-JSON view of the state for `GET /_emulator/state`. */
export function stateToJson(state: TenantState): unknown {
  const { operations, ...rest } = state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = v instanceof Map ? [...v.values()] : v;
  out.operations = [...operations.values()].map(({ complete: _c, ...op }) => op);
  return out;
}
