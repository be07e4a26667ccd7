/**
 * Closed parameters of the fleet-enforcement kinds. What enforcement may write is fixed by two answers, the
 * scope and audit-or-deploy: the one custom definition (its rule is the tool's, never read from the plan), the
 * assignments `enforcedPolicies` lists for that scope, the roles each assignment's definition names, and a
 * remediation under one of those assignments. An edited plan cannot assign another definition, another effect,
 * another role or another scope.
 */
import * as z from 'zod';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { canonicalJson } from '../../src/plan/digest';
import { shellQuote } from '../../src/plan/untrusted';
import { actionKind, guid } from '../shared/action-params';
import {
  assignmentId,
  CUSTOM_DEFINITION_NAME,
  CUSTOM_DEFINITION_VERSION,
  customDefinitionBody,
  customDefinitionId,
  type EnforcedPolicy,
  enforcedPolicies,
  policyRoleAssignmentName,
  remediationsKey,
} from './definition';
import { type EnforceScope, parseEnforceScope } from './scope';

const lower = (id: string) => id.toLowerCase();
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** A scope id as `enforce --scope` writes it; parsing refuses anything else. */
const scopeId = z.string().refine((s) => {
  try {
    return parseEnforceScope(s).id === s;
  } catch {
    return false;
  }
}, 'expected a management group, subscription or resource group id');

const scopeOf = (id: string): EnforceScope => parseEnforceScope(id);

export function where(scope: EnforceScope): string {
  if (scope.kind === 'management-group') return `management group ${scope.managementGroup}`;
  if (scope.kind === 'resource-group') return `resource group ${scope.resourceGroup}`;
  return `subscription ${scope.subscriptionId}`;
}

/** Where the custom definition is saved: the management group, else the subscription. */
function definitionWhere(scope: EnforceScope): string {
  return scope.kind === 'management-group' ? where(scope) : `subscription ${scope.subscriptionId}`;
}

/** The policy the assignment's name stands for, at this scope, in either mode. */
function policyNamed(scope: EnforceScope, name: string): EnforcedPolicy | undefined {
  return [...enforcedPolicies(scope, false), ...enforcedPolicies(scope, true)].find((p) => p.assignmentName === name);
}

/** The plan's own answers chose enforcement at this scope, in this mode. */
function answeredScope(scope: string, answers: Answers): string | undefined {
  if (!answers.enforce) return 'kind: not an enforcement plan';
  try {
    if (parseEnforceScope(answers.enforce.scope).id !== scope) return 'scope: not the scope the plan enforces';
  } catch {
    return 'answers.enforce.scope: not a scope';
  }
  return undefined;
}

function answeredPolicy(scope: string, name: string, answers: Answers): string | undefined {
  const problem = answeredScope(scope, answers);
  if (problem) return problem;
  const wanted = enforcedPolicies(scopeOf(scope), !!answers.enforce?.audit).some((p) => p.assignmentName === name);
  return wanted ? undefined : `name: ${name} is not assigned in ${answers.enforce?.audit ? 'audit' : 'deploy'} mode`;
}

/** The roles enforcement gives the assignments' identities, by name. */
export const ROLE_WORDS: Record<string, string> = {
  [ROLE_IDS.contributor]: 'Contributor',
  [ROLE_IDS.virtualMachineContributor]: 'Virtual Machine Contributor',
};

export const createPolicyDefinitionKind = actionKind({
  params: z
    .object({
      definitionId: z.string(),
      definitionScope: scopeId,
      name: z.literal(CUSTOM_DEFINITION_NAME),
      version: z.literal(CUSTOM_DEFINITION_VERSION),
      /** An older version of the definition exists and is replaced. */
      update: z.boolean().optional(),
    })
    .strict()
    .refine((p) => scopeOf(p.definitionScope).kind !== 'resource-group', {
      message: 'a definition is saved at a management group or subscription',
      path: ['definitionScope'],
    })
    .refine((p) => lower(p.definitionId) === lower(customDefinitionId(scopeOf(p.definitionScope))), {
      message: 'not the id of the tool’s definition at that scope',
      path: ['definitionId'],
    }),
  describe(p) {
    const scope = scopeOf(p.definitionScope);
    const body = customDefinitionBody();
    const at =
      scope.kind === 'management-group'
        ? `--management-group ${shellQuote(scope.managementGroup ?? '')}`
        : `--subscription ${scope.subscriptionId}`;
    return {
      target: p.definitionId,
      summary: `${p.update ? 'Update' : 'Create'} the policy definition ${p.name} at ${definitionWhere(scope)}`,
      command:
        `az policy definition create --name ${p.name} --display-name ${shellQuote(String(body.displayName))} ` +
        `--mode Indexed --rules ${shellQuote(JSON.stringify(body.policyRule))} --params ${shellQuote(JSON.stringify(body.parameters))} ` +
        `--metadata version=${p.version} ${at}`,
    };
  },
  inAnswers(p, answers) {
    if (!answers.enforce) return 'kind: not an enforcement plan';
    const enforced = parseEnforceScope(answers.enforce.scope);
    return lower(enforced.definitionScope) === lower(p.definitionScope)
      ? undefined
      : 'definitionScope: not where the enforced scope saves its definition';
  },
});

export const assignPolicyKind = actionKind({
  params: z
    .object({
      assignmentId: z.string(),
      scope: scopeId,
      name: z.string(),
      displayName: z.string(),
      definitionId: z.string(),
      parameters: z.record(z.string(), z.object({ value: z.unknown() }).strict()),
      identity: z.boolean(),
      location: z.string().regex(/^[a-z0-9]+$/i, 'expected an Azure region name'),
      /** The assignment exists with other settings and is replaced. */
      update: z.boolean().optional(),
    })
    .strict()
    .superRefine((p, ctx) => {
      const scope = scopeOf(p.scope);
      const policy = policyNamed(scope, p.name);
      const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (!policy) return fail('name', 'not an assignment this tool makes');
      if (lower(p.assignmentId) !== lower(assignmentId(scope, p.name))) fail('assignmentId', 'not that assignment');
      if (p.displayName !== policy.displayName) fail('displayName', 'not that assignment’s name');
      if (lower(p.definitionId) !== lower(policy.definitionId)) fail('definitionId', 'not the definition it assigns');
      if (!same(p.parameters, policy.parameters)) fail('parameters', 'not the effect the tool assigns');
      if (p.identity !== policy.remediates) fail('identity', 'not the identity that assignment needs');
    }),
  describe(p) {
    const scope = scopeOf(p.scope);
    const builtIn = !!policyNamed(scope, p.name)?.builtIn;
    const params = Object.keys(p.parameters).length ? ` --params ${shellQuote(JSON.stringify(p.parameters))}` : '';
    const mi = p.identity ? ` --mi-system-assigned --location ${p.location}` : '';
    return {
      target: p.assignmentId,
      summary: `${p.update ? 'Update' : 'Assign'} ${builtIn ? 'the built-in policy' : 'the policy'} “${p.displayName}” at ${where(scope)}`,
      command: `az policy assignment create --name ${p.name} --display-name ${shellQuote(p.displayName)} --policy ${p.definitionId} --scope ${shellQuote(p.scope)}${params}${mi}`,
    };
  },
  inAnswers: (p, answers) => answeredPolicy(p.scope, p.name, answers),
});

export const assignPolicyRoleKind = actionKind({
  params: z
    .object({
      assignmentId: z.string(),
      scope: scopeId,
      roleDefinitionGuid: guid,
      name: guid,
    })
    .strict()
    .superRefine((p, ctx) => {
      const scope = scopeOf(p.scope);
      const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      const policy = [...enforcedPolicies(scope, false)].find(
        (x) => lower(assignmentId(scope, x.assignmentName)) === lower(p.assignmentId),
      );
      if (!policy) return fail('assignmentId', 'not an assignment this tool makes at that scope');
      if (!policy.roleGuids.includes(lower(p.roleDefinitionGuid))) {
        fail('roleDefinitionGuid', 'not a role that assignment’s definition names');
      }
      if (lower(p.name) !== policyRoleAssignmentName(p.scope, p.assignmentId, lower(p.roleDefinitionGuid))) {
        fail('name', 'not the role assignment name the tool derives');
      }
    }),
  describe(p) {
    const scope = scopeOf(p.scope);
    const assignment = p.assignmentId.split('/').at(-1) ?? p.assignmentId;
    const role = ROLE_WORDS[lower(p.roleDefinitionGuid)] ?? p.roleDefinitionGuid;
    const principal = `$(az policy assignment show --name ${assignment} --scope ${shellQuote(p.scope)} --query identity.principalId -o tsv)`;
    return {
      target: p.scope,
      summary: `Assign ${role} to the identity of ${assignment} on ${where(scope)}`,
      command: `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role ${shellQuote(role)} --scope ${shellQuote(p.scope)}`,
    };
  },
  inAnswers: (p, answers) => answeredPolicy(p.scope, p.assignmentId.split('/').at(-1) ?? '', answers),
});

/** Where `az policy remediation` creates the task: it takes a management group, or a subscription and group. */
function azRemediationScope(scope: EnforceScope): string {
  if (scope.kind === 'management-group') return `--management-group ${shellQuote(scope.managementGroup ?? '')}`;
  const rg = scope.kind === 'resource-group' ? ` --resource-group ${shellQuote(scope.resourceGroup ?? '')}` : '';
  return `--subscription ${scope.subscriptionId}${rg}`;
}

export const startRemediationKind = actionKind({
  params: z
    .object({
      remediationId: z.string(),
      scope: scopeId,
      name: z.string().regex(/^[a-z0-9-]{1,24}-\d{1,6}$/, 'expected <assignment>-<n>'),
      assignmentId: z.string(),
      resourceDiscoveryMode: z.enum(['ReEvaluateCompliance', 'ExistingNonCompliant']),
    })
    .strict()
    .superRefine((p, ctx) => {
      const scope = scopeOf(p.scope);
      const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      const policy = enforcedPolicies(scope, false).find(
        (x) => lower(assignmentId(scope, x.assignmentName)) === lower(p.assignmentId),
      );
      if (!policy?.remediates) return fail('assignmentId', 'not an assignment this tool remediates at that scope');
      if (!p.name.startsWith(`${policy.assignmentName}-`)) fail('name', 'not named after its assignment');
      if (lower(p.remediationId) !== lower(`${remediationsKey(scope)}/${p.name}`))
        fail('remediationId', 'not that task');
      if (scope.kind === 'management-group' && p.resourceDiscoveryMode === 'ReEvaluateCompliance') {
        fail('resourceDiscoveryMode', 'management groups do not offer re-evaluation');
      }
    }),
  describe(p) {
    const assignment = p.assignmentId.split('/').at(-1) ?? p.assignmentId;
    return {
      target: p.remediationId,
      summary: `Remediate the VMs that exist today under ${assignment}`,
      command: `az policy remediation create --name ${p.name} --policy-assignment ${shellQuote(p.assignmentId)} --resource-discovery-mode ${p.resourceDiscoveryMode} ${azRemediationScope(scopeOf(p.scope))}`,
    };
  },
  inAnswers: (p, answers) => answeredPolicy(p.scope, p.assignmentId.split('/').at(-1) ?? '', answers),
});

/** The contracts of the enforcement kinds; their actions are filed under the identity-and-extension step. */
export const ENFORCEMENT_CONTRACTS = {
  'create-policy-definition': createPolicyDefinitionKind,
  'assign-policy': assignPolicyKind,
  'assign-policy-role': assignPolicyRoleKind,
  'start-remediation': startRemediationKind,
} as const;
