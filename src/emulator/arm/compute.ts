/**
 * Microsoft.Compute: VMs (list with statusOnly, get with instanceView, PATCH identity as an LRO), extensions
 * (PUT as an LRO with Azure-AsyncOperation, real failure codes), extension image versions, operation status.
 */
import { EXTENSION_VERSIONS } from '../catalog';
import { armError, type EmuRequest, type EmuResponse, eqi, json } from '../http';
import type { ExtensionModel, InstanceStatusModel, OperationModel, VmModel } from '../state';
import { key, vmEtag } from '../state';
import { type ArmContext, denied, objectBody, page, resourceNotFound } from './common';
import {
  decideAtInstall,
  type ExtensionOutcome,
  isEntraLoginExtension,
  lroError,
  outcomeStatuses,
} from './extension-outcomes';
import { createManagedIdentity, removeManagedIdentity } from './identity';
import { memoByScope } from './memo';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';

function runningOp(ctx: ArmContext, resourceId: string): OperationModel | undefined {
  for (const op of ctx.state.operations.values()) {
    if (op.status === 'InProgress' && eqi(op.resourceId, resourceId)) return op;
  }
  return undefined;
}

function statusTime(ctx: ArmContext): string {
  return new Date(ctx.now()).toISOString();
}

export function instanceViewJson(vm: VmModel, ctx: ArmContext): Record<string, unknown> {
  const time = statusTime(ctx);
  const running = vm.powerState === 'running';
  const power: InstanceStatusModel =
    vm.powerState === 'running'
      ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }
      : vm.powerState === 'stopped'
        ? { code: 'PowerState/stopped', level: 'Info', displayStatus: 'VM stopped' }
        : { code: 'PowerState/deallocated', level: 'Info', displayStatus: 'VM deallocated' };
  const updating = runningOp(ctx, vm.id) !== undefined;
  const view: Record<string, unknown> = {
    hyperVGeneration: 'V2',
    disks: [
      {
        name: `${vm.name}_OsDisk_1_${vm.vmId.replace(/-/g, '')}`,
        statuses: [
          {
            code: 'ProvisioningState/succeeded',
            level: 'Info',
            displayStatus: 'Provisioning succeeded',
            time: vm.timeCreated,
          },
        ],
      },
    ],
    statuses: [
      updating
        ? { code: 'ProvisioningState/updating', level: 'Info', displayStatus: 'Updating' }
        : { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time },
      power,
    ],
  };
  if (running) {
    view.computerName = vm.computerName;
    view.osName = vm.osName;
    view.osVersion = vm.osVersion;
    view.vmAgent = {
      vmAgentVersion: vm.osType === 'Windows' ? '2.7.41491.1102' : '2.11.1.12',
      statuses: [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Ready',
          message: 'GuestAgent is running and processing the extensions.',
          time,
        },
      ],
      extensionHandlers: vm.extensions.map((e) => ({
        type: `${e.publisher}.${e.type}`,
        typeHandlerVersion: fullVersion(e.type, e.typeHandlerVersion),
        status: { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready' },
      })),
    };
    view.extensions = vm.extensions.map((e) => extensionInstanceView(e));
  }
  return view;
}

function fullVersion(type: string, requested: string): string {
  const published = EXTENSION_VERSIONS[type.toLowerCase()] ?? [];
  const matching = published.filter((v) => v.startsWith(`${requested}.`) || v === requested);
  return matching.at(-1) ?? requested;
}

function extensionInstanceView(e: ExtensionModel): Record<string, unknown> {
  const transitioning = e.provisioningState === 'Creating' || e.provisioningState === 'Updating';
  return {
    name: e.name,
    type: `${e.publisher}.${e.type}`,
    typeHandlerVersion: fullVersion(e.type, e.typeHandlerVersion),
    statuses: transitioning
      ? [
          {
            code: 'ProvisioningState/transitioning',
            level: 'Info',
            displayStatus: 'Transitioning',
            message: 'Enable in progress',
          },
        ]
      : e.statuses,
    ...(e.substatuses.length > 0 ? { substatuses: e.substatuses } : {}),
  };
}

export function extensionJson(vm: VmModel, e: ExtensionModel, withInstanceView: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    autoUpgradeMinorVersion: e.autoUpgradeMinorVersion,
    provisioningState: e.provisioningState,
    publisher: e.publisher,
    type: e.type,
    typeHandlerVersion: e.typeHandlerVersion,
    ...(e.settings ? { settings: e.settings } : {}),
  };
  if (withInstanceView) properties.instanceView = extensionInstanceView(e);
  return {
    name: e.name,
    id: `${vm.id}/extensions/${e.name}`,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location: vm.location,
    properties,
  };
}

function identityJson(vm: VmModel): Record<string, unknown> | undefined {
  const id = vm.identity;
  if (id.type === 'None') return undefined;
  const out: Record<string, unknown> = { type: id.type };
  if (id.principalId) {
    out.principalId = id.principalId;
    out.tenantId = id.tenantId;
  }
  if (id.type.includes('UserAssigned')) out.userAssignedIdentities = id.userAssignedIdentities;
  return out;
}

export function vmJson(vm: VmModel, ctx: ArmContext, withInstanceView: boolean): Record<string, unknown> {
  const windows = vm.osType === 'Windows';
  const properties: Record<string, unknown> = {
    vmId: vm.vmId,
    hardwareProfile: { vmSize: vm.vmSize },
    storageProfile: {
      imageReference: { ...vm.image, exactVersion: windows ? vm.osVersion : `${vm.osVersion}.202410150` },
      osDisk: {
        osType: vm.osType,
        name: `${vm.name}_OsDisk_1_${vm.vmId.replace(/-/g, '')}`,
        createOption: 'FromImage',
        caching: 'ReadWrite',
        managedDisk: {
          storageAccountType: 'Premium_LRS',
          id: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup.toUpperCase()}/providers/Microsoft.Compute/disks/${vm.name}_OsDisk_1_${vm.vmId.replace(/-/g, '')}`,
        },
        deleteOption: 'Delete',
        diskSizeGB: windows ? 127 : 30,
      },
      dataDisks: [],
    },
    osProfile: {
      computerName: vm.computerName,
      adminUsername: 'azureadmin',
      ...(windows
        ? {
            windowsConfiguration: {
              provisionVMAgent: true,
              enableAutomaticUpdates: true,
              patchSettings: { patchMode: 'AutomaticByOS' },
            },
          }
        : { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }),
      secrets: [],
      allowExtensionOperations: true,
      requireGuestProvisionSignal: true,
    },
    networkProfile: {
      networkInterfaces: vm.nicIds.map((id, i) => ({ id, properties: { primary: i === 0 } })),
    },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    provisioningState: runningOp(ctx, vm.id) ? 'Updating' : 'Succeeded',
    timeCreated: vm.timeCreated,
  };
  if (withInstanceView) properties.instanceView = instanceViewJson(vm, ctx);
  const out: Record<string, unknown> = {
    name: vm.name,
    id: vm.id,
    type: VM_TYPE,
    location: vm.location,
    tags: vm.tags,
    etag: vmEtag(vm),
    properties,
  };
  const identity = identityJson(vm);
  if (identity) out.identity = identity;
  if (vm.extensions.length > 0) out.resources = vm.extensions.map((e) => extensionJson(vm, e, false));
  return out;
}

export function findVm(ctx: ArmContext, sub: string, rg: string, name: string): VmModel | undefined {
  return ctx.state.vms.get(key(`/subscriptions/${sub}/resourceGroups/${rg}/providers/${VM_TYPE}/${name}`));
}

export function listVms(req: EmuRequest, ctx: ArmContext, sub: string, rg?: string): EmuResponse {
  const statusOnly = req.query.get('statusOnly') === 'true';
  const expand = req.query.get('$expand');
  const filter = req.query.get('$filter');
  if (expand && !filter) {
    return armError(
      400,
      'InvalidParameter',
      "The $expand parameter is only supported together with a valid '$filter'.",
    );
  }
  const vms = memoByScope(ctx.state.vms, `${sub}|${rg ?? ''}`.toLowerCase(), () => {
    const out: VmModel[] = [];
    for (const vm of ctx.state.vms.values()) {
      if (eqi(vm.subscriptionId, sub) && (rg === undefined || eqi(vm.resourceGroup, rg))) out.push(vm);
    }
    return out;
  });
  return page(req, ctx, vms, (vm) => vmJson(vm, ctx, statusOnly));
}

export function getVm(req: EmuRequest, ctx: ArmContext, vm: VmModel): EmuResponse {
  const expand = req.query.get('$expand');
  if (expand && !['instanceView', 'userData', 'resiliencyView'].some((e) => eqi(e, expand))) {
    return armError(400, 'InvalidParameter', `The value '${expand}' of parameter '$expand' is invalid.`);
  }
  return { ...json(200, vmJson(vm, ctx, eqi(expand ?? '', 'instanceView'))), target: vm.id };
}

export function getInstanceView(ctx: ArmContext, vm: VmModel): EmuResponse {
  return { ...json(200, instanceViewJson(vm, ctx)), target: vm.id };
}

function operationUrl(req: EmuRequest, op: OperationModel): string {
  const apiVersion = req.query.get('api-version') ?? '';
  return (
    `${req.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}` +
    `/operations/${op.id}?p=${crypto.randomUUID()}&api-version=${encodeURIComponent(apiVersion)}`
  );
}

/**
 * When to look again, as ARM asks on an operation's first answer and on each status answer while it runs: the
 * whole seconds until the operation should be done (at least 1), so a client that waits as asked needs one
 * status request for an operation that ends on time.
 */
function retryAfter(ctx: ArmContext, op: OperationModel): string {
  return String(Math.max(1, Math.ceil((op.doneAtMs - ctx.now()) / 1000)));
}

function startOperation(
  ctx: ArmContext,
  vm: VmModel,
  resourceId: string,
  durationMs: number,
  complete: OperationModel['complete'],
): OperationModel {
  const op: OperationModel = {
    id: crypto.randomUUID(),
    subscriptionId: vm.subscriptionId,
    location: vm.location,
    resourceId,
    startTime: statusTime(ctx),
    doneAtMs: ctx.now() + durationMs,
    status: 'InProgress',
    complete,
  };
  ctx.state.operations.set(op.id, op);
  return op;
}

const IDENTITY_TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'] as const;

/** PATCH merge: identity (keeping user-assigned identities unless removed), tags. */
export function patchVm(req: EmuRequest, ctx: ArmContext, vm: VmModel): EmuResponse {
  const deny = denied(ctx, 'Microsoft.Compute/virtualMachines/write', vm.id);
  if (deny) return deny;
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const body = parsed.body;
  const ifMatch = req.headers['if-match'];
  if (ifMatch && ifMatch !== '*' && ifMatch !== vmEtag(vm)) {
    return armError(412, 'PreconditionFailed', `The specified precondition 'If-Match = ${ifMatch}' failed.`);
  }
  const identity = body.identity as { type?: string; userAssignedIdentities?: Record<string, unknown> } | undefined;
  if (identity !== undefined) {
    const type = IDENTITY_TYPES.find((t) => eqi(t.replace(/\s/g, ''), String(identity.type ?? '').replace(/\s/g, '')));
    if (!type) {
      return armError(
        400,
        'InvalidParameter',
        `The value '${identity.type}' of parameter 'identity.type' is invalid. Allowed values: ${IDENTITY_TYPES.join(', ')}.`,
      );
    }
    const uais = { ...vm.identity.userAssignedIdentities };
    if (type.includes('UserAssigned')) {
      for (const [id, value] of Object.entries(identity.userAssignedIdentities ?? {})) {
        if (value === null) delete uais[id];
        else if (!Object.keys(uais).some((k) => eqi(k, id))) {
          uais[id] = { principalId: crypto.randomUUID(), clientId: crypto.randomUUID() };
        }
      }
      if (Object.keys(uais).length === 0) {
        return armError(
          400,
          'InvalidParameter',
          "The 'userAssignedIdentities' property must not be empty when the identity type includes 'UserAssigned'.",
        );
      }
    }
    const wantsSystem = type.startsWith('SystemAssigned');
    if (wantsSystem && !vm.identity.principalId) {
      vm.identity.principalId = createManagedIdentity(ctx, vm.name);
      vm.identity.tenantId = ctx.state.tenantId;
    } else if (!wantsSystem && vm.identity.principalId) {
      removeManagedIdentity(ctx, vm.identity.principalId);
      vm.identity.principalId = undefined;
      vm.identity.tenantId = undefined;
    }
    vm.identity.type = type;
    vm.identity.userAssignedIdentities = type.includes('UserAssigned') ? uais : {};
  }
  if (body.tags !== undefined && typeof body.tags === 'object' && body.tags !== null) {
    vm.tags = { ...(body.tags as Record<string, string>) };
  }
  vm.revision++;
  const op = startOperation(ctx, vm, vm.id, ctx.vmUpdateMs, () => undefined);
  return {
    status: 200,
    headers: { 'Azure-AsyncOperation': operationUrl(req, op), 'Retry-After': retryAfter(ctx, op) },
    body: vmJson(vm, ctx, false),
    target: vm.id,
  };
}

/**
 * POST …/start: 202 Accepted with the operation to follow (Azure-AsyncOperation) and no body, as ARM answers;
 * the VM runs once the operation ends. Starting a running VM is accepted and changes nothing.
 */
export function startVm(req: EmuRequest, ctx: ArmContext, vm: VmModel): EmuResponse {
  const deny = denied(ctx, 'Microsoft.Compute/virtualMachines/start/action', vm.id);
  if (deny) return deny;
  const op = startOperation(ctx, vm, vm.id, ctx.vmUpdateMs, () => {
    if (vm.powerState !== 'running') {
      vm.powerState = 'running';
      vm.revision++;
    }
    return undefined;
  });
  return {
    status: 202,
    headers: { 'Azure-AsyncOperation': operationUrl(req, op), 'Retry-After': retryAfter(ctx, op) },
    body: undefined,
    target: vm.id,
  };
}

export function listExtensions(req: EmuRequest, vm: VmModel): EmuResponse {
  const withView = eqi(req.query.get('$expand') ?? '', 'instanceView');
  return { ...json(200, { value: vm.extensions.map((e) => extensionJson(vm, e, withView)) }), target: vm.id };
}

export function getExtension(req: EmuRequest, vm: VmModel, name: string): EmuResponse {
  const e = vm.extensions.find((x) => eqi(x.name, name));
  if (!e)
    return resourceNotFound('Microsoft.Compute/virtualMachines/extensions', `${vm.name}/${name}`, vm.resourceGroup);
  return {
    ...json(200, extensionJson(vm, e, eqi(req.query.get('$expand') ?? '', 'instanceView'))),
    target: `${vm.id}/extensions/${e.name}`,
  };
}

export function putExtension(req: EmuRequest, ctx: ArmContext, vm: VmModel, name: string): EmuResponse {
  const target = `${vm.id}/extensions/${name}`;
  const deny = denied(ctx, 'Microsoft.Compute/virtualMachines/extensions/write', target);
  if (deny) return { ...deny, target };
  const parsed = objectBody(req);
  if (!parsed.ok) return parsed.res;
  const started = startExtensionInstall(ctx, vm, name, (parsed.body.properties ?? {}) as Record<string, unknown>);
  if (!started.ok) return { ...started.res, target };
  return {
    status: started.existed ? 200 : 201,
    headers: { 'Azure-AsyncOperation': operationUrl(req, started.op), 'Retry-After': retryAfter(ctx, started.op) },
    body: extensionJson(vm, started.ext, false),
    target,
  };
}

/**
 * Validates and starts an extension install as an operation: what a PUT of the extension does after its
 * permission check, and what a policy deployment does for the extension its template declares.
 */
export function startExtensionInstall(
  ctx: ArmContext,
  vm: VmModel,
  name: string,
  props: Record<string, unknown>,
): { ok: true; op: OperationModel; ext: ExtensionModel; existed: boolean } | { ok: false; res: EmuResponse } {
  const target = `${vm.id}/extensions/${name}`;
  const publisher = props.publisher;
  const type = props.type;
  const version = props.typeHandlerVersion;
  const fail = (res: EmuResponse) => ({ ok: false as const, res });
  if (typeof publisher !== 'string' || typeof type !== 'string' || typeof version !== 'string') {
    return fail(
      armError(
        400,
        'InvalidParameter',
        "Required parameters 'publisher', 'type' and 'typeHandlerVersion' must be set on the extension.",
      ),
    );
  }
  if (vm.powerState !== 'running') {
    return fail(
      armError(
        409,
        'OperationNotAllowed',
        `Cannot modify extensions in the VM when the VM is not running. VM '${vm.name}' is ${vm.powerState}.`,
      ),
    );
  }
  if (runningOp(ctx, target)) {
    return fail(
      armError(
        409,
        'OperationNotAllowed',
        `Operation 'PUT' is not allowed on VM extension '${name}' since an operation is already in progress on it.`,
      ),
    );
  }
  const published = EXTENSION_VERSIONS[type.toLowerCase()];
  if (isEntraLoginExtension(publisher, type)) {
    const forLinux = eqi(type, 'AADSSHLoginForLinux');
    if (forLinux !== (vm.osType === 'Linux')) {
      return fail(
        armError(
          400,
          'OperationNotAllowed',
          `The extension type '${type}' is not supported on VM '${vm.name}' with OS type '${vm.osType}'.`,
        ),
      );
    }
    if (published && !published.some((v) => v === version || v.startsWith(`${version}.`))) {
      return fail(
        armError(
          400,
          'VMExtensionHandlerNonTransientError',
          `The handler for VM extension type '${publisher}.${type}' has reported terminal failure: version '${version}' was not found.`,
        ),
      );
    }
  }
  const existing = vm.extensions.find((x) => eqi(x.name, name));
  const ext: ExtensionModel = {
    name: existing?.name ?? name,
    publisher,
    type,
    typeHandlerVersion: version,
    autoUpgradeMinorVersion: props.autoUpgradeMinorVersion !== false,
    settings: (props.settings as Record<string, unknown> | undefined) ?? undefined,
    provisioningState: existing ? 'Updating' : 'Creating',
    statuses: [],
    substatuses: [],
  };
  vm.extensions = existing ? vm.extensions.map((x) => (x === existing ? ext : x)) : [...vm.extensions, ext];
  vm.revision++;
  const atInstall: ExtensionOutcome = isEntraLoginExtension(publisher, type)
    ? decideAtInstall(ctx.state, vm)
    : { kind: 'succeeded' };
  const op = startOperation(ctx, vm, target, ctx.extensionInstallMs, () => finishInstall(ctx, vm, ext, atInstall));
  return { ok: true, op, ext, existed: !!existing };
}

/**
 * Sets the VM's identity type (keeping user-assigned identities), creating or removing the system-assigned
 * identity's service principal: what a Modify policy's `addOrReplace` of `identity.type` does.
 */
export function setIdentityType(ctx: ArmContext, vm: VmModel, typeText: string): OperationModel | undefined {
  // Order-insensitive: a Modify operation may produce `UserAssigned,SystemAssigned`.
  const parts = new Set(typeText.split(',').map((p) => p.trim().toLowerCase()));
  const wantsSystem = parts.has('systemassigned');
  const wantsUser = parts.has('userassigned');
  if (!wantsSystem && !wantsUser && !parts.has('none')) return undefined;
  const type: VmModel['identity']['type'] =
    wantsSystem && wantsUser
      ? 'SystemAssigned, UserAssigned'
      : wantsSystem
        ? 'SystemAssigned'
        : wantsUser
          ? 'UserAssigned'
          : 'None';
  if (wantsSystem && !vm.identity.principalId) {
    vm.identity.principalId = createManagedIdentity(ctx, vm.name);
    vm.identity.tenantId = ctx.state.tenantId;
  }
  vm.identity.type = type;
  vm.revision++;
  return startOperation(ctx, vm, vm.id, ctx.vmUpdateMs, () => undefined);
}

/** End of an install: the duplicate-device check, the Graph device for a joined Windows VM, final statuses. */
function finishInstall(ctx: ArmContext, vm: VmModel, ext: ExtensionModel, atInstall: ExtensionOutcome) {
  let outcome = atInstall;
  const joins =
    outcome.kind === 'succeeded' &&
    eqi(ext.type, 'AADLoginForWindows') &&
    eqi(ext.publisher, 'Microsoft.Azure.ActiveDirectory');
  const devices = [...ctx.state.devices.values()].filter((d) => eqi(d.displayName, vm.computerName));
  const ownDevice = devices.find((d) => d.registeredByVmId !== undefined && eqi(d.registeredByVmId, vm.id));
  if (joins && devices.some((d) => d !== ownDevice)) {
    outcome = { kind: 'duplicate-device', hostname: vm.computerName };
  }
  const time = statusTime(ctx);
  ext.statuses = outcomeStatuses(outcome, vm, ext.publisher, ext.type, time);
  ext.provisioningState = outcome.kind === 'succeeded' ? 'Succeeded' : 'Failed';
  vm.revision++;
  if (outcome.kind !== 'succeeded') return lroError(ext.statuses, ext.name, ext.publisher, ext.type);
  if (joins && !ownDevice) {
    const id = crypto.randomUUID();
    ctx.state.devices.set(key(id), {
      id,
      deviceId: crypto.randomUUID(),
      displayName: vm.computerName,
      operatingSystem: 'Windows',
      operatingSystemVersion: vm.osVersion,
      trustType: 'AzureAd',
      accountEnabled: true,
      registrationDateTime: time,
      registeredByVmId: vm.id,
    });
  }
  return undefined;
}

export function operationStatus(ctx: ArmContext, sub: string, opId: string): EmuResponse {
  const op = ctx.state.operations.get(opId);
  if (!op || !eqi(op.subscriptionId, sub)) {
    return armError(404, 'NotFound', `The operation '${opId}' could not be found.`);
  }
  const body: Record<string, unknown> = { name: op.id, startTime: op.startTime, status: op.status };
  if (op.status !== 'InProgress') body.endTime = new Date(op.doneAtMs).toISOString();
  if (op.error) body.error = op.error;
  const headers = op.status === 'InProgress' ? { 'Retry-After': retryAfter(ctx, op) } : undefined;
  return { status: 200, body, headers, target: op.resourceId };
}

/** Published versions of an extension type, with `$orderby=name [asc|desc]` and `$top`. */
export function listExtensionVersions(
  req: EmuRequest,
  sub: string,
  location: string,
  publisher: string,
  type: string,
): EmuResponse {
  const versions = eqi(publisher, 'Microsoft.Azure.ActiveDirectory')
    ? EXTENSION_VERSIONS[type.toLowerCase()]
    : undefined;
  if (!versions) {
    return armError(
      404,
      'ArtifactNotFound',
      `The extension type '${publisher}.${type}' was not found in location '${location}'.`,
    );
  }
  let list = [...versions].sort(compareVersions);
  const orderby = req.query.get('$orderby');
  if (orderby) {
    const m = /^name(\s+(asc|desc))?$/i.exec(orderby.trim());
    if (!m) return armError(400, 'InvalidParameter', `The value '${orderby}' of parameter '$orderby' is invalid.`);
    if (m[2]?.toLowerCase() === 'desc') list.reverse();
  }
  const top = req.query.get('$top');
  if (top !== null) list = list.slice(0, Math.max(0, Number(top)));
  return json(
    200,
    list.map((v) => ({ location, name: v, id: versionId(sub, location, publisher, type, v) })),
  );
}

export function getExtensionVersion(
  sub: string,
  location: string,
  publisher: string,
  type: string,
  version: string,
): EmuResponse {
  const versions = eqi(publisher, 'Microsoft.Azure.ActiveDirectory')
    ? EXTENSION_VERSIONS[type.toLowerCase()]
    : undefined;
  if (!versions?.includes(version)) {
    return armError(
      404,
      'ArtifactNotFound',
      `The extension version '${version}' of '${publisher}.${type}' was not found.`,
    );
  }
  return json(200, {
    location,
    name: version,
    id: versionId(sub, location, publisher, type, version),
    properties: {
      operatingSystem: eqi(type, 'AADSSHLoginForLinux') ? 'Linux' : 'Windows',
      computeRole: 'IaaS',
      handlerSchema: '',
      vmScaleSetEnabled: true,
      supportsMultipleExtensions: false,
    },
  });
}

function versionId(sub: string, location: string, publisher: string, type: string, v: string): string {
  return `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${publisher}/ArtifactTypes/VMExtension/Types/${type}/Versions/${v}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
