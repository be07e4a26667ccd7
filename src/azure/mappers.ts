/**
 * SDK models → the plain facts of `src/plan/snapshot.ts`. Pure: the only place that knows the SDKs' model
 * shapes (the modular compute models flatten `properties` and rename an extension's `type` to
 * `typePropertiesType`). Absent data stays absent rather than being guessed.
 */
import type { RoleAssignment } from '@azure/arm-authorization';
import type {
  InstanceViewStatus,
  VirtualMachine,
  VirtualMachineExtension,
  VirtualMachineExtensionInstanceView,
} from '@azure/arm-compute';
import type {
  BastionHost,
  NetworkInterface,
  NetworkSecurityGroup,
  SecurityRule,
  VirtualNetwork,
} from '@azure/arm-network';
import { shared } from '../core/shared-strings';
import { parseResourceId } from '../plan/ids';
import type {
  BastionFacts,
  ExtensionFacts,
  InstanceStatus,
  NicFacts,
  NsgFacts,
  NsgRuleFacts,
  PowerState,
  RoleAssignmentFacts,
  SubscriptionFacts,
  VmFacts,
  VmIdentityFacts,
  VnetFacts,
} from '../plan/snapshot';

const POWER_STATES: readonly PowerState[] = [
  'running',
  'deallocated',
  'deallocating',
  'stopped',
  'stopping',
  'starting',
];

export function toStatus(s: InstanceViewStatus): InstanceStatus {
  const out: InstanceStatus = { code: s.code ?? '' };
  if (s.level) out.level = s.level as InstanceStatus['level'];
  if (s.displayStatus) out.displayStatus = s.displayStatus;
  if (s.message) out.message = s.message;
  if (s.time) out.time = s.time instanceof Date ? s.time.toISOString() : String(s.time);
  return out;
}

export function powerStateOf(statuses: InstanceViewStatus[] | undefined): PowerState {
  const code = statuses?.find((s) => s.code?.toLowerCase().startsWith('powerstate/'))?.code;
  const state = code?.slice('PowerState/'.length).toLowerCase();
  // The table's own string, not the one just cut from the status: a fleet keeps one per VM.
  return POWER_STATES.find((p) => p === state) ?? 'unknown';
}

export function identityOf(vm: Pick<VirtualMachine, 'identity'>): VmIdentityFacts {
  const id = vm.identity;
  const facts: VmIdentityFacts = {
    type: shared(id?.type ?? 'None'),
    userAssignedIds: Object.keys(id?.userAssignedIdentities ?? {}).map(shared),
  };
  if (id?.principalId) facts.principalId = id.principalId;
  if (id?.tenantId) facts.tenantId = shared(id.tenantId);
  return facts;
}

/** `ProvisioningState/failed/1007` → `Failed`; `Unknown` when no status says. */
export function provisioningStateOf(statuses: InstanceViewStatus[] | undefined): string {
  const code = statuses?.find((s) => s.code?.toLowerCase().startsWith('provisioningstate/'))?.code;
  const state = code?.split('/')[1];
  return state ? state.charAt(0).toUpperCase() + state.slice(1).toLowerCase() : 'Unknown';
}

/** Last segment of a resource id, for extension resource names given as full ids. */
function lastSegment(name: string): string {
  return name.split('/').pop() ?? name;
}

/** Extension facts from the extension resource and, where available, its instance view. */
export function extensionOf(ext: VirtualMachineExtension, view?: VirtualMachineExtensionInstanceView): ExtensionFacts {
  const iv = view ?? ext.instanceView;
  // Instance views name the type with its publisher: `Microsoft.Azure.ActiveDirectory.AADLoginForWindows`.
  const qualified = iv?.type ?? '';
  const dot = qualified.lastIndexOf('.');
  const facts: ExtensionFacts = {
    name: shared(lastSegment(ext.name ?? iv?.name ?? '')),
    publisher: shared(ext.publisher ?? (dot > 0 ? qualified.slice(0, dot) : '')),
    type: shared(ext.typePropertiesType ?? (dot > 0 ? qualified.slice(dot + 1) : qualified)),
    provisioningState: shared(ext.provisioningState ?? provisioningStateOf(iv?.statuses)),
    statuses: (iv?.statuses ?? []).map(toStatus),
    substatuses: (iv?.substatuses ?? []).map(toStatus),
  };
  const version = ext.typeHandlerVersion ?? iv?.typeHandlerVersion;
  if (version) facts.typeHandlerVersion = shared(version);
  return facts;
}

function osTypeOf(vm: VirtualMachine): VmFacts['osType'] {
  const declared = vm.storageProfile?.osDisk?.osType;
  if (declared === 'Windows' || declared === 'Linux') return declared;
  if (vm.osProfile?.linuxConfiguration) return 'Linux';
  if (vm.osProfile?.windowsConfiguration) return 'Windows';
  return /windows/i.test(vm.instanceView?.osName ?? '') ? 'Windows' : 'Linux';
}

/** One VM's facts. Instance-view facts (power state, OS name, extension statuses) come from `vm.instanceView`. */
export function vmFactsOf(vm: VirtualMachine): VmFacts {
  const id = vm.id ?? '';
  const parsed = parseResourceId(id);
  const iv = vm.instanceView;
  const views = new Map((iv?.extensions ?? []).map((e) => [(e.name ?? '').toLowerCase(), e]));
  const extensions = (vm.resources ?? []).map((ext) =>
    extensionOf(ext, views.get(lastSegment(ext.name ?? '').toLowerCase())),
  );
  // An extension can show in the instance view before its resource appears in the model (or without it).
  for (const [name, view] of views) {
    if (!extensions.some((e) => e.name.toLowerCase() === name)) {
      extensions.push(extensionOf({ name: view.name } as VirtualMachineExtension, view));
    }
  }
  const image = vm.storageProfile?.imageReference;
  const facts: VmFacts = {
    id,
    name: vm.name ?? parsed?.name ?? '',
    resourceGroup: shared(parsed?.resourceGroup ?? ''),
    subscriptionId: shared(parsed?.subscriptionId ?? ''),
    location: shared(vm.location ?? ''),
    osType: osTypeOf(vm),
    powerState: powerStateOf(iv?.statuses),
    identity: identityOf(vm),
    extensions,
    // Sliced to its length: an array made by filter keeps room for seventeen, per VM for the plan's life.
    nicIds: (vm.networkProfile?.networkInterfaces ?? [])
      .map((n) => n.id ?? '')
      .filter((n) => n !== '')
      .slice(),
    tags: { ...(vm.tags ?? {}) },
  };
  if (image && (image.publisher || image.offer || image.sku)) {
    facts.image = {};
    if (image.publisher) facts.image.publisher = shared(image.publisher);
    if (image.offer) facts.image.offer = shared(image.offer);
    if (image.sku) facts.image.sku = shared(image.sku);
    const version = image.exactVersion ?? image.version;
    if (version) facts.image.version = shared(version);
  }
  if (iv?.osName) facts.osName = shared(iv.osName);
  if (iv?.osVersion) facts.osVersion = shared(iv.osVersion);
  const computerName = iv?.computerName ?? vm.osProfile?.computerName;
  if (computerName) facts.computerName = computerName;
  if (vm.hardwareProfile?.vmSize) facts.vmSize = shared(vm.hardwareProfile.vmSize);
  const agent = iv?.vmAgent?.statuses;
  if (agent && agent.length > 0) facts.vmAgentReady = agent.some((s) => /^ready$/i.test(s.displayStatus ?? ''));
  return facts;
}

/**
 * Merges a model listing with a `statusOnly=true` listing of the same subscription, by id: the status listing
 * carries the instance view, the model listing the profiles. Either may be missing a VM (created or deleted
 * between the two reads); a VM is kept when the model listing has it.
 */
export function mergeVmListings(models: VirtualMachine[], statuses: VirtualMachine[]): VirtualMachine[] {
  const byId = new Map(statuses.map((s) => [(s.id ?? '').toLowerCase(), s]));
  return models.map((m) => {
    const s = byId.get((m.id ?? '').toLowerCase());
    if (!s) return m;
    return { ...m, instanceView: s.instanceView ?? m.instanceView, resources: m.resources ?? s.resources };
  });
}

/** True when a listing entry lacks the model (only the instance view came back). */
export function lacksModel(vm: VirtualMachine): boolean {
  return !vm.storageProfile && !vm.osProfile && !vm.hardwareProfile && !vm.networkProfile;
}

export function roleAssignmentOf(ra: RoleAssignment): RoleAssignmentFacts {
  const facts: RoleAssignmentFacts = {
    id: ra.id ?? '',
    name: ra.name ?? '',
    scope: shared(ra.scope ?? ''),
    roleDefinitionGuid: shared((ra.roleDefinitionId ?? '').split('/').pop()!.toLowerCase()),
    principalId: shared(ra.principalId ?? ''),
  };
  if (ra.principalType) facts.principalType = ra.principalType;
  return facts;
}

/** One entry of `GET /subscriptions` (Microsoft.Resources). */
export interface RawSubscription {
  subscriptionId?: string;
  displayName?: string;
  tenantId?: string;
  state?: string;
}

export function subscriptionOf(s: RawSubscription): SubscriptionFacts {
  const facts: SubscriptionFacts = { id: s.subscriptionId ?? '', displayName: s.displayName ?? s.subscriptionId ?? '' };
  if (s.tenantId) facts.tenantId = s.tenantId;
  if (s.state) facts.state = s.state;
  return facts;
}

function vnetOfSubnet(subnetId: string | undefined): string | undefined {
  if (!subnetId) return undefined;
  const i = subnetId.toLowerCase().indexOf('/subnets/');
  return i > 0 ? subnetId.slice(0, i) : undefined;
}

export function nicOf(nic: NetworkInterface): NicFacts {
  const configs = nic.ipConfigurations ?? [];
  const primary = configs.find((c) => c.primary) ?? configs[0];
  const facts: NicFacts = { id: nic.id ?? '' };
  if (primary?.privateIPAddress) facts.privateIp = primary.privateIPAddress;
  const subnetId = primary?.subnet?.id;
  if (subnetId) facts.subnetId = shared(subnetId);
  const vnetId = vnetOfSubnet(subnetId);
  if (vnetId) facts.vnetId = shared(vnetId);
  if (nic.networkSecurityGroup?.id) facts.nsgId = shared(nic.networkSecurityGroup.id);
  if (primary?.subnet?.networkSecurityGroup?.id) facts.subnetNsgId = shared(primary.subnet.networkSecurityGroup.id);
  return facts;
}

function list(single: string | undefined, many: string[] | undefined): string[] {
  if (many && many.length > 0) return [...many];
  return single ? [single] : [];
}

function ruleOf(r: SecurityRule): NsgRuleFacts {
  return {
    name: r.name ?? '',
    priority: r.priority ?? 0,
    direction: r.direction === 'Inbound' ? 'Inbound' : 'Outbound',
    access: r.access === 'Deny' ? 'Deny' : 'Allow',
    protocol: r.protocol ?? '*',
    destinationAddressPrefixes: list(r.destinationAddressPrefix, r.destinationAddressPrefixes),
    destinationPortRanges: list(r.destinationPortRange, r.destinationPortRanges),
  };
}

export function nsgOf(nsg: NetworkSecurityGroup): NsgFacts {
  const rules = [...(nsg.securityRules ?? []), ...(nsg.defaultSecurityRules ?? [])].map(ruleOf);
  return { id: nsg.id ?? '', rules };
}

export function vnetOf(vnet: VirtualNetwork): VnetFacts {
  const peered = (vnet.virtualNetworkPeerings ?? [])
    .filter((p) => p.peeringState === undefined || p.peeringState === 'Connected')
    .map((p) => p.remoteVirtualNetwork?.id)
    .filter((id): id is string => !!id);
  // A VNet GET carries its subnets with their NSG references: the only cheap way to see subnet NSGs.
  const subnets = (vnet.subnets ?? [])
    .filter((s) => !!s.id)
    .map((s) => (s.networkSecurityGroup?.id ? { id: s.id!, nsgId: s.networkSecurityGroup.id } : { id: s.id! }));
  return { id: vnet.id ?? '', peeredVnetIds: peered, subnets };
}

const BASTION_SKUS: readonly BastionFacts['sku'][] = ['Developer', 'Basic', 'Standard', 'Premium'];

export function bastionOf(b: BastionHost): BastionFacts {
  const skuName = b.sku?.name as BastionFacts['sku'] | undefined;
  const subnetId = b.ipConfigurations?.[0]?.subnet?.id;
  return {
    id: b.id ?? '',
    name: b.name ?? '',
    // Azure's default SKU when none is stated is Basic.
    sku: skuName && BASTION_SKUS.includes(skuName) ? skuName : 'Basic',
    enableTunneling: b.enableTunneling === true,
    vnetId: vnetOfSubnet(subnetId) ?? b.virtualNetwork?.id ?? '',
  };
}

/** `1.0.1.2` → `1.0`; versions compare numerically segment by segment. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest version, trimmed to `major.minor` as `az vm extension set` does (docs/reference/azure-facts.md §0.4). */
export function latestMajorMinor(versions: string[]): string | undefined {
  const valid = versions.filter((v) => /^\d+(\.\d+)*$/.test(v));
  if (valid.length === 0) return undefined;
  const top = valid.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  const [major, minor = '0'] = top.split('.');
  return `${major}.${minor}`;
}
