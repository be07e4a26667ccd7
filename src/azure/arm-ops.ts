/**
 * `ArmOperations` over the real SDK clients. Reads go through `read-retry.ts` (every page or an error); writes
 * are sent once and translated, because the executor owns write retries. Clients are created once per
 * subscription and reused.
 */
import type { AuthorizationManagementClient, RoleAssignment } from '@azure/arm-authorization';
import type { ComputeManagementClient, VirtualMachine, VirtualMachineExtension } from '@azure/arm-compute';
import type { BastionHost, NetworkInterface, NetworkManagementClient, NetworkSecurityGroup } from '@azure/arm-network';
import type { SubscriptionClient } from '@azure/arm-subscriptions';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { mapConcurrently } from '../core/concurrently';
import { UserError } from '../errors';
import { listingScope, parseResourceId } from '../plan/ids';
import type { ExtensionFacts, RoleAssignmentFacts, VmFacts } from '../plan/snapshot';
import { createArcOperations, isArcMachineId } from './arc-ops';
import {
  type ClientContext,
  createAuthorizationClient,
  createComputeClient,
  createNetworkClient,
  createSubscriptionClient,
} from './clients';
import { isPlainHttp } from './clouds';
import { type OperationDescriptor, translateError, translateHttpFailure } from './errors';
import {
  bastionOf,
  extensionOf,
  identityOf,
  lacksModel,
  latestMajorMinor,
  mergeVmListings,
  nicOf,
  nsgOf,
  type RawSubscription,
  roleAssignmentOf,
  subscriptionOf,
  vmFactsOf,
  vnetOf,
} from './mappers';
import type { ArmOperations, ExtensionSpec } from './operations';
import { collectAllPages, type RetryPolicy, withReadRetry } from './read-retry';
import { afterLoading, armSdks, loadArmSdks } from './sdk-modules';

export interface ArmOptions {
  retry: RetryPolicy;
  /** LRO polling interval when the service sends no Retry-After; the SDK default (2 s) otherwise. */
  pollIntervalMs?: number;
  /** Ends long-running operation waits at once (Ctrl-C, SIGTERM, SIGHUP). */
  cancel?: AbortSignal;
}

interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Microsoft.Resources `subscriptions` list: not in @azure/arm-subscriptions 6 (alias API only), so sent raw. */
const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

function refOf(id: string, what: string): ResourceRef {
  const p = parseResourceId(id);
  if (!p?.resourceGroup || !p.name) {
    throw new UserError(
      'bad-input',
      `Not a ${what} resource id: ${id}`,
      'Use /subscriptions/…/resourceGroups/…/providers/… ids',
    );
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.name };
}

/** Scope for the classic authorization client, whose path template already starts with '/'. */
function sdkScope(scope: string): string {
  return scope.replace(/^\/+/, '');
}

function roleDefinitionId(scope: string, roleGuid: string): string {
  const sub = parseResourceId(scope)?.subscriptionId;
  const prefix = sub ? `/subscriptions/${sub}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** `…The ID of the existing role assignment is 0123…(32 hex).` → the assignment's GUID name. */
export function existingAssignmentName(message: string | undefined): string | undefined {
  const hex = /existing role assignment is ([0-9a-f]{32})/i.exec(message ?? '')?.[1];
  if (!hex) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** True for core-lro's terminal-failure error (a plain Error), as opposed to an HTTP RestError. */
function isLroFailure(e: unknown): e is Error {
  return e instanceof Error && e.name !== 'RestError' && e.message.startsWith('The long-running operation has failed');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Instance-view GETs in flight at once when a resource group's VMs are read one by one. */
const INSTANCE_VIEW_READS = 8;

export function createArmOperations(ctx: ClientContext, options: ArmOptions): ArmOperations {
  const computes = new Map<string, ComputeManagementClient>();
  const networks = new Map<string, NetworkManagementClient>();
  let authorization: AuthorizationManagementClient | undefined;
  let subscriptions: SubscriptionClient | undefined;

  const compute = (sub: string) => {
    let c = computes.get(sub);
    if (!c) {
      c = createComputeClient(ctx, sub);
      computes.set(sub, c);
    }
    return c;
  };
  const network = (sub: string) => {
    let c = networks.get(sub);
    if (!c) {
      c = createNetworkClient(ctx, sub);
      networks.set(sub, c);
    }
    return c;
  };
  const authz = () => {
    authorization ??= createAuthorizationClient(ctx);
    return authorization;
  };

  const tr = (op: OperationDescriptor) => (e: unknown) => translateError(e, op, 'arm');
  const read = <T>(op: OperationDescriptor, fn: () => Promise<T>) => withReadRetry(fn, tr(op), options.retry);
  const lro = { updateIntervalInMs: options.pollIntervalMs, abortSignal: options.cancel };
  // Azure Arc-enabled servers answer the same VM and extension operations through the HybridCompute client.
  const arc = createArcOperations(ctx, {
    retry: options.retry,
    pollIntervalMs: options.pollIntervalMs,
    cancel: options.cancel,
  });

  /** Every VM of a subscription, each mapped by `map` as its page arrives (a fleet's models are never all held). */
  async function listVmPages<R>(sub: string, statusOnly: boolean, map: (vm: VirtualMachine) => R): Promise<R[]> {
    const c = compute(sub);
    const listOptions = statusOnly ? { statusOnly: 'true' } : {};
    return collectAllPages<VirtualMachine, VirtualMachine[], R>(
      (token) => c.virtualMachines.listAll(listOptions).byPage({ continuationToken: token }),
      (page) => (page as { continuationToken?: string }).continuationToken,
      tr({ name: 'vm.read', target: `/subscriptions/${sub}` }),
      options.retry,
      map,
    );
  }

  async function readExtension(vmId: string, name: string): Promise<VirtualMachineExtension | undefined> {
    const vm = refOf(vmId, 'virtual machine');
    try {
      return await read({ name: 'vm.read', target: vmId }, () =>
        compute(vm.subscriptionId).virtualMachineExtensions.get(vm.resourceGroup, vm.name, name, {
          expand: 'instanceView',
        }),
      );
    } catch (e) {
      if (e instanceof UserError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  async function readAssignment(scope: string, name: string): Promise<RoleAssignment | undefined> {
    try {
      return await read({ name: 'roleAssignments.read', target: scope }, () =>
        authz().roleAssignments.get(sdkScope(scope), name),
      );
    } catch (e) {
      if (e instanceof UserError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  const operations: ArmOperations = {
    async listSubscriptions() {
      subscriptions ??= createSubscriptionClient(ctx);
      const client = subscriptions;
      const op: OperationDescriptor = { name: 'subscriptions.read' };
      const first = `${ctx.cloud.armEndpoint}/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
      // The same client pipeline as every SDK call (token, TLS, user agent, counting); only the operation
      // itself is hand-written, because the installed subscriptions package has no list operation.
      async function* pages(token: string | undefined): AsyncGenerator<RawSubscription[] & { next?: string }> {
        let url: string | undefined = token ?? first;
        while (url) {
          const request = createPipelineRequest({ url, method: 'GET' });
          request.allowInsecureConnection = isPlainHttp(url);
          const response = await client.sendRequest(request);
          const text = response.bodyAsText ?? '';
          if (response.status !== 200) {
            const parsed = safeJson(text) as { error?: { code?: string; message?: string } } | undefined;
            throw translateHttpFailure(
              {
                status: response.status,
                serviceCode: parsed?.error?.code,
                serviceMessage: parsed?.error?.message,
                headers: response.headers,
              },
              op,
              'arm',
            );
          }
          const body = safeJson(text) as { value?: RawSubscription[]; nextLink?: string } | undefined;
          if (!body || !Array.isArray(body.value)) {
            throw translateHttpFailure({ status: 502, serviceCode: 'InvalidListResponse' }, op, 'arm');
          }
          const page = Object.assign([...body.value], { next: body.nextLink ?? undefined });
          yield page;
          url = page.next;
        }
      }
      const subs = await collectAllPages<RawSubscription, RawSubscription[] & { next?: string }>(
        pages,
        (page) => page.next,
        tr(op),
        options.retry,
      );
      return subs.map(subscriptionOf);
    },

    async listVms(subscriptionId) {
      // statusOnly=true carries the instance view (power state, OS, extension statuses) in the listing; the
      // model listing is read as well only when the status listing came back without the profiles.
      // Facts are made page by page; only entries without their model are kept raw, to merge with the models.
      const lacking = new Map<string, VirtualMachine>();
      const listed = await listVmPages(subscriptionId, true, (vm) => {
        if (!lacksModel(vm)) return vmFactsOf(vm);
        lacking.set((vm.id ?? '').toLowerCase(), vm);
        return (vm.id ?? '').toLowerCase();
      });
      if (lacking.size === 0) return listed as VmFacts[];
      const merged = new Map<string, VmFacts>();
      await listVmPages(subscriptionId, false, (model) => {
        const id = (model.id ?? '').toLowerCase();
        const status = lacking.get(id);
        if (status) merged.set(id, vmFactsOf(mergeVmListings([model], [status])[0]!));
      });
      return listed.flatMap((entry) => {
        if (typeof entry !== 'string') return [entry];
        const facts = merged.get(entry) ?? vmFactsOf(lacking.get(entry)!);
        return [facts];
      });
    },

    async listResourceGroupVms(subscriptionId, resourceGroup, onRead) {
      const c = compute(subscriptionId);
      const listed = await collectAllPages<VirtualMachine, VirtualMachine[], string>(
        (token) => c.virtualMachines.list(resourceGroup).byPage({ continuationToken: token }),
        (page) => (page as { continuationToken?: string }).continuationToken,
        tr({ name: 'vm.read', target: listingScope(subscriptionId, resourceGroup) }),
        options.retry,
        (vm) => vm.id ?? '',
      );
      const ids = listed.filter(Boolean);
      let done = 0;
      const read = await mapConcurrently(ids, INSTANCE_VIEW_READS, async (id) => {
        try {
          return await operations.getVm(id);
        } catch (e) {
          // Deleted between the listing and its read: not there any more.
          if (e instanceof UserError && e.code === 'not-found') return undefined;
          throw e;
        } finally {
          onRead?.(++done, ids.length);
        }
      });
      return read.filter((vm): vm is VmFacts => vm !== undefined);
    },

    async getVm(vmId) {
      if (isArcMachineId(vmId)) return arc.getArcMachine(vmId);
      const vm = refOf(vmId, 'virtual machine');
      const model = await read({ name: 'vm.read', target: vmId }, () =>
        compute(vm.subscriptionId).virtualMachines.get(vm.resourceGroup, vm.name, { expand: 'instanceView' }),
      );
      return vmFactsOf(model);
    },

    async startVm(vmId) {
      if (isArcMachineId(vmId)) {
        throw new UserError(
          'action-failed',
          `${vmId.split('/').pop()} is an Azure Arc-enabled server: it is started where it runs, not through Azure`,
          'Start the machine itself, then plan again.',
        );
      }
      const vm = refOf(vmId, 'virtual machine');
      const c = compute(vm.subscriptionId);
      try {
        await c.virtualMachines.start(vm.resourceGroup, vm.name, lro);
      } catch (e) {
        throw translateError(e, { name: 'vm.start', target: vmId }, 'arm');
      }
      const model = await read({ name: 'vm.read', target: vmId }, () =>
        c.virtualMachines.get(vm.resourceGroup, vm.name, { expand: 'instanceView' }),
      );
      return vmFactsOf(model);
    },

    async enableSystemIdentity(vmId) {
      if (isArcMachineId(vmId)) {
        throw new UserError(
          'action-failed',
          `${vmId.split('/').pop()} is an Azure Arc-enabled server: its system-assigned identity is always on`,
          'Nothing to do; plan again.',
        );
      }
      const vm = refOf(vmId, 'virtual machine');
      const c = compute(vm.subscriptionId);
      const current = identityOf(
        await read({ name: 'vm.read', target: vmId }, () => c.virtualMachines.get(vm.resourceGroup, vm.name)),
      );
      if (/systemassigned/i.test(current.type) && current.principalId) return current;
      const identity =
        current.userAssignedIds.length > 0
          ? {
              type: 'SystemAssigned, UserAssigned' as const,
              userAssignedIdentities: Object.fromEntries(current.userAssignedIds.map((id) => [id, {}])),
            }
          : { type: 'SystemAssigned' as const };
      let updated: VirtualMachine;
      try {
        updated = await c.virtualMachines.update(vm.resourceGroup, vm.name, { identity }, lro);
      } catch (e) {
        throw translateError(e, { name: 'vm.identity.write', target: vmId }, 'arm');
      }
      const result = identityOf(updated);
      if (result.principalId) return result;
      // Some LRO paths end on a status document rather than the VM: read the identity back.
      return identityOf(
        await read({ name: 'vm.read', target: vmId }, () => c.virtualMachines.get(vm.resourceGroup, vm.name)),
      );
    },

    async installExtension(vmId, location, spec: ExtensionSpec, onProgress) {
      if (isArcMachineId(vmId)) return arc.installArcExtension(vmId, location, spec, onProgress);
      const vm = refOf(vmId, 'virtual machine');
      const body: VirtualMachineExtension = {
        location,
        publisher: spec.publisher,
        typePropertiesType: spec.type,
        typeHandlerVersion: spec.typeHandlerVersion,
        autoUpgradeMinorVersion: spec.autoUpgradeMinorVersion,
      };
      if (spec.settings) body.settings = spec.settings;
      if (spec.forceUpdateTag) body.forceUpdateTag = spec.forceUpdateTag;
      const poller = compute(vm.subscriptionId).virtualMachineExtensions.createOrUpdate(
        vm.resourceGroup,
        vm.name,
        spec.name,
        body,
        lro,
      );
      if (onProgress) poller.onProgress((state) => onProgress(state.status));
      let failure: Error | undefined;
      try {
        const done = await poller;
        // The operation's final GET already says Succeeded: the instance view would add nothing but a request.
        if (done?.provisioningState === 'Succeeded') return extensionOf(done);
      } catch (e) {
        // A terminal Failed install is an answer, not an exception: the statuses say why (docs/reference/azure-facts.md §1.4).
        if (!isLroFailure(e)) throw translateError(e, { name: 'vm.extension.write', target: vmId }, 'arm');
        failure = e;
      }
      const ext = await readExtension(vmId, spec.name);
      const facts: ExtensionFacts = ext
        ? extensionOf(ext)
        : {
            name: spec.name,
            publisher: spec.publisher,
            type: spec.type,
            provisioningState: 'Unknown',
            statuses: [],
            substatuses: [],
          };
      if (failure) {
        facts.provisioningState = 'Failed';
        if (!facts.statuses.some((s) => s.level === 'Error')) {
          facts.statuses.push({
            code: 'ProvisioningState/failed',
            level: 'Error',
            displayStatus: 'Provisioning failed',
            message: failure.message,
          });
        }
      }
      return facts;
    },

    async getExtension(vmId, name) {
      if (isArcMachineId(vmId)) return arc.getArcExtension(vmId, name);
      const ext = await readExtension(vmId, name);
      return ext ? extensionOf(ext) : undefined;
    },

    async latestExtensionVersion(subscriptionId, location, publisher, type) {
      const images = await read({ name: 'extension.versions.read', target: `/subscriptions/${subscriptionId}` }, () =>
        compute(subscriptionId).virtualMachineExtensionImages.listVersions(location, publisher, type),
      );
      const latest = latestMajorMinor(images.map((i) => i.name ?? ''));
      if (!latest) {
        throw new UserError(
          'not-found',
          `No published versions of ${publisher}.${type} in ${location}`,
          'Check that the extension is offered in this region',
        );
      }
      return latest;
    },

    async listRoleAssignments(scope, principalId) {
      const filter = principalId ? `principalId eq '${principalId}'` : 'atScope()';
      const client = authz();
      return collectAllPages<RoleAssignment, RoleAssignment[], ReturnType<typeof roleAssignmentOf>>(
        (token) =>
          client.roleAssignments.listForScope(sdkScope(scope), { filter }).byPage({ continuationToken: token }),
        (page) => armSdks().authorization.getContinuationToken(page),
        tr({ name: 'roleAssignments.read', target: scope }),
        options.retry,
        roleAssignmentOf,
      );
    },

    async createRoleAssignment(input) {
      const params = {
        roleDefinitionId: roleDefinitionId(input.scope, input.roleDefinitionGuid),
        principalId: input.principalId,
        principalType: input.principalType,
        description: input.description,
      };
      try {
        const created = await authz().roleAssignments.create(sdkScope(input.scope), input.name, params);
        return { assignment: roleAssignmentOf(created), created: true };
      } catch (e) {
        const err = translateError(e, { name: 'roleAssignments.write', target: input.scope }, 'arm');
        if (err.details?.serviceCode !== 'RoleAssignmentExists') throw err;
        const name = existingAssignmentName((e as Error).message) ?? input.name;
        const existing = await readAssignment(input.scope, name);
        const assignment: RoleAssignmentFacts = existing
          ? roleAssignmentOf(existing)
          : {
              id: `${input.scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleAssignments/${name}`,
              name,
              scope: input.scope,
              roleDefinitionGuid: input.roleDefinitionGuid.toLowerCase(),
              principalId: input.principalId,
              principalType: input.principalType,
            };
        return { assignment, created: false };
      }
    },

    async getNetworkInterface(nicId) {
      const nic = refOf(nicId, 'network interface');
      return nicOf(
        await read({ name: 'network.read', target: nicId }, () =>
          network(nic.subscriptionId).networkInterfaces.get(nic.resourceGroup, nic.name),
        ),
      );
    },

    async listNetworkInterfaces(subscriptionId, resourceGroup) {
      const nics = network(subscriptionId).networkInterfaces;
      return collectAllPages<NetworkInterface, NetworkInterface[], ReturnType<typeof nicOf>>(
        (token) => (resourceGroup ? nics.list(resourceGroup) : nics.listAll()).byPage({ continuationToken: token }),
        (page) => (page as { continuationToken?: string }).continuationToken,
        tr({ name: 'network.read', target: listingScope(subscriptionId, resourceGroup) }),
        options.retry,
        nicOf,
      );
    },

    async listNetworkSecurityGroups(subscriptionId, resourceGroup) {
      const nsgs = network(subscriptionId).networkSecurityGroups;
      return collectAllPages<NetworkSecurityGroup, NetworkSecurityGroup[], ReturnType<typeof nsgOf>>(
        (token) => (resourceGroup ? nsgs.list(resourceGroup) : nsgs.listAll()).byPage({ continuationToken: token }),
        (page) => (page as { continuationToken?: string }).continuationToken,
        tr({ name: 'network.read', target: listingScope(subscriptionId, resourceGroup) }),
        options.retry,
        nsgOf,
      );
    },

    async getNetworkSecurityGroup(nsgId) {
      const nsg = refOf(nsgId, 'network security group');
      return nsgOf(
        await read({ name: 'network.read', target: nsgId }, () =>
          network(nsg.subscriptionId).networkSecurityGroups.get(nsg.resourceGroup, nsg.name),
        ),
      );
    },

    async getVirtualNetwork(vnetId) {
      const vnet = refOf(vnetId, 'virtual network');
      return vnetOf(
        await read({ name: 'network.read', target: vnetId }, () =>
          network(vnet.subscriptionId).virtualNetworks.get(vnet.resourceGroup, vnet.name),
        ),
      );
    },

    async listBastionHosts(subscriptionId) {
      const client = network(subscriptionId);
      return collectAllPages<BastionHost, BastionHost[], ReturnType<typeof bastionOf>>(
        (token) => client.bastionHosts.list().byPage({ continuationToken: token }),
        (page) => (page as { continuationToken?: string }).continuationToken,
        tr({ name: 'network.read', target: `/subscriptions/${subscriptionId}` }),
        options.retry,
        bastionOf,
      );
    },

    listArcMachines: (subscriptionId, resourceGroup) => arc.listArcMachines(subscriptionId, resourceGroup),
  };
  // Every operation but the subscription list (the first ARM request of a run) waits for the SDK packages.
  const { listSubscriptions, ...rest } = operations;
  return { listSubscriptions, ...afterLoading(rest, loadArmSdks) };
}
