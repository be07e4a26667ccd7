/**
 * Facts about fleet enforcement through Azure Policy: plain data read by the gateway, so that the enforcement
 * rules, the compliance report and their tests stay pure. Ids are ARM ids as Azure returns them.
 */

export interface PolicyDefinitionFacts {
  id: string;
  name: string;
  /** `BuiltIn`, `Custom`, `Static`. */
  policyType: string;
  displayName?: string;
  version?: string;
  /** Content hash of mode, parameters and rule: what the stale check compares. */
  contentHash: string;
}

export interface PolicyAssignmentFacts {
  id: string;
  name: string;
  scope: string;
  policyDefinitionId: string;
  /** Parameter values by name (`{ effect: 'DeployIfNotExists' }`). */
  parameters: Record<string, unknown>;
  enforcementMode: string;
  /** The assignment's system-assigned identity, when it has one. */
  principalId?: string;
  location?: string;
}

export interface RemediationFacts {
  id: string;
  name: string;
  policyAssignmentId: string;
  /** `Accepted`, `Evaluating`, `Succeeded`, `Failed`, `Canceled`, `Cancelling`, `Complete`. */
  provisioningState: string;
  createdOn?: string;
  totalDeployments: number;
  successfulDeployments: number;
  failedDeployments: number;
  statusMessage?: string;
}

export interface PolicyStateFacts {
  resourceId: string;
  resourceType: string;
  /** `Compliant`, `NonCompliant`, `Unknown`, `Exempt`, … */
  complianceState: string;
  policyAssignmentId: string;
  policyDefinitionId: string;
}

/** What `enforce` discovers for one scope. */
export interface EnforcementFacts {
  scope: string;
  /** Definitions by lower-case id; null when it does not exist (or a built-in is not in this cloud). */
  definitions: Record<string, PolicyDefinitionFacts | null>;
  /** Assignments by lower-case id; null when it does not exist. */
  assignments: Record<string, PolicyAssignmentFacts | null>;
  /** Role definition guids held by each existing assignment's identity at the assignment scope, by assignment id (lower case). */
  identityRoles: Record<string, string[]>;
  /** Remediations of each existing assignment, by assignment id (lower case). */
  remediations: Record<string, RemediationFacts[]>;
  /** Latest policy states of each existing assignment, by assignment id (lower case). */
  states: Record<string, PolicyStateFacts[]>;
  /** Where the assignments' identities live: the region most VMs in scope use, else a default. */
  location: string;
  /** How `location` was chosen, for the plan's reason. */
  locationSource: string;
}
