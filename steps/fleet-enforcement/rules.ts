/**
 * Fleet enforcement rules: from what exists at the scope to the changes that make Azure Policy keep every VM
 * there configured. Pure and deterministic.
 *
 * Invariants: the custom definition is written before any assignment of it; an assignment's identity gets its
 * roles before a remediation runs under it; the extension's remediation waits for the identity remediations
 * (the extension fails with 1007 without the identity); audit mode writes no identity, role or remediation.
 */
import type { EnforcementFacts } from '../../src/plan/enforcement';
import { contentHash } from '../../src/plan/fingerprint';
import type { ActionDraft } from '../../src/plan/types';
import { actionKey } from '../shared/contract';
import {
  assignmentId,
  CUSTOM_DEFINITION_NAME,
  CUSTOM_DEFINITION_VERSION,
  customDefinitionId,
  type EnforcedPolicy,
  enforcedPolicies,
  POLICY_ROLE_NAMESPACE,
  policyRoleAssignmentName,
  remediationsKey,
} from './definition';
import {
  assignPolicyKind,
  assignPolicyRoleKind,
  createPolicyDefinitionKind,
  ROLE_WORDS,
  startRemediationKind,
  where,
} from './params';
import type { EnforceScope } from './scope';

export { POLICY_ROLE_NAMESPACE, policyRoleAssignmentName, remediationsKey };

export interface EnforceChoices {
  scope: EnforceScope;
  audit: boolean;
}

const lower = (id: string) => id.toLowerCase();
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'complete']);
function definitionDraft(facts: EnforcementFacts, choices: EnforceChoices): ActionDraft | undefined {
  const id = customDefinitionId(choices.scope);
  const existing = facts.definitions[lower(id)];
  if (existing && existing.version === CUSTOM_DEFINITION_VERSION) return undefined;
  const params = {
    definitionId: id,
    definitionScope: choices.scope.definitionScope,
    name: CUSTOM_DEFINITION_NAME,
    version: CUSTOM_DEFINITION_VERSION,
    ...(existing ? { update: true } : {}),
  };
  return {
    key: actionKey('create-policy-definition', id),
    kind: 'create-policy-definition',
    step: 'identity-extension',
    ...createPolicyDefinitionKind.describe(params, 'AzureCloud'),
    reason: existing
      ? `The definition is version ${existing.version ?? 'unknown'}; this tool writes ${CUSTOM_DEFINITION_VERSION}.`
      : 'Microsoft publishes no built-in definition that deploys AADLoginForWindows or AADSSHLoginForLinux; this custom one does, with the publisher and types the tool installs itself.',
    dependsOn: [],
    requires: `Resource Policy Contributor on ${where(choices.scope)}`,
    params,
  };
}

function sameAssignment(facts: EnforcementFacts, policy: EnforcedPolicy, id: string): boolean {
  const a = facts.assignments[lower(id)];
  if (!a) return false;
  const effect = policy.parameters.effect?.value;
  return (
    lower(a.policyDefinitionId) === lower(policy.definitionId) &&
    (effect === undefined || a.parameters.effect === effect) &&
    (!policy.remediates || !!a.principalId)
  );
}

function assignmentDraft(
  facts: EnforcementFacts,
  choices: EnforceChoices,
  policy: EnforcedPolicy,
  definitionKey: string | undefined,
): ActionDraft | undefined {
  const id = assignmentId(choices.scope, policy.assignmentName);
  if (sameAssignment(facts, policy, id)) return undefined;
  const exists = !!facts.assignments[lower(id)];
  const identity = policy.remediates;
  const effect = policy.parameters.effect?.value;
  const params = {
    assignmentId: id,
    scope: choices.scope.id,
    name: policy.assignmentName,
    displayName: policy.displayName,
    definitionId: policy.definitionId,
    parameters: policy.parameters,
    identity,
    location: facts.location,
    ...(exists ? { update: true } : {}),
  };
  return {
    key: actionKey('assign-policy', id),
    kind: 'assign-policy',
    step: 'identity-extension',
    ...assignPolicyKind.describe(params, 'AzureCloud'),
    reason:
      (policy.builtIn
        ? `Microsoft's built-in definition ${policy.definitionId.split('/').pop()} (Modify) adds the system-assigned identity the login extensions need; it is reused as is.`
        : `${effect === 'AuditIfNotExists' ? 'Reports' : 'Installs the login extension on'} every supported VM at ${where(choices.scope)}, including VMs created later.`) +
      (identity
        ? ` The assignment's managed identity, in ${facts.location} (${facts.locationSource}), makes the changes.`
        : ''),
    dependsOn: definitionKey && !policy.builtIn ? [definitionKey] : [],
    requires: `Resource Policy Contributor on ${where(choices.scope)}`,
    params,
  };
}

function roleDrafts(
  facts: EnforcementFacts,
  choices: EnforceChoices,
  policy: EnforcedPolicy,
  assignKey: string | undefined,
): ActionDraft[] {
  const id = assignmentId(choices.scope, policy.assignmentName);
  const held = new Set((facts.identityRoles[lower(id)] ?? []).map(lower));
  return policy.roleGuids
    .filter((guid) => assignKey || !held.has(guid))
    .map((guid) => {
      const role = ROLE_WORDS[guid] ?? guid;
      const params = {
        assignmentId: id,
        scope: choices.scope.id,
        roleDefinitionGuid: guid,
        name: policyRoleAssignmentName(choices.scope.id, id, guid),
      };
      return {
        key: actionKey('assign-policy-role', id, guid),
        kind: 'assign-policy-role' as const,
        step: 'identity-extension' as const,
        ...assignPolicyRoleKind.describe(params, 'AzureCloud'),
        reason: `The definition names ${role} in roleDefinitionIds: without it the remediation's deployments fail with AuthorizationFailed.`,
        dependsOn: assignKey ? [assignKey] : [],
        requires: `Owner, User Access Administrator or Role Based Access Control Administrator on ${where(choices.scope)}`,
        params,
      };
    });
}

function remediationDraft(
  facts: EnforcementFacts,
  choices: EnforceChoices,
  policy: EnforcedPolicy,
  deps: string[],
  assignKey: string | undefined,
): ActionDraft | undefined {
  if (!policy.remediates) return undefined;
  const id = assignmentId(choices.scope, policy.assignmentName);
  const past = facts.remediations[lower(id)] ?? [];
  if (past.some((r) => !TERMINAL.has(lower(r.provisioningState)))) return undefined;
  const nonCompliant = (facts.states[lower(id)] ?? []).filter((s) => s.complianceState === 'NonCompliant').length;
  if (!assignKey && nonCompliant === 0) return undefined;
  const name = `${policy.assignmentName}-${past.length + 1}`;
  // A new assignment has no compliance results for about half an hour; re-evaluating finds today's VMs now.
  // Management groups do not offer re-evaluation: there the task takes the results Azure already has.
  const mode = assignKey && choices.scope.kind !== 'management-group' ? 'ReEvaluateCompliance' : 'ExistingNonCompliant';
  const remediationId = `${remediationsKey(choices.scope)}/${name}`;
  const params = { remediationId, scope: choices.scope.id, name, assignmentId: id, resourceDiscoveryMode: mode };
  return {
    key: actionKey('start-remediation', id),
    kind: 'start-remediation',
    step: 'identity-extension',
    ...startRemediationKind.describe(params, 'AzureCloud'),
    reason: assignKey
      ? `${policy.key === 'extension' ? 'DeployIfNotExists' : 'Modify'} acts by itself only on VMs created or changed after the assignment; a remediation task brings the existing ones into line.`
      : `${nonCompliant} VM${nonCompliant === 1 ? ' is' : 's are'} non-compliant with ${policy.assignmentName} (created after the last remediation, or its deployment failed).`,
    dependsOn: deps,
    requires: `Resource Policy Contributor on ${where(choices.scope)}`,
    params,
  };
}

export function planEnforcement(facts: EnforcementFacts, choices: EnforceChoices): ActionDraft[] {
  const policies = enforcedPolicies(choices.scope, choices.audit);
  const drafts: ActionDraft[] = [];
  const definition = definitionDraft(facts, choices);
  if (definition) drafts.push(definition);
  const identityRemediations: string[] = [];
  for (const policy of policies) {
    const assign = assignmentDraft(facts, choices, policy, definition?.key);
    if (assign) drafts.push(assign);
    const roles = roleDrafts(facts, choices, policy, assign?.key);
    drafts.push(...roles);
    const deps = [...(assign ? [assign.key] : []), ...roles.map((r) => r.key)];
    if (policy.key === 'extension') deps.push(...identityRemediations);
    const remediation = remediationDraft(facts, choices, policy, deps, assign?.key);
    if (remediation) {
      drafts.push(remediation);
      if (policy.key !== 'extension') identityRemediations.push(remediation.key);
    }
  }
  return drafts;
}

/** What `apply` re-reads before its first write: the definition, each assignment, its identity's roles, remediations. */
export function fingerprintEnforcement(facts: EnforcementFacts, choices: EnforceChoices): Record<string, string> {
  const out: Record<string, string> = {};
  const defId = customDefinitionId(choices.scope);
  const def = facts.definitions[lower(defId)];
  out[defId] = contentHash(def ? { version: def.version ?? null, content: def.contentHash } : null);
  const counts: Record<string, number> = {};
  for (const policy of enforcedPolicies(choices.scope, choices.audit)) {
    const id = assignmentId(choices.scope, policy.assignmentName);
    const a = facts.assignments[lower(id)];
    out[id] = contentHash(
      a
        ? {
            definition: lower(a.policyDefinitionId),
            parameters: a.parameters,
            principal: a.principalId ?? null,
            mode: a.enforcementMode,
          }
        : null,
    );
    out[`${id}#roleAssignments`] = contentHash([...(facts.identityRoles[lower(id)] ?? [])].map(lower).sort());
    counts[lower(id)] = (facts.remediations[lower(id)] ?? []).length;
  }
  out[remediationsKey(choices.scope)] = contentHash(counts);
  return out;
}
