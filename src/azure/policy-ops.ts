/**
 * `PolicyOperations` over the official SDK clients: @azure/arm-policy for definitions and assignments,
 * @azure/arm-policyinsights for remediations and policy states. Reads go through the read retry (a listing is
 * read again whole); writes are sent once and translated, because the executor owns write retries.
 */
import type { PolicyAssignment, PolicyClient, PolicyDefinition } from '@azure/arm-policy';
import type { PolicyInsightsClient, PolicyState, Remediation } from '@azure/arm-policyinsights';
import { UserError } from '../errors';
import type {
  PolicyAssignmentFacts,
  PolicyDefinitionFacts,
  PolicyStateFacts,
  RemediationFacts,
} from '../plan/enforcement';
import { contentHash } from '../plan/fingerprint';
import { type ClientContext, createPolicyClient, createPolicyInsightsClient } from './clients';
import { type OperationDescriptor, translateError } from './errors';
import type { PolicyOperations } from './operations';
import { type RetryPolicy, withReadRetry } from './read-retry';
import { afterLoading, loadPolicySdks } from './sdk-modules';

/** Subscription id for clients whose operation takes a management group or a full scope. */
const UNUSED_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

type Scope =
  | { kind: 'tenant' }
  | { kind: 'management-group'; managementGroup: string }
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'resource-group'; subscriptionId: string; resourceGroup: string };

export function scopeOf(scope: string): Scope {
  const s = scope.replace(/\/+$/, '');
  if (s === '') return { kind: 'tenant' };
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(s);
  if (mg) return { kind: 'management-group', managementGroup: mg[1]! };
  const rg = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(s);
  if (rg) return { kind: 'resource-group', subscriptionId: rg[1]!, resourceGroup: rg[2]! };
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(s);
  if (sub) return { kind: 'subscription', subscriptionId: sub[1]! };
  throw new UserError(
    'bad-input',
    `Not a policy scope: ${scope}`,
    'Use a management group, subscription or resource group id.',
  );
}

/** `{scope}/providers/{namespace}/{collection}/{name}` → scope and name. */
export function splitId(id: string, collection: string): { scope: string; name: string } {
  const m = new RegExp(`^(.*)/providers/Microsoft\\.[A-Za-z]+/${collection}/([^/]+)$`, 'i').exec(id);
  if (!m) throw new UserError('bad-input', `Not a ${collection} id: ${id}`, `Use …/providers/…/${collection}/<name>.`);
  return { scope: m[1]!, name: m[2]! };
}

const subscriptionOfScope = (s: Scope) =>
  s.kind === 'subscription' || s.kind === 'resource-group' ? s.subscriptionId : UNUSED_SUBSCRIPTION;

function definitionOf(d: PolicyDefinition): PolicyDefinitionFacts {
  return {
    id: d.id ?? '',
    name: d.name ?? '',
    policyType: d.policyType ?? 'NotSpecified',
    displayName: d.displayName,
    version: d.version ?? (d.metadata as { version?: string } | undefined)?.version,
    contentHash: contentHash({ mode: d.mode ?? null, parameters: d.parameters ?? null, rule: d.policyRule ?? null }),
  };
}

function assignmentOf(a: PolicyAssignment): PolicyAssignmentFacts {
  const parameters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.parameters ?? {})) parameters[k] = v?.value;
  const facts: PolicyAssignmentFacts = {
    id: a.id ?? '',
    name: a.name ?? '',
    scope: a.scope ?? '',
    policyDefinitionId: a.policyDefinitionId ?? '',
    parameters,
    enforcementMode: a.enforcementMode ?? 'Default',
  };
  if (a.identity?.principalId) facts.principalId = a.identity.principalId;
  if (a.location) facts.location = a.location;
  return facts;
}

function remediationOf(r: Remediation): RemediationFacts {
  const facts: RemediationFacts = {
    id: r.id ?? '',
    name: r.name ?? '',
    policyAssignmentId: r.policyAssignmentId ?? '',
    provisioningState: r.provisioningState ?? 'Unknown',
    totalDeployments: r.deploymentStatus?.totalDeployments ?? 0,
    successfulDeployments: r.deploymentStatus?.successfulDeployments ?? 0,
    failedDeployments: r.deploymentStatus?.failedDeployments ?? 0,
  };
  if (r.createdOn) facts.createdOn = new Date(r.createdOn).toISOString();
  if (r.statusMessage) facts.statusMessage = r.statusMessage;
  return facts;
}

function stateOf(s: PolicyState): PolicyStateFacts {
  return {
    resourceId: s.resourceId ?? '',
    resourceType: s.resourceType ?? '',
    complianceState:
      s.complianceState ??
      (s.isCompliant === true ? 'Compliant' : s.isCompliant === false ? 'NonCompliant' : 'Unknown'),
    policyAssignmentId: s.policyAssignmentId ?? '',
    policyDefinitionId: s.policyDefinitionId ?? '',
  };
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** OData string literal: single quotes doubled. */
const odata = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function createPolicyOperations(ctx: ClientContext, retry: RetryPolicy): PolicyOperations {
  const policies = new Map<string, PolicyClient>();
  const insights = new Map<string, PolicyInsightsClient>();
  const policy = (sub: string) => {
    let c = policies.get(sub);
    if (!c) {
      c = createPolicyClient(ctx, sub);
      policies.set(sub, c);
    }
    return c;
  };
  const insight = (sub: string) => {
    let c = insights.get(sub);
    if (!c) {
      c = createPolicyInsightsClient(ctx, sub);
      insights.set(sub, c);
    }
    return c;
  };
  const tr = (op: OperationDescriptor) => (e: unknown) => translateError(e, op, 'arm');
  const read = <T>(target: string, fn: () => Promise<T>) =>
    withReadRetry(fn, tr({ name: 'policy.read', target }), retry);
  const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      return await p;
    } catch (e) {
      if (e instanceof UserError && e.code === 'not-found') return undefined;
      throw e;
    }
  };
  const write = async <T>(op: OperationDescriptor, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw translateError(e, op, 'arm');
    }
  };

  const operations: PolicyOperations = {
    async getPolicyDefinition(id) {
      const { scope, name } = splitId(id, 'policyDefinitions');
      const s = scopeOf(scope);
      const c = policy(subscriptionOfScope(s));
      const got = await orUndefined(
        read(id, () =>
          s.kind === 'tenant'
            ? c.policyDefinitions.getBuiltIn(name)
            : s.kind === 'management-group'
              ? c.policyDefinitions.getAtManagementGroup(s.managementGroup, name)
              : c.policyDefinitions.get(name),
        ),
      );
      return got ? definitionOf(got) : undefined;
    },

    async createPolicyDefinition(id, properties) {
      const { scope, name } = splitId(id, 'policyDefinitions');
      const s = scopeOf(scope);
      const c = policy(subscriptionOfScope(s));
      const body = properties as PolicyDefinition;
      return definitionOf(
        await write({ name: 'policy.definition.write', target: scope }, () =>
          s.kind === 'management-group'
            ? c.policyDefinitions.createOrUpdateAtManagementGroup(s.managementGroup, name, body)
            : c.policyDefinitions.createOrUpdate(name, body),
        ),
      );
    },

    async getPolicyAssignment(id) {
      const { scope, name } = splitId(id, 'policyAssignments');
      const got = await orUndefined(
        read(id, () => policy(subscriptionOfScope(scopeOf(scope))).policyAssignments.get(scope.slice(1), name)),
      );
      return got ? assignmentOf(got) : undefined;
    },

    async createPolicyAssignment(id, input) {
      const { scope, name } = splitId(id, 'policyAssignments');
      const body: PolicyAssignment = {
        displayName: input.displayName,
        policyDefinitionId: input.policyDefinitionId,
        parameters: input.parameters,
        enforcementMode: 'Default',
        metadata: { createdBy: 'entra-vm-login' },
        ...(input.identity ? { identity: { type: 'SystemAssigned' }, location: input.location } : {}),
      };
      return assignmentOf(
        await write({ name: 'policy.assignment.write', target: scope }, () =>
          policy(subscriptionOfScope(scopeOf(scope))).policyAssignments.create(scope.slice(1), name, body),
        ),
      );
    },

    async listRemediations(scope, policyAssignmentId) {
      const s = scopeOf(scope);
      const c = insight(subscriptionOfScope(s));
      const queryOptions = { filter: `PolicyAssignmentId eq ${odata(policyAssignmentId)}` };
      const list = await read(scope, () =>
        all(
          s.kind === 'management-group'
            ? c.remediations.listForManagementGroup(s.managementGroup, { queryOptions })
            : s.kind === 'resource-group'
              ? c.remediations.listForResourceGroup(s.resourceGroup, { queryOptions })
              : c.remediations.listForSubscription({ queryOptions }),
        ),
      );
      return list.map(remediationOf);
    },

    async getRemediation(id) {
      const { scope, name } = splitId(id, 'remediations');
      const s = scopeOf(scope);
      const c = insight(subscriptionOfScope(s));
      const got = await orUndefined(
        read(id, () =>
          s.kind === 'management-group'
            ? c.remediations.getAtManagementGroup(s.managementGroup, name)
            : s.kind === 'resource-group'
              ? c.remediations.getAtResourceGroup(s.resourceGroup, name)
              : c.remediations.getAtSubscription(name),
        ),
      );
      return got ? remediationOf(got) : undefined;
    },

    async createRemediation(id, input) {
      const { scope, name } = splitId(id, 'remediations');
      const s = scopeOf(scope);
      const c = insight(subscriptionOfScope(s));
      const body: Remediation = {
        policyAssignmentId: input.policyAssignmentId,
        resourceDiscoveryMode: input.resourceDiscoveryMode,
      };
      return remediationOf(
        await write({ name: 'policy.remediation.write', target: scope }, () =>
          s.kind === 'management-group'
            ? c.remediations.createOrUpdateAtManagementGroup(s.managementGroup, name, body)
            : s.kind === 'resource-group'
              ? c.remediations.createOrUpdateAtResourceGroup(s.resourceGroup, name, body)
              : c.remediations.createOrUpdateAtSubscription(name, body),
        ),
      );
    },

    async listPolicyStates(scope, policyAssignmentId) {
      const s = scopeOf(scope);
      const c = insight(subscriptionOfScope(s));
      const queryOptions = { filter: `policyAssignmentId eq ${odata(policyAssignmentId.toLowerCase())}` };
      const list = await read(scope, () =>
        all(
          s.kind === 'management-group'
            ? c.policyStates.listQueryResultsForManagementGroup('latest', s.managementGroup, { queryOptions })
            : s.kind === 'resource-group'
              ? c.policyStates.listQueryResultsForResourceGroup('latest', s.subscriptionId, s.resourceGroup, {
                  queryOptions,
                })
              : c.policyStates.listQueryResultsForSubscription('latest', subscriptionOfScope(s), { queryOptions }),
        ),
      );
      return list.map(stateOf);
    },
  };
  // The policy packages are loaded by the first policy operation (only `enforce` has any).
  return afterLoading(operations, loadPolicySdks);
}
