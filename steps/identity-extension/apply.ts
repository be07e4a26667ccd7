/**
 * Identity and extension handlers: enable the system-assigned identity, install the login extension and wait
 * for it to finish, and verify both afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import type { ExtensionSpec, Gateway } from '../../src/azure/operations';
import { describeExtensionFailure, explainExtensionFailure } from '../../src/checks/extension-errors';
import { EXTENSION } from '../../src/core/well-known-ids';
import { UserError } from '../../src/errors';
import type { ExtensionFacts } from '../../src/plan/snapshot';
import type { Action } from '../../src/plan/types';
import { hasSystemAssigned, httpsEndpoints } from './extension-drafts';
import { isOwnJoin } from './stale-devices';

export const enableIdentity: ActionHandler = async (action, ctx) => {
  const vmId = String(action.params.vmId);
  const vm = await ctx.gateway.arm.getVm(vmId);
  if (hasSystemAssigned(vm.identity)) {
    return {
      outcome: 'already-done',
      detail: 'system-assigned identity already enabled',
      outputs: { principalId: vm.identity.principalId },
    };
  }
  ctx.progress('Enabling the system-assigned identity…');
  const identity = await ctx.gateway.arm.enableSystemIdentity(vmId);
  return { outcome: 'done', outputs: { principalId: identity.principalId } };
};

const TRANSITIONING = new Set(['creating', 'updating', 'deleting']);
/** How long resume waits for an install a killed run left going, before it says so instead of hanging. */
const SETTLE_LIMIT_MS = 20 * 60_000;

/** Why an extension failed, in the cloud's own endpoint names. */
function explain(gateway: Gateway, spec: ExtensionSpec, ext: ExtensionFacts) {
  const osType = spec.type === EXTENSION.linuxType ? 'Linux' : 'Windows';
  return explainExtensionFailure(ext, { endpoints: httpsEndpoints(gateway.cloud, osType), type: spec.type });
}

/**
 * The extension as it is once no operation runs on it. A run killed mid-install leaves the operation going
 * on in Azure, and a PUT meanwhile is refused with 409 OperationNotAllowed: resume waits for it to end (and
 * then usually finds it Succeeded) instead of failing.
 */
async function settledExtension(ctx: Parameters<ActionHandler>[1], vmId: string, spec: ExtensionSpec) {
  let current = await ctx.gateway.arm.getExtension(vmId, spec.name);
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (let waitMs = 100; current && TRANSITIONING.has(current.provisioningState.toLowerCase()); ) {
    if (Date.now() > deadline) {
      throw new UserError(
        'action-failed',
        `${spec.type} on ${vmId.split('/').pop()} is still ${current.provisioningState.toLowerCase()} after ${SETTLE_LIMIT_MS / 60_000} minutes`,
        'Check the extension on the VM in the portal (or its CommandExecution log); run apply again once it has ended.',
      );
    }
    ctx.progress(
      `${spec.type}: an earlier install is still ${current.provisioningState.toLowerCase()}; waiting for it`,
    );
    await sleep(waitMs, undefined, { signal: ctx.signal });
    waitMs = Math.min(waitMs * 2, 5_000);
    current = await ctx.gateway.arm.getExtension(vmId, spec.name);
  }
  return current;
}

export const installExtension: ActionHandler = async (action, ctx) => {
  const { vmId, vmName, location } = action.params as { vmId: string; vmName: string; location: string };
  const spec = action.params.spec as ExtensionSpec;
  // A fresh install on a VM without the extension: the stale check has just read that it is absent.
  const current = ctx.fresh && !action.params.reinstall ? undefined : await settledExtension(ctx, vmId, spec);
  if (current?.provisioningState === 'Succeeded' && current.type.toLowerCase() === spec.type.toLowerCase()) {
    return { outcome: 'already-done', detail: `${spec.type} already installed` };
  }
  // Re-PUTting a Failed extension with identical settings does not re-run it: a new forceUpdateTag does.
  const put = current?.provisioningState === 'Failed' ? { ...spec, forceUpdateTag: new Date().toISOString() } : spec;
  let installedByOther = false;
  const result = await ctx.gateway.arm
    .installExtension(vmId, location, put, (state) => ctx.progress(`${spec.type}: ${state}`))
    .catch(async (e: unknown) => {
      // Another writer (a second apply, the portal) started an operation on the extension between our read and
      // our PUT: ARM refuses ours with 409 OperationNotAllowed. Wait for theirs and judge its result instead.
      if (!(e instanceof UserError) || e.details?.serviceCode !== 'OperationNotAllowed') throw e;
      const after = await settledExtension(ctx, vmId, spec);
      if (!after) throw e;
      installedByOther = true;
      return after;
    });
  if (result.provisioningState !== 'Succeeded') {
    const why = explain(ctx.gateway, spec, result);
    throw new UserError('action-failed', `${spec.type} failed on ${vmName}: ${why.meaning}`, why.fix);
  }
  if (installedByOther) return { outcome: 'already-done', detail: `${spec.type} installed by another run` };
  return { outcome: 'done', detail: `${spec.type} ${result.typeHandlerVersion ?? spec.typeHandlerVersion} installed` };
};

const RUNNING = 'running';

/** Starts the VM (opt-in) and waits for the operation; a VM already running is left as it is. */
export const startVm: ActionHandler = async (action, ctx) => {
  const vmId = String(action.params.vmId);
  const vmName = String(action.params.vmName ?? vmId.split('/').pop());
  const before = await ctx.gateway.arm.getVm(vmId);
  if (before.powerState === RUNNING) return { outcome: 'already-done', detail: `${vmName} is already running` };
  ctx.progress(`Starting ${vmName} (${before.powerState}); it bills compute from now on…`);
  const after = await ctx.gateway.arm.startVm(vmId);
  if (after.powerState !== RUNNING) {
    throw new UserError(
      'action-failed',
      `${vmName} did not reach running after the start (it is ${after.powerState})`,
      `Check the VM's activity log in the portal, start it with az vm start, then run apply again.`,
    );
  }
  return { outcome: 'done', detail: `${vmName} running` };
};

export const verifyStarted: ActionVerifier = async (action, gateway) => {
  const vm = await gateway.arm.getVm(String(action.params.vmId));
  return vm.powerState === RUNNING ? undefined : `${vm.name} is ${vm.powerState}, not running`;
};

export const verifyIdentity: ActionVerifier = async (action, gateway) => {
  const vm = await gateway.arm.getVm(String(action.params.vmId));
  return hasSystemAssigned(vm.identity)
    ? undefined
    : `${vm.name} has no system-assigned identity (identity type ${vm.identity.type})`;
};

export const verifyExtension: ActionVerifier = async (action, gateway) => {
  const spec = action.params.spec as ExtensionSpec;
  const ext = await gateway.arm.getExtension(String(action.params.vmId), spec.name);
  if (!ext) return `${spec.type} is not installed on ${String(action.params.vmName)}`;
  if (ext.provisioningState === 'Succeeded') return undefined;
  if (ext.provisioningState !== 'Failed')
    return `${spec.type} on ${String(action.params.vmName)} is still ${ext.provisioningState}`;
  const why = explain(gateway, spec, ext);
  return `${spec.type} on ${String(action.params.vmName)} is ${ext.provisioningState}: ${describeExtensionFailure(why)}`;
};

/** The device as Graph has it now, found by its name; undefined when it is gone. */
async function currentDevice(gateway: Gateway, action: Action) {
  const name = String(action.params.displayName ?? '');
  const id = String(action.params.deviceObjectId ?? '').toLowerCase();
  if (!name || !id)
    throw new UserError('plan-invalid', 'a remove-stale-device action has no device', 'Re-create the plan.');
  const byName = await gateway.graph.findDevicesByName([name]);
  return Object.values(byName)
    .flat()
    .find((d) => d.id.toLowerCase() === id);
}

/**
 * Deletes the device only if it is still provably not the VM's own join (re-read now: a device that gained the
 * VM's resource id in its physicalIds since planning is the VM's and is kept).
 */
export const removeStaleDevice: ActionHandler = async (action, ctx) => {
  const device = await currentDevice(ctx.gateway, action);
  if (!device) return { outcome: 'already-done', detail: 'the device is already gone' };
  const own = isOwnJoin(device, { id: String(action.params.vmId) });
  if (own !== false) {
    throw new UserError(
      'action-failed',
      `device ${device.id} is ${own ? `now ${String(action.params.vmName)}'s own join` : 'no longer provably stale (its physicalIds could not be read)'}: not removed`,
      'Check the device in the Entra admin center (Devices), then run plan again.',
    );
  }
  if (!ctx.gateway.graph.deleteDevice) throw new UserError('action-failed', 'this connection cannot delete devices');
  ctx.progress(`Removing stale device '${device.displayName}'…`);
  await ctx.gateway.graph.deleteDevice(device.id);
  return { outcome: 'done', detail: `device ${device.id} removed` };
};

export const verifyStaleDeviceGone: ActionVerifier = async (action, gateway) =>
  (await currentDevice(gateway, action)) ? 'the stale device still exists' : undefined;
