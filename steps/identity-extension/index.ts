/**
 * Step 2, identity and extension: the system-assigned identity and the Entra login extension on each
 * selected VM, the Graph devices that could clash with its hostname, and NSG rules that may block the Entra
 * endpoints (DESIGN §2).
 *
 * Discovery costs a constant number of requests beyond list paging: one batched device lookup, one versions
 * call per (location, extension type), and the NIC/NSG reads of `network.ts`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOUDS } from '../../src/azure/clouds';
import { EXTENSION } from '../../src/core/well-known-ids';
import type { ExtensionSpec, Gateway } from '../../src/azure/operations';
import { describeExtensionFailure, explainExtensionFailure } from '../../src/checks/extension-errors';
import { blockingRules, describeBlockingRule } from '../../src/checks/nsg';
import { isOsUnsupported } from '../../src/checks/os-support';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { DeviceFacts, ExtensionFacts, NsgFacts, Snapshot, VmFacts } from '../../src/plan/snapshot';
import type { ActionDraft, CloudName, FindingDraft } from '../../src/plan/types';
import { loadNetwork, primaryNic } from '../shared/network';
import {
  extensionType,
  hasSystemAssigned,
  httpsEndpoints,
  loginExtension,
  planVm,
  versionKey,
} from './extension-drafts';
import type { ActionHandler, ActionVerifier, DiscoverContext, StepModule } from '../shared/contract';
import { actionKey } from '../shared/contract';
import { canConfigure } from '../vm-selection';

const hostname = (vm: VmFacts): string => vm.computerName?.trim() || vm.name;

async function discover(ctx: DiscoverContext): Promise<void> {
  const { gateway, snapshot } = ctx;
  const windows = snapshot.vms.filter((vm) => vm.osType === 'Windows' && !isOsUnsupported(vm));
  const names = [...new Map(windows.map((vm) => [hostname(vm).toLowerCase(), hostname(vm)])).values()];
  const versionsNeeded = new Map<string, [string, string, string]>();
  for (const vm of snapshot.vms.filter(canConfigure)) {
    if (loginExtension(vm)?.provisioningState === 'Succeeded') continue;
    const type = extensionType(vm);
    versionsNeeded.set(versionKey(vm.location, type), [vm.subscriptionId, vm.location, type]);
  }
  ctx.progress('Reading extension versions, devices and network rules…');
  const [devices, versions, network] = await Promise.all([
    names.length ? gateway.graph.findDevicesByName(names) : Promise.resolve({} as Record<string, DeviceFacts[]>),
    Promise.all(
      [...versionsNeeded.entries()].map(async ([key, [sub, location, type]]) => {
        try {
          return [key, await gateway.arm.latestExtensionVersion(sub, location, EXTENSION.publisher, type)] as const;
        } catch (e) {
          // No published version in this location: the plan falls back to 1.0 and says so.
          if (e instanceof UserError && e.code === 'not-found') return [key, ''] as const;
          throw e;
        }
      }),
    ),
    loadNetwork(gateway, snapshot),
  ]);
  snapshot.devicesByName = {};
  for (const [name, list] of Object.entries(devices)) snapshot.devicesByName[name.toLowerCase()] = list;
  for (const [key, version] of versions) if (version) snapshot.extensionVersions[key] = version;
  snapshot.nics = network.nics;
  snapshot.nsgs = network.nsgs;
}

/** Case-insensitive lookups in a record keyed by resource id, indexed once so that assess stays linear in VMs. */
function caseInsensitive<T>(record: Record<string, T>): (id: string | undefined) => T | undefined {
  const index = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return (id) => (id ? (record[id] ?? index.get(id.toLowerCase())) : undefined);
}

/** The §5.6 reachability probes (404 means reachable) for this cloud, as one shell line to run on the VM. */
export function reachabilityCommand(cloud: CloudName, tenantId: string, vm: VmFacts): string {
  const urls = httpsEndpoints(cloud, vm.osType).map((u) => `${u}/`);
  if (cloud === 'AzureCloud' && vm.osType === 'Windows') {
    urls.push(
      `https://login.microsoftonline.com/${tenantId || '<tenant-id>'}/`,
      'https://device.login.microsoftonline.com/',
    );
  }
  return `for u in ${urls.join(' ')}; do curl -s -o /dev/null -w "%{http_code} $u\\n" "$u"; done`;
}

function assess(snapshot: Snapshot, answers: Answers): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const graph = CLOUDS[snapshot.cloud].graphEndpoint;
  const planned = new Set(plan(snapshot, answers).map((d) => d.key));
  const devicesByName = caseInsensitive(snapshot.devicesByName);
  const nsgById = caseInsensitive(snapshot.nsgs);
  for (const vm of snapshot.vms) {
    if (isOsUnsupported(vm)) continue;
    const ext = loginExtension(vm);
    if (ext?.provisioningState === 'Failed') {
      const why = explainExtensionFailure(ext, {
        endpoints: httpsEndpoints(snapshot.cloud, vm.osType),
        type: ext.type,
      });
      const key = actionKey('install-extension', vm.id);
      findings.push({
        code: 'extension-failed',
        severity: 'error',
        step: 'identity-extension',
        target: vm.id,
        message: `${ext.type} failed on ${vm.name}: ${why.meaning}.`,
        remediation: `${why.fix[0]!.toUpperCase()}${why.fix.slice(1)}.`,
        fixedBy: planned.has(key) ? [key] : [],
      });
    }
    const devices = devicesByName(hostname(vm)) ?? [];
    if (vm.osType === 'Windows' && ext?.provisioningState !== 'Succeeded' && devices.length) {
      // No successful join yet, so none of these devices can be this VM's own.
      const ids = devices.map((d) => d.id);
      findings.push({
        code: 'vm-hostname-duplicate-device',
        severity: 'error',
        step: 'identity-extension',
        target: vm.id,
        message: `Entra ID already has ${devices.length === 1 ? 'a device' : `${devices.length} devices`} named '${hostname(vm)}' (${ids.join(', ')}); the join of ${vm.name} fails with "Device name already exists".`,
        remediation: `Delete the stale device in the Entra admin center (Devices) or with ${ids.map((id) => `az rest --method delete --url ${graph}/v1.0/devices/${id}`).join(' && ')}, or rename the VM's computer name.`,
        fixedBy: [],
      });
    }
    if (!canConfigure(vm)) continue;
    const nic = primaryNic(vm, snapshot.nics);
    const nsgs = [nic?.nsgId, nic?.subnetNsgId].map(nsgById).filter((n): n is NsgFacts => !!n);
    const blocking = nsgs.flatMap(blockingRules);
    if (blocking.length) {
      findings.push({
        code: 'network-endpoint-blocked',
        severity: 'warning',
        step: 'identity-extension',
        target: vm.id,
        message: `${vm.name}: ${blocking.map(describeBlockingRule).join('; ')}. The extension needs ${httpsEndpoints(snapshot.cloud, vm.osType).join(', ')} on port 443; effective reachability is checked on the VM itself.`,
        remediation: `Allow outbound TCP 443 to those endpoints (the AzureActiveDirectory service tag may not cover all of them), then check from the VM: ${reachabilityCommand(snapshot.cloud, snapshot.tenantId, vm)} (404 means reachable).`,
        fixedBy: [],
      });
    }
  }
  return findings;
}

function plan(snapshot: Snapshot, answers: Answers): ActionDraft[] {
  return snapshot.vms.flatMap((vm) => planVm(vm, snapshot, answers));
}

const enableIdentity: ActionHandler = async (action, ctx) => {
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

const installExtension: ActionHandler = async (action, ctx) => {
  const { vmId, vmName, location } = action.params as { vmId: string; vmName: string; location: string };
  const spec = action.params.spec as ExtensionSpec;
  const current = await settledExtension(ctx, vmId, spec);
  if (current?.provisioningState === 'Succeeded' && current.type.toLowerCase() === spec.type.toLowerCase()) {
    return { outcome: 'already-done', detail: `${spec.type} already installed` };
  }
  // Re-PUTting a Failed extension with identical settings does not re-run it: a new forceUpdateTag does.
  const put = current?.provisioningState === 'Failed' ? { ...spec, forceUpdateTag: new Date().toISOString() } : spec;
  const result = await ctx.gateway.arm.installExtension(vmId, location, put, (state) =>
    ctx.progress(`${spec.type}: ${state}`),
  );
  if (result.provisioningState !== 'Succeeded') {
    const why = explain(ctx.gateway, spec, result);
    throw new UserError('action-failed', `${spec.type} failed on ${vmName}: ${why.meaning}`, why.fix);
  }
  return { outcome: 'done', detail: `${spec.type} ${result.typeHandlerVersion ?? spec.typeHandlerVersion} installed` };
};

const verifyIdentity: ActionVerifier = async (action, gateway) => {
  const vm = await gateway.arm.getVm(String(action.params.vmId));
  return hasSystemAssigned(vm.identity)
    ? undefined
    : `${vm.name} has no system-assigned identity (identity type ${vm.identity.type})`;
};

const verifyExtension: ActionVerifier = async (action, gateway) => {
  const spec = action.params.spec as ExtensionSpec;
  const ext = await gateway.arm.getExtension(String(action.params.vmId), spec.name);
  if (!ext) return `${spec.type} is not installed on ${String(action.params.vmName)}`;
  if (ext.provisioningState === 'Succeeded') return undefined;
  if (ext.provisioningState !== 'Failed')
    return `${spec.type} on ${String(action.params.vmName)} is still ${ext.provisioningState}`;
  const why = explain(gateway, spec, ext);
  return `${spec.type} on ${String(action.params.vmName)} is ${ext.provisioningState}: ${describeExtensionFailure(why)}`;
};

export const identityExtensionStep: StepModule = {
  id: 'identity-extension',
  title: 'Identity and extension',
  discover,
  assess,
  plan,
  handlers: { 'enable-system-identity': enableIdentity, 'install-extension': installExtension },
  verifiers: { 'enable-system-identity': verifyIdentity, 'install-extension': verifyExtension },
};

export default identityExtensionStep;
