/**
 * Azure Policy in the simulated tenant: Microsoft.Authorization policy definitions and assignments, and
 * Microsoft.PolicyInsights remediations and policy states, with the wire shapes the SDKs read. Compliance is
 * evaluated live against the VMs (policy-eval.ts), so a VM created after an assignment shows up non-compliant
 * and a remediation task's deployments (extension installs, identity changes) bring it into compliance.
 * Management groups are not modelled beyond their ids: a management group covers every subscription.
 */
import { armError, type EmuRequest, type EmuResponse, eqi, json, noContent } from '../http';
import type {
  PolicyAssignmentModel,
  PolicyDefinitionModel,
  RemediationDeploymentModel,
  RemediationModel,
  VmModel,
} from '../state';
import { key } from '../state';
import { type ArmContext, denied, objectBody, page } from './common';
import { setIdentityType, startExtensionInstall } from './compute';
import { createManagedIdentity } from './identity';
import { type EvalContext, evaluateCondition, evaluateDeep, evaluateExpression, type FieldReader } from './policy-eval';

const MG = /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i;
const OS_TYPE = 'microsoft.compute/virtualmachines/storageprofile.osdisk.ostype';
const EXT = 'microsoft.compute/virtualmachines/extensions/';

/** True when `scope` is `id` or an ancestor; a management group covers everything. */
function covers(scope: string, id: string): boolean {
  if (scope === '' || MG.test(scope)) return true;
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const r = id.toLowerCase();
  return r === s || r.startsWith(`${s}/`);
}

function vmFields(vm: VmModel): FieldReader {
  return (alias) => {
    const a = alias.toLowerCase();
    if (a === 'type') return 'Microsoft.Compute/virtualMachines';
    if (a === 'name') return vm.name;
    if (a === 'fullname') return vm.name;
    if (a === 'location') return vm.location;
    if (a === 'id') return vm.id;
    if (a === 'identity.type') return vm.identity.type === 'None' ? undefined : vm.identity.type;
    if (a === 'microsoft.compute/imagepublisher') return vm.image.publisher;
    if (a === 'microsoft.compute/imageoffer') return vm.image.offer;
    if (a === 'microsoft.compute/imagesku') return vm.image.sku;
    if (a === 'microsoft.compute/imageversion') return vm.image.version;
    if (a === OS_TYPE) return vm.osType;
    if (a === 'microsoft.compute/virtualmachines/osprofile.windowsconfiguration')
      return vm.osType === 'Windows' ? {} : undefined;
    if (a === 'microsoft.compute/virtualmachines/osprofile.linuxconfiguration')
      return vm.osType === 'Linux' ? {} : undefined;
    if (a.startsWith('tags[')) return vm.tags[a.slice(6, -2)];
    return undefined;
  };
}

function extensionFields(vm: VmModel, e: VmModel['extensions'][number]): FieldReader {
  return (alias) => {
    const a = alias.toLowerCase();
    if (a === 'type') return 'Microsoft.Compute/virtualMachines/extensions';
    if (a === 'name') return e.name;
    if (a === 'fullname') return `${vm.name}/${e.name}`;
    if (a === `${EXT}publisher`) return e.publisher;
    if (a === `${EXT}type`) return e.type;
    if (a === `${EXT}typehandlerversion`) return e.typeHandlerVersion;
    if (a === `${EXT}provisioningstate`) return e.provisioningState;
    return undefined;
  };
}

function parametersOf(def: PolicyDefinitionModel, a: PolicyAssignmentModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const declared = (def.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown }>;
  for (const [name, p] of Object.entries(declared)) out[name] = p.defaultValue;
  for (const [name, v] of Object.entries(a.parameters)) out[name] = v.value;
  return out;
}

interface Rule {
  if: unknown;
  then: { effect: string; details?: Record<string, unknown> };
}

interface Evaluation {
  vm: VmModel;
  compliant: boolean;
  effect: string;
}

function definitionOf(ctx: ArmContext, a: PolicyAssignmentModel): PolicyDefinitionModel | undefined {
  return ctx.state.policyDefinitions.get(key(a.policyDefinitionId));
}

/** Every VM the assignment applies to, compliant or not; none when its effect is Disabled. */
export function evaluateAssignment(ctx: ArmContext, a: PolicyAssignmentModel): Evaluation[] {
  const def = definitionOf(ctx, a);
  if (!def) return [];
  const rule = def.properties.policyRule as Rule;
  const parameters = parametersOf(def, a);
  const effect = String(evaluateExpression(rule.then.effect, { field: () => undefined, parameters })).toLowerCase();
  if (effect === 'disabled') return [];
  const out: Evaluation[] = [];
  for (const vm of ctx.state.vms.values()) {
    if (!covers(a.scope, vm.id)) continue;
    const evalCtx: EvalContext = { field: vmFields(vm), parameters };
    if (!evaluateCondition(rule.if, evalCtx)) {
      out.push({ vm, compliant: true, effect });
      continue;
    }
    if (effect === 'deployifnotexists' || effect === 'auditifnotexists') {
      const condition = rule.then.details?.existenceCondition;
      const exists = vm.extensions.some(
        (e) => condition === undefined || evaluateCondition(condition, { field: extensionFields(vm, e), parameters }),
      );
      out.push({ vm, compliant: exists, effect });
    } else out.push({ vm, compliant: false, effect });
  }
  return out;
}

// ---- definitions ----

function definitionJson(d: PolicyDefinitionModel): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    type: 'Microsoft.Authorization/policyDefinitions',
    properties: { ...d.properties },
    systemData: { createdAt: d.createdOn, createdByType: 'User', lastModifiedAt: d.createdOn },
  };
}

export function routePolicyDefinition(req: EmuRequest, ctx: ArmContext, scope: string, name: string | undefined) {
  if (name === undefined) {
    if (req.method !== 'GET') return methodNotAllowed(req);
    const defs = [...ctx.state.policyDefinitions.values()].filter((d) => eqi(d.scope, scope));
    return page(req, ctx, defs, definitionJson);
  }
  const id = `${scope}/providers/Microsoft.Authorization/policyDefinitions/${name}`;
  const existing = ctx.state.policyDefinitions.get(key(id));
  if (req.method === 'GET') {
    return existing
      ? json(200, definitionJson(existing))
      : armError(404, 'PolicyDefinitionNotFound', `The policy definition '${name}' could not be found.`);
  }
  if (scope === '' || !(MG.test(scope) || /^\/subscriptions\/[^/]+$/i.test(scope))) {
    return armError(
      400,
      'InvalidPolicyDefinitionScope',
      `Policy definitions can be created at a management group or a subscription, not at '${scope || '/'}'.`,
    );
  }
  if (req.method === 'DELETE') {
    const deny = denied(ctx, 'Microsoft.Authorization/policyDefinitions/delete', scope);
    if (deny) return deny;
    if ([...ctx.state.policyAssignments.values()].some((a) => eqi(a.policyDefinitionId, id))) {
      return armError(400, 'PolicyDefinitionInUse', `The policy definition '${name}' is in use by assignments.`);
    }
    ctx.state.policyDefinitions.delete(key(id));
    return existing ? json(200, definitionJson(existing)) : noContent();
  }
  if (req.method !== 'PUT') return methodNotAllowed(req);
  const deny = denied(ctx, 'Microsoft.Authorization/policyDefinitions/write', scope);
  if (deny) return { ...deny, target: id };
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const props = (parsed.body.properties ?? {}) as Record<string, unknown>;
  const rule = props.policyRule as Partial<Rule> | undefined;
  if (!rule?.if || !rule.then?.effect) {
    return armError(400, 'InvalidPolicyRule', "Failed to parse policy rule: it needs an 'if' and a 'then.effect'.");
  }
  const version = typeof props.version === 'string' ? props.version : '1.0.0';
  const model: PolicyDefinitionModel = {
    id,
    name,
    scope,
    properties: { ...props, policyType: 'Custom', version, versions: [version] },
    createdOn: existing?.createdOn ?? new Date(ctx.now()).toISOString(),
  };
  ctx.state.policyDefinitions.set(key(id), model);
  return { ...json(201, definitionJson(model)), target: id };
}

// ---- assignments ----

function assignmentJson(ctx: ArmContext, a: PolicyAssignmentModel): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: 'Microsoft.Authorization/policyAssignments',
    ...(a.location ? { location: a.location } : {}),
    ...(a.principalId
      ? { identity: { type: 'SystemAssigned', principalId: a.principalId, tenantId: ctx.state.tenantId } }
      : {}),
    properties: {
      displayName: a.displayName,
      policyDefinitionId: a.policyDefinitionId,
      definitionVersion: '1.*.*',
      scope: a.scope,
      notScopes: [],
      parameters: a.parameters,
      metadata: { ...a.metadata, createdOn: a.createdOn },
      enforcementMode: a.enforcementMode,
      assignmentType: 'Custom',
      instanceId: a.instanceId,
    },
  };
}

export function routePolicyAssignment(req: EmuRequest, ctx: ArmContext, scope: string, name: string | undefined) {
  if (name === undefined) {
    if (req.method !== 'GET') return methodNotAllowed(req);
    const list = [...ctx.state.policyAssignments.values()].filter(
      (a) => covers(a.scope, scope) || covers(scope, a.scope),
    );
    return page(req, ctx, list, (a) => assignmentJson(ctx, a));
  }
  const id = `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`;
  const existing = ctx.state.policyAssignments.get(key(id));
  if (req.method === 'GET') {
    return existing
      ? json(200, assignmentJson(ctx, existing))
      : armError(404, 'PolicyAssignmentNotFound', `The policy assignment '${name}' is not found.`);
  }
  if (req.method === 'DELETE') {
    const deny = denied(ctx, 'Microsoft.Authorization/policyAssignments/delete', scope);
    if (deny) return deny;
    ctx.state.policyAssignments.delete(key(id));
    return existing ? json(200, assignmentJson(ctx, existing)) : noContent();
  }
  if (req.method !== 'PUT') return methodNotAllowed(req);
  const deny = denied(ctx, 'Microsoft.Authorization/policyAssignments/write', scope);
  if (deny) return { ...deny, target: id };
  if (MG.test(scope) && name.length > 24) {
    return armError(
      400,
      'InvalidPolicyAssignmentName',
      `The policy assignment name '${name}' is too long: at a management group it can be at most 24 characters.`,
    );
  }
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const body = parsed.body as { location?: string; identity?: { type?: string }; properties?: Record<string, unknown> };
  const props = body.properties ?? {};
  const definitionId = String(props.policyDefinitionId ?? '');
  const def = ctx.state.policyDefinitions.get(key(definitionId));
  if (!def) {
    return armError(
      404,
      'PolicyDefinitionNotFound',
      `The policy definition '${definitionId.split('/').pop()}' could not be found.`,
    );
  }
  const withIdentity = eqi(body.identity?.type, 'SystemAssigned');
  if (withIdentity && !body.location) {
    return armError(
      400,
      'LocationRequired',
      'The location property is required for this definition: a policy assignment with a managed identity needs a location.',
    );
  }
  const effect = String(
    evaluateExpression((def.properties.policyRule as Rule).then.effect, {
      field: () => undefined,
      parameters: parametersOf(def, {
        parameters: (props.parameters ?? {}) as PolicyAssignmentModel['parameters'],
      } as PolicyAssignmentModel),
    }),
  ).toLowerCase();
  if ((effect === 'deployifnotexists' || effect === 'modify') && !withIdentity) {
    return armError(
      400,
      'InvalidCreatePolicyAssignmentRequest',
      `The policy assignment '${name}' request is invalid. Policy assignments must include a 'managed identity' when assigning '${effect === 'modify' ? 'Modify' : 'DeployIfNotExists'}' policy definitions.`,
    );
  }
  const model: PolicyAssignmentModel = {
    id,
    name,
    scope,
    location: body.location,
    principalId: withIdentity ? (existing?.principalId ?? createManagedIdentity(ctx, name)) : undefined,
    displayName: typeof props.displayName === 'string' ? props.displayName : undefined,
    policyDefinitionId: def.id,
    parameters: (props.parameters ?? {}) as PolicyAssignmentModel['parameters'],
    enforcementMode: eqi(String(props.enforcementMode ?? ''), 'DoNotEnforce') ? 'DoNotEnforce' : 'Default',
    metadata: (props.metadata ?? {}) as Record<string, unknown>,
    instanceId: existing?.instanceId ?? crypto.randomUUID(),
    createdOn: existing?.createdOn ?? new Date(ctx.now()).toISOString(),
  };
  ctx.state.policyAssignments.set(key(id), model);
  return { ...json(201, assignmentJson(ctx, model)), target: id };
}

// ---- Policy Insights ----

function deploymentState(ctx: ArmContext, d: RemediationDeploymentModel): 'Succeeded' | 'Failed' | 'Running' {
  if (d.error) return 'Failed';
  const op = d.operationId ? ctx.state.operations.get(d.operationId) : undefined;
  if (!op) return 'Succeeded';
  if (op.status === 'InProgress') return 'Running';
  return op.status === 'Failed' ? 'Failed' : 'Succeeded';
}

function deploymentError(ctx: ArmContext, d: RemediationDeploymentModel) {
  return d.error ?? (d.operationId ? ctx.state.operations.get(d.operationId)?.error : undefined);
}

function remediationJson(ctx: ArmContext, r: RemediationModel): Record<string, unknown> {
  const states = r.deployments.map((d) => deploymentState(ctx, d));
  const failed = states.filter((s) => s === 'Failed').length;
  const succeeded = states.filter((s) => s === 'Succeeded').length;
  const running = states.some((s) => s === 'Running');
  const provisioningState = running ? 'Evaluating' : failed > 0 ? 'Failed' : 'Succeeded';
  return {
    id: r.id,
    name: r.name,
    type: 'Microsoft.PolicyInsights/remediations',
    properties: {
      policyAssignmentId: r.policyAssignmentId,
      policyDefinitionReferenceId: '',
      resourceDiscoveryMode: r.resourceDiscoveryMode,
      provisioningState,
      createdOn: r.createdOn,
      lastUpdatedOn: new Date(ctx.now()).toISOString(),
      filters: { locations: [] },
      deploymentStatus: {
        totalDeployments: r.deployments.length,
        successfulDeployments: succeeded,
        failedDeployments: failed,
      },
      statusMessage: failed > 0 ? `${failed} of ${r.deployments.length} deployments failed.` : '',
      correlationId: r.correlationId,
      resourceCount: 500,
      parallelDeployments: 10,
      failureThreshold: { percentage: 1 },
    },
  };
}

/** The identity holds one of the definition's roles at a scope that covers the resource. */
function identityMayDeploy(ctx: ArmContext, a: PolicyAssignmentModel, roleDefinitionIds: string[], resourceId: string) {
  const guids = roleDefinitionIds.map((r) => r.split('/').pop()!.toLowerCase());
  return ctx.state.roleAssignments.some(
    (ra) =>
      eqi(ra.principalId, a.principalId) &&
      guids.includes(ra.roleDefinitionGuid.toLowerCase()) &&
      (MG.test(ra.scope) || covers(ra.scope, resourceId)),
  );
}

/** Starts the change one policy deployment makes on one VM. */
function deploy(
  ctx: ArmContext,
  a: PolicyAssignmentModel,
  def: PolicyDefinitionModel,
  vm: VmModel,
): RemediationDeploymentModel {
  const rule = def.properties.policyRule as Rule;
  const details = rule.then.details ?? {};
  const base = {
    resourceId: vm.id,
    location: vm.location,
    deploymentId: crypto.randomUUID(),
    createdOn: new Date(ctx.now()).toISOString(),
  };
  const roles = (details.roleDefinitionIds ?? []) as string[];
  if (!a.principalId || !identityMayDeploy(ctx, a, roles, vm.id)) {
    return {
      ...base,
      error: {
        code: 'AuthorizationFailed',
        message: `The client '${a.principalId ?? 'none'}' with object id '${a.principalId ?? 'none'}' does not have authorization to perform action 'Microsoft.Resources/deployments/write' over scope '/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}' or the scope is invalid.`,
      },
    };
  }
  const parameters = parametersOf(def, a);
  const effect = String(evaluateExpression(rule.then.effect, { field: () => undefined, parameters })).toLowerCase();
  if (effect === 'modify') {
    let opId: string | undefined;
    for (const op of (details.operations ?? []) as { operation: string; field: string; value: unknown }[]) {
      if (!eqi(op.field, 'identity.type') || eqi(op.operation, 'remove')) continue;
      const value = String(evaluateExpression(op.value, { field: vmFields(vm), parameters }));
      opId = setIdentityType(ctx, vm, value)?.id ?? opId;
    }
    return { ...base, operationId: opId };
  }
  const deployment = (
    details.deployment as { properties?: { parameters?: unknown; template?: { resources?: unknown[] } } }
  )?.properties;
  const values = evaluateDeep(deployment?.parameters ?? {}, { field: vmFields(vm), parameters }) as Record<
    string,
    { value: unknown }
  >;
  const templateParams = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]));
  let opId: string | undefined;
  for (const raw of deployment?.template?.resources ?? []) {
    const res = evaluateDeep(raw, { field: () => undefined, parameters: templateParams }) as {
      type?: string;
      name?: string;
      properties?: Record<string, unknown>;
    };
    if (!eqi(res.type, 'Microsoft.Compute/virtualMachines/extensions')) continue;
    const extName =
      String(res.name ?? '')
        .split('/')
        .pop() ?? '';
    const started = startExtensionInstall(ctx, vm, extName, res.properties ?? {});
    if (!started.ok) {
      const body = started.res.body as { error: { code: string; message: string } };
      return { ...base, error: body.error };
    }
    opId = started.op.id;
  }
  return { ...base, operationId: opId };
}

function putRemediation(req: EmuRequest, ctx: ArmContext, scope: string, name: string): EmuResponse {
  const id = `${scope}/providers/Microsoft.PolicyInsights/remediations/${name}`;
  const deny = denied(ctx, 'Microsoft.PolicyInsights/remediations/write', scope);
  if (deny) return { ...deny, target: id };
  const existing = ctx.state.remediations.get(key(id));
  if (existing) return json(200, remediationJson(ctx, existing));
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const props = (parsed.body.properties ?? {}) as Record<string, unknown>;
  const assignment = ctx.state.policyAssignments.get(key(String(props.policyAssignmentId ?? '')));
  if (!assignment) {
    return armError(
      404,
      'PolicyAssignmentNotFound',
      `The policy assignment '${String(props.policyAssignmentId)}' is not found.`,
    );
  }
  const def = definitionOf(ctx, assignment);
  const evaluations = evaluateAssignment(ctx, assignment);
  const effect = evaluations[0]?.effect ?? '';
  if (def && evaluations.length > 0 && effect !== 'deployifnotexists' && effect !== 'modify') {
    return armError(
      400,
      'InvalidRemediationRequest',
      `Only policies with the DeployIfNotExists or Modify effect can be remediated; '${assignment.name}' has ${effect}.`,
    );
  }
  const mode = eqi(String(props.resourceDiscoveryMode ?? ''), 'ReEvaluateCompliance')
    ? 'ReEvaluateCompliance'
    : 'ExistingNonCompliant';
  const targets = evaluations.filter((e) => !e.compliant && covers(scope, e.vm.id));
  const model: RemediationModel = {
    id,
    name,
    scope,
    policyAssignmentId: assignment.id,
    resourceDiscoveryMode: mode,
    deployments: def ? targets.map((t) => deploy(ctx, assignment, def, t.vm)) : [],
    correlationId: crypto.randomUUID(),
    createdOn: new Date(ctx.now()).toISOString(),
  };
  ctx.state.remediations.set(key(id), model);
  return { ...json(201, remediationJson(ctx, model)), target: id };
}

function policyStateJson(ctx: ArmContext, a: PolicyAssignmentModel, e: Evaluation, scope: string) {
  const def = definitionOf(ctx, a)!;
  return {
    '@odata.id': null,
    '@odata.context': `https://management.azure.com${scope}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity`,
    timestamp: new Date(ctx.now()).toISOString(),
    resourceId: e.vm.id,
    policyAssignmentId: a.id.toLowerCase(),
    policyDefinitionId: def.id.toLowerCase(),
    effectiveParameters: '',
    isCompliant: e.compliant,
    subscriptionId: e.vm.subscriptionId,
    resourceType: 'Microsoft.Compute/virtualMachines',
    resourceLocation: e.vm.location,
    resourceGroup: e.vm.resourceGroup,
    resourceTags: 'tbd',
    policyAssignmentName: a.name,
    policyAssignmentOwner: 'tbd',
    policyAssignmentParameters: JSON.stringify(a.parameters),
    policyAssignmentScope: a.scope,
    policyDefinitionName: def.name,
    policyDefinitionAction: e.effect,
    policyDefinitionCategory: 'tbd',
    policySetDefinitionId: '',
    policySetDefinitionName: '',
    policySetDefinitionOwner: '',
    policySetDefinitionCategory: '',
    policySetDefinitionParameters: '',
    managementGroupIds: '',
    policyDefinitionReferenceId: '',
    complianceState: e.compliant ? 'Compliant' : 'NonCompliant',
  };
}

function queryPolicyStates(req: EmuRequest, ctx: ArmContext, scope: string): EmuResponse {
  const filter = req.query.get('$filter') ?? '';
  const wanted = /policyAssignmentId eq '([^']+)'/i.exec(filter)?.[1];
  const value = [...ctx.state.policyAssignments.values()]
    .filter((a) => !wanted || eqi(a.id, wanted))
    .flatMap((a) =>
      evaluateAssignment(ctx, a)
        .filter((e) => covers(scope, e.vm.id))
        .map((e) => policyStateJson(ctx, a, e, scope)),
    );
  return json(200, {
    '@odata.context': `https://management.azure.com${scope}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest`,
    '@odata.count': value.length,
    value,
  });
}

/** `{scope}/providers/Microsoft.PolicyInsights/{remediations|policyStates}/…` */
export function routePolicyInsights(req: EmuRequest, ctx: ArmContext, scope: string, rest: string[]): EmuResponse {
  const [collection, name, action, ...extra] = rest;
  if (eqi(collection, 'policyStates') && name && eqi(action, 'queryResults') && extra.length === 0) {
    return req.method === 'POST' ? queryPolicyStates(req, ctx, scope) : methodNotAllowed(req);
  }
  if (!eqi(collection, 'remediations') || extra.length > 0) return noRoute(req);
  if (name === undefined) {
    if (req.method !== 'GET') return methodNotAllowed(req);
    const wanted = /PolicyAssignmentId eq '([^']+)'/i.exec(req.query.get('$filter') ?? '')?.[1];
    const list = [...ctx.state.remediations.values()].filter(
      (r) => eqi(r.scope, scope) && (!wanted || eqi(r.policyAssignmentId, wanted)),
    );
    return page(req, ctx, list, (r) => remediationJson(ctx, r));
  }
  const id = `${scope}/providers/Microsoft.PolicyInsights/remediations/${name}`;
  const existing = ctx.state.remediations.get(key(id));
  if (action === undefined) {
    if (req.method === 'PUT') return putRemediation(req, ctx, scope, name);
    if (!existing) return armError(404, 'RemediationNotFound', `The remediation '${name}' could not be found.`);
    if (req.method === 'GET') return json(200, remediationJson(ctx, existing));
    if (req.method === 'DELETE') {
      ctx.state.remediations.delete(key(id));
      return json(200, remediationJson(ctx, existing));
    }
    return methodNotAllowed(req);
  }
  if (!existing) return armError(404, 'RemediationNotFound', `The remediation '${name}' could not be found.`);
  if (eqi(action, 'listDeployments') && req.method === 'POST') {
    return page(req, ctx, existing.deployments, (d) => ({
      remediatedResourceId: d.resourceId,
      deploymentId: `/subscriptions/${d.resourceId.split('/')[2]}/providers/Microsoft.Resources/deployments/${d.deploymentId}`,
      status: deploymentState(ctx, d),
      resourceLocation: d.location,
      error: deploymentError(ctx, d),
      createdOn: d.createdOn,
      lastUpdatedOn: new Date(ctx.now()).toISOString(),
    }));
  }
  if (eqi(action, 'cancel') && req.method === 'POST') return json(200, remediationJson(ctx, existing));
  return noRoute(req);
}

function noRoute(req: EmuRequest): EmuResponse {
  return armError(404, 'InvalidResourceType', `No route registered for '${req.method} ${req.path}'.`);
}

function methodNotAllowed(req: EmuRequest): EmuResponse {
  return armError(405, 'MethodNotAllowed', `The requested method '${req.method}' is not allowed for '${req.path}'.`);
}
