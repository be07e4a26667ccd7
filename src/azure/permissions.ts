/**
 * Least privilege, as data: for every operation the tool performs, the Azure RBAC actions or Microsoft Graph
 * delegated permissions it needs, the built-in or Entra roles that include them, and the licence where one is
 * required. One table feeds three things: the one-line 403 message (`needs`), the `read-failed` findings that
 * say what would let the tool read a fact, and `entra-vm-login permissions`, which prints the custom role a
 * read-only plan needs and what each action kind needs. Sources: docs/reference/permissions.md.
 */
import type { ActionKind } from '../plan/types';

export type OperationName =
  | 'subscriptions.read'
  | 'vm.read'
  | 'vm.identity.write'
  | 'vm.extension.write'
  | 'vm.start'
  | 'extension.versions.read'
  | 'roleAssignments.read'
  | 'roleAssignments.write'
  | 'network.read'
  | 'network.nic.read'
  | 'network.nsg.read'
  | 'network.vnet.read'
  | 'network.bastion.read'
  | 'arc.read'
  | 'arc.extension.write'
  | 'policy.read'
  | 'policy.definition.write'
  | 'policy.assignment.write'
  | 'policy.remediation.write'
  | 'graph.tenant.read'
  | 'graph.principals.read'
  | 'graph.devices.read'
  | 'graph.servicePrincipals.read'
  | 'graph.servicePrincipals.write'
  | 'graph.ca.read'
  | 'graph.ca.write'
  | 'graph.devices.write'
  | 'graph.securityDefaults.read'
  | 'graph.securityDefaults.write'
  | 'graph.perUserMfa.read'
  | 'graph.perUserMfa.write'
  | 'graph.authMethods.read'
  | 'graph.registrationDetails.read'
  | 'graph.licences.read'
  | 'graph.signIns.read'
  | 'graph.ca.evaluate';

export interface OperationPermission {
  /** Gerund phrase, lower case: "creating role assignments". */
  doing: string;
  /** What the caller needs, as one phrase; `{target}` is replaced by the resource or scope. */
  needs: string;
  /** Azure RBAC actions (ARM operations only). */
  rbacActions?: readonly string[];
  /** Microsoft Graph delegated permissions, least privileged first (Graph operations only). */
  graphScopes?: readonly string[];
  /** A licence the tenant needs for the read to answer at all. */
  licence?: string;
  /** True for what `plan` and `doctor` read; false for writes. */
  read: boolean;
  /** Set for reads the tool does without when refused: what they add ("sign-in evidence in doctor"). */
  optional?: string;
}

const READER = 'Reader (or any role with {actions}) on {target}';

export const PERMISSIONS: Record<OperationName, OperationPermission> = {
  'subscriptions.read': {
    doing: 'listing subscriptions',
    needs: 'Reader on at least one subscription',
    rbacActions: ['Microsoft.Resources/subscriptions/read'],
    read: true,
  },
  'vm.read': {
    doing: 'reading virtual machines',
    needs: 'Reader (or Virtual Machine Contributor) on {target}',
    rbacActions: ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachines/extensions/read'],
    read: true,
  },
  'vm.identity.write': {
    doing: 'enabling the system-assigned identity',
    needs: 'Virtual Machine Contributor on {target}',
    rbacActions: [
      'Microsoft.Compute/virtualMachines/read',
      'Microsoft.Compute/virtualMachines/write',
      'Microsoft.Compute/locations/operations/read',
      // Keeping the VM's user-assigned identities while adding the system-assigned one re-assigns them.
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
    ],
    read: false,
  },
  'vm.start': {
    doing: 'starting the virtual machine',
    needs: 'Virtual Machine Contributor on {target}',
    rbacActions: [
      'Microsoft.Compute/virtualMachines/read',
      'Microsoft.Compute/virtualMachines/start/action',
      'Microsoft.Compute/locations/operations/read',
    ],
    read: false,
  },
  'vm.extension.write': {
    doing: 'installing the sign-in extension',
    needs: 'Virtual Machine Contributor on {target}',
    rbacActions: [
      'Microsoft.Compute/virtualMachines/extensions/read',
      'Microsoft.Compute/virtualMachines/extensions/write',
      'Microsoft.Compute/locations/operations/read',
    ],
    read: false,
  },
  'extension.versions.read': {
    doing: 'reading extension versions',
    needs: 'Reader on {target}',
    rbacActions: ['Microsoft.Compute/locations/publishers/artifacttypes/types/versions/read'],
    read: true,
  },
  'roleAssignments.read': {
    doing: 'reading role assignments',
    needs: 'Reader on {target}',
    rbacActions: ['Microsoft.Authorization/roleAssignments/read'],
    read: true,
  },
  'roleAssignments.write': {
    doing: 'creating role assignments',
    needs: 'Owner, User Access Administrator or Role Based Access Control Administrator on {target}',
    rbacActions: ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleAssignments/write'],
    read: false,
  },
  'network.read': {
    doing: 'reading network resources',
    needs: 'Reader on {target}',
    rbacActions: [
      'Microsoft.Network/networkInterfaces/read',
      'Microsoft.Network/networkSecurityGroups/read',
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/bastionHosts/read',
    ],
    read: true,
  },
  'arc.read': {
    doing: 'reading Azure Arc-enabled servers',
    needs: 'Reader (or Azure Connected Machine Resource Administrator) on {target}',
    rbacActions: ['Microsoft.HybridCompute/machines/read', 'Microsoft.HybridCompute/machines/extensions/read'],
    read: true,
  },
  'arc.extension.write': {
    doing: 'installing the sign-in extension on an Azure Arc-enabled server',
    needs: 'Azure Connected Machine Resource Administrator on {target}',
    rbacActions: [
      'Microsoft.HybridCompute/machines/read',
      'Microsoft.HybridCompute/machines/extensions/read',
      'Microsoft.HybridCompute/machines/extensions/write',
    ],
    read: false,
  },
  // Azure Policy (`enforce`): its reads are not what plan and doctor read, so `read` is false for all.
  'policy.read': {
    doing: 'reading Azure Policy definitions, assignments and compliance',
    needs: 'Reader on {target}',
    rbacActions: [
      'Microsoft.Authorization/policyDefinitions/read',
      'Microsoft.Authorization/policyAssignments/read',
      'Microsoft.PolicyInsights/remediations/read',
      'Microsoft.PolicyInsights/policyStates/queryResults/read',
    ],
    read: false,
  },
  'policy.definition.write': {
    doing: 'creating the policy definition',
    needs: 'Resource Policy Contributor (or Owner) on {target}',
    rbacActions: ['Microsoft.Authorization/policyDefinitions/write'],
    read: false,
  },
  'policy.assignment.write': {
    doing: 'assigning the policy',
    needs: 'Resource Policy Contributor (or Owner) on {target}',
    rbacActions: ['Microsoft.Authorization/policyAssignments/write'],
    read: false,
  },
  'policy.remediation.write': {
    doing: 'starting a remediation task',
    needs: 'Resource Policy Contributor (or Owner) on {target}',
    rbacActions: ['Microsoft.PolicyInsights/remediations/write'],
    read: false,
  },
  'network.nic.read': {
    doing: 'reading the network interface',
    needs: READER,
    rbacActions: ['Microsoft.Network/networkInterfaces/read'],
    read: true,
  },
  'network.nsg.read': {
    doing: 'reading the network security group',
    needs: READER,
    rbacActions: ['Microsoft.Network/networkSecurityGroups/read'],
    read: true,
  },
  'network.vnet.read': {
    doing: 'reading the virtual network',
    needs: READER,
    rbacActions: ['Microsoft.Network/virtualNetworks/read'],
    read: true,
  },
  'network.bastion.read': {
    doing: 'reading Azure Bastion hosts',
    needs: READER,
    rbacActions: ['Microsoft.Network/bastionHosts/read'],
    read: true,
  },
  'graph.tenant.read': {
    doing: 'reading the tenant',
    needs: 'the User.Read permission',
    graphScopes: ['User.Read'],
    read: true,
  },
  'graph.principals.read': {
    doing: 'looking up users and groups',
    needs: 'User.Read.All and GroupMember.Read.All (or Directory.Read.All)',
    graphScopes: ['User.Read.All', 'GroupMember.Read.All'],
    read: true,
  },
  'graph.devices.read': {
    doing: 'reading devices',
    needs: 'Device.Read.All (or Directory.Read.All)',
    graphScopes: ['Device.Read.All'],
    read: true,
  },
  'graph.servicePrincipals.read': {
    doing: 'reading service principals',
    needs: 'Application.Read.All (or Directory.Read.All)',
    graphScopes: ['Application.Read.All'],
    read: true,
  },
  'graph.servicePrincipals.write': {
    doing: 'creating service principals',
    needs: 'Application.ReadWrite.All and Cloud Application Administrator or Application Administrator',
    graphScopes: ['Application.ReadWrite.All'],
    read: false,
  },
  'graph.ca.read': {
    doing: 'reading Conditional Access policies',
    needs: 'Policy.Read.All and the Security Reader, Global Reader or Conditional Access Administrator role',
    graphScopes: ['Policy.Read.All'],
    read: true,
  },
  'graph.ca.write': {
    doing: 'changing Conditional Access policies',
    needs: 'Policy.ReadWrite.ConditionalAccess consent and the Conditional Access Administrator role',
    graphScopes: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All'],
    read: false,
  },
  'graph.devices.write': {
    doing: 'deleting a device',
    needs: 'Device.ReadWrite.All consent and the Cloud Device Administrator role',
    graphScopes: ['Device.ReadWrite.All'],
    read: false,
  },
  'graph.securityDefaults.read': {
    doing: 'reading security defaults',
    needs: 'Policy.Read.All and the Security Reader or Global Reader role',
    graphScopes: ['Policy.Read.All'],
    read: true,
  },
  'graph.securityDefaults.write': {
    doing: 'changing security defaults',
    needs: 'Policy.ReadWrite.ConditionalAccess and Security Administrator',
    graphScopes: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All'],
    read: false,
  },
  'graph.perUserMfa.read': {
    doing: 'reading per-user MFA',
    needs: 'Policy.Read.All and the Authentication Policy Administrator or Global Reader role',
    graphScopes: ['Policy.Read.All'],
    read: true,
  },
  'graph.perUserMfa.write': {
    doing: 'changing per-user MFA',
    needs: 'Policy.ReadWrite.AuthenticationMethod and Authentication Policy Administrator',
    graphScopes: ['Policy.ReadWrite.AuthenticationMethod'],
    read: false,
  },
  'graph.authMethods.read': {
    doing: 'reading authentication methods',
    needs: 'UserAuthenticationMethod.Read.All and AuditLog.Read.All and the Authentication Administrator role',
    graphScopes: ['UserAuthenticationMethod.Read.All'],
    read: true,
  },
  'graph.registrationDetails.read': {
    doing: 'reading authentication method registration details',
    needs: 'AuditLog.Read.All and the Reports Reader, Security Reader or Global Reader role',
    graphScopes: ['AuditLog.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2',
    read: true,
  },
  'graph.licences.read': {
    doing: 'reading licences',
    needs: 'Organization.Read.All (or Directory.Read.All)',
    graphScopes: ['Organization.Read.All'],
    read: true,
  },
  'graph.signIns.read': {
    doing: 'reading sign-in logs',
    needs:
      'AuditLog.Read.All and Directory.Read.All, a Reports Reader, Security Reader or Global Reader role, and an Entra ID P1 licence',
    graphScopes: ['AuditLog.Read.All', 'Directory.Read.All'],
    licence: 'Microsoft Entra ID P1 or P2',
    read: true,
    optional: 'sign-in evidence in doctor, and review-policy',
  },
  'graph.ca.evaluate': {
    doing: 'running Conditional Access What-If',
    needs: 'Policy.Read.ConditionalAccess (or Policy.Read.All)',
    graphScopes: ['Policy.Read.ConditionalAccess'],
    read: true,
    optional: "Microsoft's What-If beside doctor's own evaluation",
  },
};

/** The operations each action kind performs, reads included (apply re-reads what it changes). */
export const ACTION_OPERATIONS: Record<ActionKind, readonly OperationName[]> = {
  'enable-system-identity': ['vm.read', 'vm.identity.write'],
  'install-extension': ['vm.read', 'vm.extension.write'],
  'assign-role': ['roleAssignments.write'],
  'create-service-principal': ['graph.servicePrincipals.read', 'graph.servicePrincipals.write'],
  'create-ca-policy': ['graph.ca.write'],
  'update-ca-policy': ['graph.ca.write'],
  'disable-per-user-mfa': ['graph.perUserMfa.write'],
  'disable-security-defaults': ['graph.securityDefaults.write'],
  'create-policy-definition': ['policy.read', 'policy.definition.write'],
  'assign-policy': ['policy.read', 'policy.assignment.write'],
  'assign-policy-role': ['policy.read', 'roleAssignments.write'],
  'start-remediation': ['policy.read', 'policy.remediation.write'],
  'enable-ca-policies': ['graph.ca.write'],
  'remove-stale-device': ['graph.devices.write'],
  'start-vm': ['vm.read', 'vm.start'],
};

/** The Entra role an admin needs for each action kind's Graph writes (Azure roles are in `needs`). */
export const ACTION_ROLES: Record<ActionKind, string> = {
  'enable-system-identity': 'Virtual Machine Contributor on the VM',
  'install-extension': 'Virtual Machine Contributor on the VM',
  'assign-role': 'Owner, User Access Administrator or Role Based Access Control Administrator on the scope',
  'create-service-principal': 'Cloud Application Administrator or Application Administrator',
  'create-ca-policy': 'Conditional Access Administrator or Security Administrator',
  'update-ca-policy': 'Conditional Access Administrator or Security Administrator',
  'disable-per-user-mfa': 'Authentication Policy Administrator',
  'disable-security-defaults': 'Security Administrator',
  'create-policy-definition': 'Resource Policy Contributor on the management group or subscription',
  'assign-policy': 'Resource Policy Contributor on the scope',
  'assign-policy-role': 'Owner, User Access Administrator or Role Based Access Control Administrator on the scope',
  'start-remediation': 'Resource Policy Contributor on the scope',
  'enable-ca-policies': 'Conditional Access Administrator or Security Administrator',
  'remove-stale-device': 'Cloud Device Administrator',
  'start-vm': 'Virtual Machine Contributor on the VM',
};

/** What one operation needs, with `{target}` (and `{actions}`) filled in. */
export function needsFor(name: OperationName, target?: string): string {
  const p = PERMISSIONS[name];
  return p.needs
    .replaceAll('{actions}', (p.rbacActions ?? []).join(', '))
    .replaceAll('{target}', target ?? 'the target');
}

const unique = (xs: readonly string[]) => [...new Set(xs)].sort();

/** Every RBAC action and Graph permission a read-only `plan` or `doctor` needs (optional reads aside). */
export function readOnlyNeeds(): { rbacActions: string[]; graphScopes: string[] } {
  const reads = Object.values(PERMISSIONS).filter((p) => p.read && !p.optional);
  return {
    rbacActions: unique(reads.flatMap((p) => p.rbacActions ?? [])),
    graphScopes: unique(reads.flatMap((p) => p.graphScopes ?? [])),
  };
}

/** The reads the tool does without when refused, each with what it adds and the licence it needs. */
export function optionalReadNeeds(): { graphScopes: string[]; adds: string; licence?: string }[] {
  return Object.values(PERMISSIONS)
    .filter((p) => p.read && p.optional)
    .map((p) => ({
      graphScopes: [...(p.graphScopes ?? [])],
      adds: p.optional!,
      ...(p.licence ? { licence: p.licence } : {}),
    }));
}

/** What applying one action kind needs: its writes plus the reads apply makes first. */
export function actionNeeds(kind: ActionKind): { rbacActions: string[]; graphScopes: string[]; roles: string } {
  const ops = ACTION_OPERATIONS[kind].map((n) => PERMISSIONS[n]);
  return {
    rbacActions: unique(ops.flatMap((p) => p.rbacActions ?? [])),
    graphScopes: unique(ops.flatMap((p) => p.graphScopes ?? [])),
    roles: ACTION_ROLES[kind],
  };
}

/** A custom role definition in the shape `az role definition create --role-definition @file.json` accepts. */
export interface RoleDefinition {
  Name: string;
  IsCustom: true;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

export function readOnlyRoleDefinition(subscriptionIds: readonly string[]): RoleDefinition {
  return {
    Name: 'entra-vm-login reader',
    IsCustom: true,
    Description:
      'What entra-vm-login plan and doctor read: subscriptions, VMs and their extensions, extension versions, role assignments, NICs, NSGs, VNets and Bastion hosts.',
    Actions: readOnlyNeeds().rbacActions,
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes:
      subscriptionIds.length > 0
        ? subscriptionIds.map((s) => `/subscriptions/${s}`)
        : ['/subscriptions/{subscription-id}'],
  };
}
