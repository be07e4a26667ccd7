/**
 * Apply handlers and verifiers of the enforcement action kinds. Each is idempotent: what already exists as
 * planned counts as done, so a resumed apply never writes twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import type { Gateway, PolicyOperations } from '../../src/azure/operations';
import { BugError, UserError } from '../../src/errors';
import type { RemediationFacts } from '../../src/plan/enforcement';
import type { ActionKind } from '../../src/plan/types';
import { CUSTOM_DEFINITION_VERSION, customDefinitionBody } from './definition';

/** How long apply waits for a remediation task before it says so instead of hanging. */
const REMEDIATION_LIMIT_MS = 30 * 60_000;
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'complete']);

function policyOf(gateway: Gateway): PolicyOperations {
  if (!gateway.policy) throw new BugError('this gateway has no Azure Policy operations');
  return gateway.policy;
}

const str = (v: unknown): string => String(v ?? '');

const createDefinition: ActionHandler = async (action, ctx) => {
  const id = str(action.params.definitionId);
  if (str(action.params.version) !== CUSTOM_DEFINITION_VERSION) {
    throw new UserError(
      'action-failed',
      `the plan writes definition version ${str(action.params.version)}, but this entra-vm-login writes ${CUSTOM_DEFINITION_VERSION}`,
      'Run enforce again with this version to make a new plan.',
    );
  }
  const policy = policyOf(ctx.gateway);
  const existing = await policy.getPolicyDefinition(id);
  if (existing?.version === CUSTOM_DEFINITION_VERSION) {
    return { outcome: 'already-done', detail: `${existing.name} ${existing.version} already saved` };
  }
  const saved = await policy.createPolicyDefinition(id, customDefinitionBody());
  return {
    outcome: 'done',
    detail: `${saved.name} ${saved.version ?? ''}`.trim(),
    outputs: { definitionId: saved.id },
  };
};

const assignPolicy: ActionHandler = async (action, ctx) => {
  const p = action.params as {
    assignmentId: string;
    displayName: string;
    definitionId: string;
    parameters: Record<string, { value: unknown }>;
    identity: boolean;
    location: string;
  };
  const policy = policyOf(ctx.gateway);
  const existing = await policy.getPolicyAssignment(p.assignmentId);
  const effect = p.parameters.effect?.value;
  if (
    existing &&
    existing.policyDefinitionId.toLowerCase() === p.definitionId.toLowerCase() &&
    (effect === undefined || existing.parameters.effect === effect) &&
    (!p.identity || existing.principalId)
  ) {
    return {
      outcome: 'already-done',
      detail: `${existing.name} already assigned`,
      outputs: { principalId: existing.principalId },
    };
  }
  const created = await policy.createPolicyAssignment(p.assignmentId, {
    displayName: p.displayName,
    policyDefinitionId: p.definitionId,
    parameters: p.parameters,
    identity: p.identity,
    location: p.location,
  });
  return { outcome: 'done', outputs: { principalId: created.principalId } };
};

const assignPolicyRole: ActionHandler = async (action, ctx) => {
  const p = action.params as { assignmentId: string; scope: string; roleDefinitionGuid: string; name: string };
  const assignment = await policyOf(ctx.gateway).getPolicyAssignment(p.assignmentId);
  if (!assignment?.principalId) {
    throw new UserError(
      'action-failed',
      `the policy assignment ${p.assignmentId.split('/').pop()} ${assignment ? 'has no managed identity' : 'does not exist'}`,
      'Run enforce again: it re-creates the assignment with its identity.',
    );
  }
  const { created } = await ctx.gateway.arm.createRoleAssignment({
    scope: p.scope,
    name: p.name,
    roleDefinitionGuid: p.roleDefinitionGuid,
    principalId: assignment.principalId,
    // The identity is new: naming its type avoids the replication-delay PrincipalNotFound.
    principalType: 'ServicePrincipal',
    description: `entra-vm-login: identity of policy assignment ${assignment.name}`,
  });
  return created ? { outcome: 'done' } : { outcome: 'already-done', detail: 'role already assigned' };
};

function describeRemediation(r: RemediationFacts): string {
  return `${r.successfulDeployments} of ${r.totalDeployments} deployment${r.totalDeployments === 1 ? '' : 's'} succeeded${r.failedDeployments ? `, ${r.failedDeployments} failed` : ''}`;
}

const startRemediation: ActionHandler = async (action, ctx) => {
  const p = action.params as {
    remediationId: string;
    assignmentId: string;
    resourceDiscoveryMode: 'ExistingNonCompliant' | 'ReEvaluateCompliance';
  };
  const policy = policyOf(ctx.gateway);
  let current = await policy.getRemediation(p.remediationId);
  const resumed = !!current;
  if (!current) {
    current = await policy.createRemediation(p.remediationId, {
      policyAssignmentId: p.assignmentId,
      resourceDiscoveryMode: p.resourceDiscoveryMode,
    });
  }
  const deadline = Date.now() + REMEDIATION_LIMIT_MS;
  for (let waitMs = 100; !TERMINAL.has(current.provisioningState.toLowerCase()); ) {
    if (Date.now() > deadline) {
      throw new UserError(
        'action-failed',
        `remediation ${current.name} is still ${current.provisioningState} after ${REMEDIATION_LIMIT_MS / 60_000} minutes (${describeRemediation(current)})`,
        `It goes on in Azure: check it with 'entra-vm-login enforce --status --scope ${str(action.params.scope)}'.`,
      );
    }
    ctx.progress(`Remediation ${current.name}: ${current.provisioningState}, ${describeRemediation(current)}`);
    await sleep(waitMs, undefined, { signal: ctx.signal });
    waitMs = Math.min(waitMs * 2, 5_000);
    current = (await policy.getRemediation(p.remediationId)) ?? current;
  }
  const state = current.provisioningState.toLowerCase();
  if (state === 'failed' || state === 'canceled' || current.failedDeployments > 0) {
    throw new UserError(
      'action-failed',
      `remediation ${current.name} ${state === 'canceled' ? 'was canceled' : 'failed'}: ${describeRemediation(current)}${current.statusMessage ? ` (${current.statusMessage})` : ''}`,
      `See the failed VMs with 'entra-vm-login enforce --status --scope ${str(action.params.scope)}'; fix them, then run enforce again.`,
    );
  }
  return { outcome: resumed ? 'already-done' : 'done', detail: describeRemediation(current) };
};

const verifyDefinition: ActionVerifier = async (action, gateway) => {
  const d = await policyOf(gateway).getPolicyDefinition(str(action.params.definitionId));
  if (!d) return 'the policy definition does not exist';
  return d.version === CUSTOM_DEFINITION_VERSION ? undefined : `the definition is version ${d.version ?? 'unknown'}`;
};

const verifyAssignment: ActionVerifier = async (action, gateway) => {
  const a = await policyOf(gateway).getPolicyAssignment(str(action.params.assignmentId));
  if (!a) return 'the policy assignment does not exist';
  if (action.params.identity && !a.principalId) return 'the policy assignment has no managed identity';
  return undefined;
};

const verifyRole: ActionVerifier = async (action, gateway) => {
  const a = await policyOf(gateway).getPolicyAssignment(str(action.params.assignmentId));
  if (!a?.principalId) return 'the policy assignment has no managed identity';
  const roles = await gateway.arm.listRoleAssignments(str(action.params.scope), a.principalId);
  const guid = str(action.params.roleDefinitionGuid).toLowerCase();
  return roles.some((r) => r.roleDefinitionGuid.toLowerCase() === guid) ? undefined : 'the role is not assigned';
};

const verifyRemediation: ActionVerifier = async (action, gateway) => {
  const r = await policyOf(gateway).getRemediation(str(action.params.remediationId));
  if (!r) return 'the remediation task does not exist';
  if (!TERMINAL.has(r.provisioningState.toLowerCase())) return `the remediation is still ${r.provisioningState}`;
  return r.failedDeployments > 0 ? describeRemediation(r) : undefined;
};

export const ENFORCEMENT_HANDLERS: Partial<Record<ActionKind, ActionHandler>> = {
  'create-policy-definition': createDefinition,
  'assign-policy': assignPolicy,
  'assign-policy-role': assignPolicyRole,
  'start-remediation': startRemediation,
};

export const ENFORCEMENT_VERIFIERS: Partial<Record<ActionKind, ActionVerifier>> = {
  'create-policy-definition': verifyDefinition,
  'assign-policy': verifyAssignment,
  'assign-policy-role': verifyRole,
  'start-remediation': verifyRemediation,
};
