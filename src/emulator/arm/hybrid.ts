/**
 * Microsoft.HybridCompute in the simulated tenant: Azure Arc-enabled servers (list by subscription or resource
 * group, get) and their extensions (list, get, PUT as a long-running operation). Arc machines always have a
 * system-assigned identity. A disconnected machine cannot run an extension; Microsoft Entra sign-in is offered
 * for Linux only (AADSSHLoginForLinux), so AADLoginForWindows is refused on an Arc machine.
 */
import { armError, type EmuRequest, type EmuResponse, eqi, json } from '../http';
import type { ArcMachineModel, ExtensionModel, OperationModel } from '../state';
import { key } from '../state';
import { type ArmContext, denied, objectBody, page, resourceNotFound } from './common';

const TYPE = 'Microsoft.HybridCompute/machines';

function statusOf(e: ExtensionModel) {
  const ok = e.provisioningState === 'Succeeded';
  const failed = e.provisioningState === 'Failed';
  return {
    code: ok ? '0' : failed ? '1' : 'transitioning',
    level: failed ? 'Error' : 'Information',
    displayStatus: ok ? 'Provisioning succeeded' : failed ? 'Provisioning failed' : 'Transitioning',
    message: e.statuses[0]?.message ?? (ok ? 'Enable succeeded' : ''),
    time: e.statuses[0]?.time,
  };
}

function extensionJson(m: ArcMachineModel, e: ExtensionModel): Record<string, unknown> {
  return {
    id: `${m.id}/extensions/${e.name}`,
    name: e.name,
    type: `${TYPE}/extensions`,
    location: m.location,
    properties: {
      publisher: e.publisher,
      type: e.type,
      typeHandlerVersion: e.typeHandlerVersion,
      autoUpgradeMinorVersion: e.autoUpgradeMinorVersion,
      settings: e.settings ?? {},
      provisioningState: e.provisioningState,
      instanceView: { name: e.name, type: e.type, typeHandlerVersion: e.typeHandlerVersion, status: statusOf(e) },
    },
  };
}

export function machineJson(m: ArcMachineModel): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    type: TYPE,
    location: m.location,
    tags: m.tags,
    identity: { type: 'SystemAssigned', principalId: m.principalId, tenantId: m.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      status: m.status,
      lastStatusChange: m.lastStatusChange,
      agentVersion: m.agentVersion,
      vmId: m.vmId,
      displayName: m.computerName,
      machineFqdn: m.computerName,
      osName: m.osType.toLowerCase(),
      osType: m.osType.toLowerCase(),
      osSku: m.osSku,
      osVersion: m.osVersion,
      osProfile: { computerName: m.computerName },
      extensions: m.extensions.map((e) => ({
        name: e.name,
        type: e.type,
        typeHandlerVersion: e.typeHandlerVersion,
        status: statusOf(e),
      })),
    },
  };
}

export function findArcMachine(ctx: ArmContext, sub: string, rg: string, name: string): ArcMachineModel | undefined {
  return ctx.state.arcMachines.get(key(`/subscriptions/${sub}/resourceGroups/${rg}/providers/${TYPE}/${name}`));
}

export function listArcMachines(req: EmuRequest, ctx: ArmContext, sub: string, rg?: string): EmuResponse {
  const machines = [...ctx.state.arcMachines.values()].filter(
    (m) => eqi(m.subscriptionId, sub) && (rg === undefined || eqi(m.resourceGroup, rg)),
  );
  return page(req, ctx, machines, machineJson);
}

function operationUrl(req: EmuRequest, op: OperationModel): string {
  const apiVersion = req.query.get('api-version') ?? '';
  return (
    `${req.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.HybridCompute/locations/${op.location}` +
    `/operationStatus/${op.id}?api-version=${encodeURIComponent(apiVersion)}`
  );
}

/** `…/machines/{name}[/extensions[/{ext}]]` */
export function routeArcMachine(
  req: EmuRequest,
  ctx: ArmContext,
  m: ArcMachineModel,
  child: string | undefined,
  childName: string | undefined,
): EmuResponse {
  if (child === undefined) return req.method === 'GET' ? json(200, machineJson(m)) : methodNotAllowed(req);
  if (!eqi(child, 'extensions')) return armError(404, 'InvalidResourceType', `No route for '${req.path}'.`);
  if (childName === undefined) {
    return req.method === 'GET' ? page(req, ctx, m.extensions, (e) => extensionJson(m, e)) : methodNotAllowed(req);
  }
  if (req.method === 'GET') {
    const e = m.extensions.find((x) => eqi(x.name, childName));
    return e
      ? { ...json(200, extensionJson(m, e)), target: `${m.id}/extensions/${e.name}` }
      : resourceNotFound(`${TYPE}/extensions`, `${m.name}/${childName}`, m.resourceGroup);
  }
  if (req.method === 'PUT') return putArcExtension(req, ctx, m, childName);
  return methodNotAllowed(req);
}

function putArcExtension(req: EmuRequest, ctx: ArmContext, m: ArcMachineModel, name: string): EmuResponse {
  const target = `${m.id}/extensions/${name}`;
  const deny = denied(ctx, 'Microsoft.HybridCompute/machines/extensions/write', target);
  if (deny) return { ...deny, target };
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const props = (parsed.body.properties ?? {}) as Record<string, unknown>;
  const { publisher, type, typeHandlerVersion } = props;
  if (typeof publisher !== 'string' || typeof type !== 'string') {
    return armError(
      400,
      'InvalidParameter',
      "Required parameters 'publisher' and 'type' must be set on the extension.",
    );
  }
  if (eqi(type, 'AADLoginForWindows')) {
    return {
      ...armError(
        400,
        'ExtensionTypeNotSupported',
        `Extension '${publisher}.${type}' is not supported for Azure Arc-enabled servers: Microsoft Entra sign-in is available for Linux Arc machines only.`,
      ),
      target,
    };
  }
  if (eqi(type, 'AADSSHLoginForLinux') && m.osType !== 'Linux') {
    return armError(
      400,
      'ExtensionTypeNotSupported',
      `Extension '${type}' is for Linux; '${m.name}' runs ${m.osType}.`,
    );
  }
  if (m.status !== 'Connected') {
    return {
      ...armError(
        409,
        'MachineNotConnected',
        `The machine '${m.name}' is ${m.status}: extensions can be installed only while its Connected Machine agent is connected.`,
      ),
      target,
    };
  }
  const existing = m.extensions.find((x) => eqi(x.name, name));
  const ext: ExtensionModel = {
    name: existing?.name ?? name,
    publisher,
    type,
    typeHandlerVersion: typeof typeHandlerVersion === 'string' ? typeHandlerVersion : '1.0',
    autoUpgradeMinorVersion: props.autoUpgradeMinorVersion !== false,
    settings: (props.settings as Record<string, unknown> | undefined) ?? undefined,
    provisioningState: existing ? 'Updating' : 'Creating',
    statuses: [],
    substatuses: [],
  };
  m.extensions = existing ? m.extensions.map((x) => (x === existing ? ext : x)) : [...m.extensions, ext];
  const op: OperationModel = {
    id: crypto.randomUUID(),
    subscriptionId: m.subscriptionId,
    location: m.location,
    resourceId: target,
    startTime: new Date(ctx.now()).toISOString(),
    doneAtMs: ctx.now() + ctx.extensionInstallMs,
    status: 'InProgress',
    complete: () => {
      ext.provisioningState = 'Succeeded';
      ext.statuses = [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded',
          message: 'Enable succeeded: aadsshlogin installed',
          time: new Date(ctx.now()).toISOString(),
        },
      ];
      return undefined;
    },
  };
  ctx.state.operations.set(op.id, op);
  return {
    status: existing ? 200 : 201,
    headers: { 'Azure-AsyncOperation': operationUrl(req, op) },
    body: extensionJson(m, ext),
    target,
  };
}

function methodNotAllowed(req: EmuRequest): EmuResponse {
  return armError(405, 'MethodNotAllowed', `The requested method '${req.method}' is not allowed for '${req.path}'.`);
}
