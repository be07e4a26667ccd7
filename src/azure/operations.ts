/**
 * The narrow seam between the steps and Azure: exactly the operations the steps use, in terms
 * of the plain facts of `src/plan/snapshot.ts`. `createGateway` (src/azure/gateway.ts) builds it from the real
 * SDK clients; unit tests may pass plain objects.
 *
 * Every method throws `UserError` (src/errors.ts) for expected failures: `forbidden` names the role or Graph
 * permission that is missing, `not-found`, `throttled`, … Reads are retried (429 with or without Retry-After,
 * 5xx, resets) with capped backoff inside the gateway and never return a partial list as if it were whole.
 * Writes are retried only where the step handler says so (the executor owns write retries).
 */

import type {
  PolicyAssignmentFacts,
  PolicyDefinitionFacts,
  PolicyStateFacts,
  RemediationFacts,
} from '../plan/enforcement';
import type {
  BastionFacts,
  CaPolicyFacts,
  DeviceFacts,
  ExtensionFacts,
  NicFacts,
  NsgFacts,
  PerUserMfaState,
  PrincipalFacts,
  RoleAssignmentFacts,
  ServicePrincipalFacts,
  SignInFacts,
  SubscriptionFacts,
  VmFacts,
  VmIdentityFacts,
  VnetFacts,
  WhatIfPolicyFacts,
} from '../plan/snapshot';
import type { CloudName } from '../plan/types';

export interface ExtensionSpec {
  /** Resource name of the extension, normally the type (`AADLoginForWindows`). */
  name: string;
  publisher: string;
  type: string;
  typeHandlerVersion: string;
  autoUpgradeMinorVersion: boolean;
  settings?: Record<string, unknown>;
  /** Set to a new value to make Azure re-run the handler (reinstalling a Failed extension). */
  forceUpdateTag?: string;
}

export interface ArmOperations {
  listSubscriptions(): Promise<SubscriptionFacts[]>;
  /**
   * Every VM of a subscription with its model, power state, instance view OS facts, identity and extensions
   * (with their instance-view statuses where Azure returns them), read with list paging (`statusOnly=true`),
   * never one GET per VM.
   */
  listVms(subscriptionId: string): Promise<VmFacts[]>;
  /**
   * Every VM of one resource group, as `listVms` gives them, for a caller who may read the group but not the
   * whole subscription (roles held on resource groups). ARM lists instance views only subscription-wide, so
   * each VM's is read with one GET after the group's listing: a fallback, paced like every read. `onRead` is
   * told after each of those GETs, for progress on a large group.
   */
  listResourceGroupVms?(
    subscriptionId: string,
    resourceGroup: string,
    onRead?: (done: number, total: number) => void,
  ): Promise<VmFacts[]>;
  /** One VM with `$expand=instanceView`: used by apply and verify. */
  getVm(vmId: string): Promise<VmFacts>;
  /**
   * Starts a deallocated or stopped VM (POST …/start, a long-running operation) and waits until it has ended;
   * returns the VM as it is then (power state from its instance view).
   */
  startVm(vmId: string): Promise<VmFacts>;
  /** Adds SystemAssigned and keeps every user-assigned identity; waits for the operation; returns the identity. */
  enableSystemIdentity(vmId: string): Promise<VmIdentityFacts>;
  /**
   * PUT the extension and wait for the long-running operation to end; unless it succeeded, read its instance
   * view (an install that succeeded returns the operation's final resource, without statuses). A failed
   * install resolves (does not throw) with `provisioningState: 'Failed'` and the statuses that say why; only
   * transport and permission failures throw.
   */
  installExtension(
    vmId: string,
    location: string,
    spec: ExtensionSpec,
    onProgress?: (state: string) => void,
  ): Promise<ExtensionFacts>;
  getExtension(vmId: string, name: string): Promise<ExtensionFacts | undefined>;
  /** Latest published handler version of a publisher/type in a location, trimmed to `major.minor`. */
  latestExtensionVersion(subscriptionId: string, location: string, publisher: string, type: string): Promise<string>;
  /**
   * Assignments for a principal (`$filter=principalId eq '…'`, at, above or below the scope) or, with no
   * principal, at or above the scope (`atScope()`).
   */
  listRoleAssignments(scope: string, principalId?: string): Promise<RoleAssignmentFacts[]>;
  /** PUT with the given deterministic name; resolves `{ created: false }` on 409 RoleAssignmentExists. */
  createRoleAssignment(input: {
    scope: string;
    name: string;
    roleDefinitionGuid: string;
    principalId: string;
    principalType: 'User' | 'Group' | 'ServicePrincipal';
    description?: string;
  }): Promise<{ assignment: RoleAssignmentFacts; created: boolean }>;
  getNetworkInterface(nicId: string): Promise<NicFacts>;
  /**
   * Every NIC of a subscription, paged. Optional: when present, discovery uses it instead of one GET per NIC
   * once a subscription has many selected NICs, so requests grow with list pages, not per VM. With
   * `resourceGroup`, only that group's: for a caller who cannot list the whole subscription.
   */
  listNetworkInterfaces?(subscriptionId: string, resourceGroup?: string): Promise<NicFacts[]>;
  /** Every NSG of a subscription with its rules, paged. Optional, used like `listNetworkInterfaces`. */
  listNetworkSecurityGroups?(subscriptionId: string, resourceGroup?: string): Promise<NsgFacts[]>;
  getNetworkSecurityGroup(nsgId: string): Promise<NsgFacts>;
  getVirtualNetwork(vnetId: string): Promise<VnetFacts>;
  listBastionHosts(subscriptionId: string): Promise<BastionFacts[]>;
  /**
   * Every Azure Arc-enabled server of a subscription, paged, as VM facts with `arc` set (extension instance
   * views come with the listing). Optional: gateways without it show no Arc machines. `getVm`, `getExtension`
   * and `installExtension` accept Arc machine ids too. With `resourceGroup`, only that group's.
   */
  listArcMachines?(subscriptionId: string, resourceGroup?: string): Promise<VmFacts[]>;
}

/** Result of looking up one reference the admin typed. */
export type PrincipalLookup = { ref: string; principal?: PrincipalFacts };

export interface GraphOperations {
  /** The signed-in tenant (`GET /organization`). */
  getTenant(): Promise<{ id: string; displayName: string }>;
  /**
   * Resolves UPNs, object ids and group display names in `$batch` requests of at most 20, with transitive
   * group memberships and directory roles for users.
   */
  resolvePrincipals(refs: string[]): Promise<PrincipalLookup[]>;
  /**
   * Users and groups whose display name, UPN or mail contains `text` (case-insensitive), best matches first
   * (exact, starts with, word, anywhere), at most `top`. Graph's `$search` finds words and prefixes over the
   * whole directory; a substring in the middle of a value ("ext" in a guest's `#EXT#` UPN) is found among the
   * first 999 users and groups. Optional: gateways that cannot search leave it out and callers fall back to
   * exact lookup.
   */
  searchPrincipals?(text: string, top?: number): Promise<PrincipalFacts[]>;
  /** Devices whose displayName equals each name (batched). Keys are the names as given. */
  findDevicesByName(names: string[]): Promise<Record<string, DeviceFacts[]>>;
  /** The device with this Entra `deviceId` (dsregcmd's DeviceId), with `isCompliant`; undefined when none. */
  findDeviceById?(deviceId: string): Promise<DeviceFacts | undefined>;
  /** appId → service principal or null (batched, `servicePrincipals(appId='…')`). */
  getServicePrincipals(appIds: string[]): Promise<Record<string, ServicePrincipalFacts | null>>;
  createServicePrincipal(appId: string): Promise<{ sp: ServicePrincipalFacts; created: boolean }>;
  listCaPolicies(): Promise<CaPolicyFacts[]>;
  createCaPolicy(body: Omit<CaPolicyFacts, 'id' | 'modifiedDateTime' | 'createdDateTime'>): Promise<CaPolicyFacts>;
  updateCaPolicy(id: string, patch: Partial<Omit<CaPolicyFacts, 'id'>>): Promise<CaPolicyFacts>;
  /** Deletes a policy this run created twice by racing another run; a policy already gone is fine. */
  deleteCaPolicy(id: string): Promise<void>;
  /** Deletes a device by object id; a device already gone is not an error. */
  deleteDevice?(id: string): Promise<void>;
  getSecurityDefaults(): Promise<boolean>;
  setSecurityDefaults(enabled: boolean): Promise<void>;
  /** Beta `users/{id}/authentication/requirements`, batched; users it could not read are left out. */
  getPerUserMfa(userIds: string[]): Promise<Record<string, PerUserMfaState>>;
  setPerUserMfa(userId: string, state: PerUserMfaState): Promise<void>;
  /** WHfB, FIDO2 and Authenticator counts plus registration details, batched. */
  getAuthMethods(userIds: string[]): Promise<Record<string, import('../plan/snapshot').AuthMethodFacts>>;
  /** True when an enabled Entra ID P1 or P2 service plan is in subscribed SKUs. */
  hasEntraP1(): Promise<boolean>;
  /**
   * Sign-ins since `since` (beta `auditLogs/signIns`, newest first), filtered on the server by time, app and
   * optionally user, paged, and read up to `max` items (`truncated` says more were there). Needs
   * AuditLog.Read.All and an Entra ID P1 licence: without them it throws `forbidden`.
   */
  listSignIns?(query: SignInQuery): Promise<{ signIns: SignInFacts[]; truncated: boolean }>;
  /** Microsoft's Conditional Access What-If for one user signing in to one app (v1.0, Policy.Read.ConditionalAccess). */
  evaluateWhatIf?(input: WhatIfQuery): Promise<WhatIfPolicyFacts[]>;
}

export interface SignInQuery {
  /** ISO timestamp: sign-ins at or after it. */
  since: string;
  /** VM sign-in app ids (at least one). */
  appIds: string[];
  userId?: string;
  /** Items to read at most (default 500). */
  max?: number;
}

export interface WhatIfQuery {
  userId: string;
  appId: string;
  /** `windows`, `linux`, … when known. */
  devicePlatform?: string;
  /** `mobileAppsAndDesktopClients` for RDP and SSH clients, `browser` for the Bastion portal. */
  clientAppType: string;
}

/**
 * Azure Policy and Policy Insights, for fleet enforcement. Scopes and ids may be at a management group, a
 * subscription or a resource group. Reads answer `undefined` for what does not exist.
 */
export interface PolicyOperations {
  /** A definition by id: built-in (`/providers/…`), at a management group or at a subscription. */
  getPolicyDefinition(id: string): Promise<PolicyDefinitionFacts | undefined>;
  /** PUT of a custom definition (management group or subscription) with these properties. */
  createPolicyDefinition(id: string, properties: Record<string, unknown>): Promise<PolicyDefinitionFacts>;
  getPolicyAssignment(id: string): Promise<PolicyAssignmentFacts | undefined>;
  /** PUT of an assignment; with `identity`, a system-assigned identity in `location`. */
  createPolicyAssignment(
    id: string,
    input: {
      displayName: string;
      policyDefinitionId: string;
      parameters: Record<string, { value: unknown }>;
      identity: boolean;
      location?: string;
    },
  ): Promise<PolicyAssignmentFacts>;
  /** Remediation tasks at `scope` for one assignment (`$filter=PolicyAssignmentId eq '…'`). */
  listRemediations(scope: string, policyAssignmentId: string): Promise<RemediationFacts[]>;
  getRemediation(id: string): Promise<RemediationFacts | undefined>;
  createRemediation(
    id: string,
    input: { policyAssignmentId: string; resourceDiscoveryMode: 'ExistingNonCompliant' | 'ReEvaluateCompliance' },
  ): Promise<RemediationFacts>;
  /** Latest policy states at `scope` for one assignment. */
  listPolicyStates(scope: string, policyAssignmentId: string): Promise<PolicyStateFacts[]>;
}

export interface Gateway {
  cloud: CloudName;
  arm: ArmOperations;
  graph: GraphOperations;
  /** Present on every gateway `createGateway` builds; plain test doubles may leave it out. */
  policy?: PolicyOperations;
  /** Requests sent so far (for progress and for request-count tests); never includes headers or tokens. */
  requestCount(): number;
  /** ARM's throttle as the gateway sees it: the executor starts no new action while requests wait for tokens. */
  pacing?: Pacing;
}

export interface Pacing {
  /** Requests held back until ARM's bucket has a token for them. */
  waiting(): number;
  /** 429s that were ARM's own bucket running dry. */
  readonly throttled: number;
  /** Requests waiting out a Retry-After before their retry (their actions send nothing meanwhile). */
  retryWaits(): number;
  /** Tells `listener` when requests are parked, held back or let go; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}
