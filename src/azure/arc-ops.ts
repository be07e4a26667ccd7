/**
 * Azure Arc-enabled servers through the official @azure/arm-hybridcompute client: machines listed per
 * subscription with paging (their extension instance views come with the listing, so discovery costs no
 * request per machine), and extension reads and installs for the identity-and-extension step.
 */
import type {
  HybridComputeManagementClient,
  Machine,
  MachineExtension,
  MachineExtensionInstanceViewStatus,
} from '@azure/arm-hybridcompute';
import { UserError } from '../errors';
import { listingScope, parseResourceId } from '../plan/ids';
import type { ExtensionFacts, InstanceStatus, VmFacts } from '../plan/snapshot';
import { type ClientContext, createHybridComputeClient } from './clients';
import { type OperationDescriptor, translateError } from './errors';
import type { ExtensionSpec } from './operations';
import { collectAllPages, type RetryPolicy, withReadRetry } from './read-retry';

/** True for an Azure Arc-enabled server's resource id. */
export const isArcMachineId = (id: string): boolean => /\/providers\/Microsoft\.HybridCompute\/machines\//i.test(id);

/** Extension types are unique to their publisher; instance views in a machine listing leave the publisher out. */
const PUBLISHER_OF: Record<string, string> = {
  aadsshloginforlinux: 'Microsoft.Azure.ActiveDirectory',
  aadloginforwindows: 'Microsoft.Azure.ActiveDirectory',
};

function statusFacts(s: MachineExtensionInstanceViewStatus | undefined): InstanceStatus[] {
  if (!s) return [];
  const level = s.level === 'Error' ? 'Error' : s.level === 'Warning' ? 'Warning' : 'Info';
  const out: InstanceStatus = { code: s.code ?? '', level };
  if (s.displayStatus) out.displayStatus = s.displayStatus;
  if (s.message) out.message = s.message;
  if (s.time) out.time = new Date(s.time).toISOString();
  return [out];
}

/** An instance view's status as a provisioning state: an error level failed, `Provisioning succeeded` succeeded. */
function stateOf(s: MachineExtensionInstanceViewStatus | undefined): string {
  if (!s) return 'Unknown';
  if (s.level === 'Error') return 'Failed';
  if (/succeeded/i.test(s.displayStatus ?? '') || s.code === '0') return 'Succeeded';
  return 'Updating';
}

export function arcExtensionOf(e: MachineExtension): ExtensionFacts {
  const type = e.properties?.type ?? e.properties?.instanceView?.type ?? '';
  const facts: ExtensionFacts = {
    name: e.name ?? type,
    publisher: e.properties?.publisher ?? PUBLISHER_OF[type.toLowerCase()] ?? '',
    type,
    provisioningState: e.properties?.provisioningState ?? stateOf(e.properties?.instanceView?.status),
    statuses: statusFacts(e.properties?.instanceView?.status),
    substatuses: [],
  };
  const version = e.properties?.typeHandlerVersion ?? e.properties?.instanceView?.typeHandlerVersion;
  if (version) facts.typeHandlerVersion = version;
  return facts;
}

/** An Arc machine as the VM facts every step reads, with `arc` saying what differs. */
export function arcMachineOf(m: Machine): VmFacts {
  const id = m.id ?? '';
  const p = m.properties ?? {};
  const raw = p as { osType?: string };
  const ref = parseResourceId(id);
  const osText = `${raw.osType ?? ''} ${p.osName ?? ''} ${p.osSku ?? ''}`;
  const osType: VmFacts['osType'] = /windows/i.test(osText) ? 'Windows' : 'Linux';
  // Linux reports the kernel as osVersion; the distribution's release is in the SKU ("Ubuntu 22.04.4 LTS").
  const release = /(\d+\.\d+)/.exec(p.osSku ?? '')?.[1];
  const status = p.status ?? 'Unknown';
  const facts: VmFacts = {
    id,
    name: m.name ?? ref?.name ?? '',
    resourceGroup: ref?.resourceGroup ?? '',
    subscriptionId: ref?.subscriptionId ?? '',
    location: m.location ?? '',
    osType,
    osName: p.osSku ?? p.osName,
    osVersion: osType === 'Linux' ? (release ?? p.osVersion) : p.osVersion,
    powerState: status === 'Connected' ? 'running' : 'unknown',
    computerName: p.osProfile?.computerName ?? p.displayName ?? m.name,
    identity: {
      type: 'SystemAssigned',
      principalId: m.identity?.principalId,
      tenantId: m.identity?.tenantId,
      userAssignedIds: [],
    },
    extensions: (p.extensions ?? []).map((iv) =>
      arcExtensionOf({
        name: iv.name,
        location: m.location ?? '',
        properties: { type: iv.type, typeHandlerVersion: iv.typeHandlerVersion, instanceView: iv },
      }),
    ),
    nicIds: [],
    tags: { ...(m.tags ?? {}) },
    arc: { status, ...(p.agentVersion ? { agentVersion: p.agentVersion } : {}) },
  };
  if (p.lastStatusChange) facts.arc!.lastStatusChange = new Date(p.lastStatusChange).toISOString();
  return facts;
}

export interface ArcOperations {
  listArcMachines(subscriptionId: string, resourceGroup?: string): Promise<VmFacts[]>;
  getArcMachine(machineId: string): Promise<VmFacts>;
  getArcExtension(machineId: string, name: string): Promise<ExtensionFacts | undefined>;
  installArcExtension(
    machineId: string,
    location: string,
    spec: ExtensionSpec,
    onProgress?: (state: string) => void,
  ): Promise<ExtensionFacts>;
}

/** True for core-lro's terminal-failure error (a plain Error), as opposed to an HTTP RestError. */
function isLroFailure(e: unknown): e is Error {
  return e instanceof Error && e.name !== 'RestError' && e.message.startsWith('The long-running operation has failed');
}

function refOf(id: string) {
  const p = parseResourceId(id);
  if (!p?.resourceGroup || !p.name || !isArcMachineId(id)) {
    throw new UserError(
      'bad-input',
      `Not an Azure Arc machine id: ${id}`,
      'Use …/providers/Microsoft.HybridCompute/machines/<name>.',
    );
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.name };
}

export function createArcOperations(
  ctx: ClientContext,
  options: { retry: RetryPolicy; pollIntervalMs?: number; cancel?: AbortSignal },
): ArcOperations {
  const clients = new Map<string, HybridComputeManagementClient>();
  const client = (sub: string) => {
    let c = clients.get(sub);
    if (!c) {
      c = createHybridComputeClient(ctx, sub);
      clients.set(sub, c);
    }
    return c;
  };
  const tr = (op: OperationDescriptor) => (e: unknown) => translateError(e, op, 'arm');
  const read = <T>(target: string, fn: () => Promise<T>) =>
    withReadRetry(fn, tr({ name: 'arc.read', target }), options.retry);

  async function readExtension(machineId: string, name: string) {
    const m = refOf(machineId);
    try {
      return await read(machineId, () => client(m.subscriptionId).machineExtensions.get(m.resourceGroup, m.name, name));
    } catch (e) {
      if (e instanceof UserError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  return {
    async listArcMachines(subscriptionId, resourceGroup) {
      const c = client(subscriptionId);
      const machines = await collectAllPages<Machine>(
        (token) =>
          (resourceGroup ? c.machines.listByResourceGroup(resourceGroup) : c.machines.listBySubscription()).byPage({
            continuationToken: token,
          }),
        (page) => (page as { continuationToken?: string }).continuationToken,
        tr({ name: 'arc.read', target: listingScope(subscriptionId, resourceGroup) }),
        options.retry,
      );
      return machines.map(arcMachineOf);
    },

    async getArcMachine(machineId) {
      const m = refOf(machineId);
      return arcMachineOf(await read(machineId, () => client(m.subscriptionId).machines.get(m.resourceGroup, m.name)));
    },

    async getArcExtension(machineId, name) {
      const ext = await readExtension(machineId, name);
      return ext ? arcExtensionOf(ext) : undefined;
    },

    async installArcExtension(machineId, location, spec, onProgress) {
      const m = refOf(machineId);
      const body: MachineExtension = {
        location,
        properties: {
          publisher: spec.publisher,
          type: spec.type,
          typeHandlerVersion: spec.typeHandlerVersion,
          autoUpgradeMinorVersion: spec.autoUpgradeMinorVersion,
          ...(spec.settings ? { settings: spec.settings } : {}),
          ...(spec.forceUpdateTag ? { forceUpdateTag: spec.forceUpdateTag } : {}),
        },
      };
      onProgress?.('Creating');
      try {
        await client(m.subscriptionId).machineExtensions.beginCreateOrUpdateAndWait(
          m.resourceGroup,
          m.name,
          spec.name,
          body,
          { updateIntervalInMs: options.pollIntervalMs, abortSignal: options.cancel },
        );
      } catch (e) {
        // A terminal failure of the install is an answer: the extension's status says why.
        if (!isLroFailure(e)) throw translateError(e, { name: 'arc.extension.write', target: machineId }, 'arm');
      }
      const ext = await readExtension(machineId, spec.name);
      return ext
        ? arcExtensionOf(ext)
        : {
            name: spec.name,
            publisher: spec.publisher,
            type: spec.type,
            provisioningState: 'Failed',
            statuses: [],
            substatuses: [],
          };
    },
  };
}
