/** Turns a validated scenario into the live tenant state. Deterministic for a given scenario and seed. */

import { SERVICE_PLAN_IDS } from '../../core/well-known-ids';
import { outcomeStatuses } from '../arm/extension-outcomes';
import { builtInPolicyDefinitions } from '../arm/policy-builtins';
import { OS_IMAGES } from '../catalog';
import { createPrng } from '../prng';
import type { ExtensionModel, NicModel, TenantState, VmModel } from '../state';
import { key } from '../state';
import type { Scenario, VmSpec } from './schema';

/** Timestamps in scenarios are fixed so that output is reproducible. */
/**
 * The Entra ID P1 licence (AAD_PREMIUM) as `GET /subscribedSkus` lists it, with the Entra ID P1 service plan
 * that Conditional Access needs: the licence every scenario with Conditional Access holds.
 */
export function entraP1Sku(enabledUnits: number, consumedUnits: number) {
  return {
    skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
    skuPartNumber: 'AAD_PREMIUM',
    enabledUnits,
    consumedUnits,
    servicePlans: [{ servicePlanId: SERVICE_PLAN_IDS.entraP1, servicePlanName: 'AAD_PREMIUM' }],
  };
}

export const SCENARIO_EPOCH = '2026-11-01T08:00:00.000Z';
const EXTENSION_PUBLISHER = 'Microsoft.Azure.ActiveDirectory';

export function defaultComputerName(spec: Pick<VmSpec, 'name' | 'os' | 'computerName'>): string {
  if (spec.computerName) return spec.computerName;
  return OS_IMAGES[spec.os].osType === 'Windows' ? spec.name.slice(0, 15) : spec.name;
}

/**
 * `now` anchors the scenario's sign-ins (declared in minutes before it), so the logs are always recent and a test
 * that fixes the clock gets fixed timestamps.
 */
export function buildState(scenario: Scenario, seed = 1, now = Date.now()): TenantState {
  const prng = createPrng(seed);
  const state: TenantState = {
    tenantId: scenario.tenant.id,
    tenantDisplayName: scenario.tenant.displayName,
    defaultDomain: scenario.tenant.defaultDomain,
    caller: { ...scenario.caller },
    principalReplicationDelayMs: scenario.principalReplicationDelayMs,
    subscriptions: scenario.subscriptions.map((s) => ({ ...s, state: 'Enabled' as const })),
    vms: new Map(),
    nics: new Map(),
    nsgs: new Map(scenario.nsgs.map((n) => [key(n.id), { ...n, rules: n.rules.map((r) => ({ ...r })) }])),
    vnets: new Map(scenario.vnets.map((v) => [key(v.id), structuredClone(v)])),
    bastions: new Map(scenario.bastions.map((b) => [key(b.id), { ...b }])),
    roleAssignments: scenario.roleAssignments.map((r) => ({ ...r, createdOn: SCENARIO_EPOCH })),
    users: new Map(
      scenario.users.map((u) => [
        key(u.id),
        {
          ...u,
          mail: u.userType === 'Member' ? u.userPrincipalName : undefined,
          createdDateTime: SCENARIO_EPOCH,
          roleTemplateIds: [...u.roleTemplateIds],
          methods: { ...u.methods },
        },
      ]),
    ),
    groups: new Map(scenario.groups.map((g) => [key(g.id), { ...g, members: [...g.members] }])),
    devices: new Map(
      scenario.devices.map((d) => [key(d.id), { ...d, accountEnabled: true, registrationDateTime: SCENARIO_EPOCH }]),
    ),
    servicePrincipals: new Map(
      scenario.servicePrincipals.map((sp) => [
        key(sp.id),
        { ...sp, servicePrincipalType: 'Application' as const, createdAtMs: 0 },
      ]),
    ),
    caPolicies: new Map(scenario.caPolicies.map((p) => [String(p.id).toLowerCase(), structuredClone(p)])),
    customStrengths: new Map(
      scenario.authenticationStrengths.map((s) => [
        key(s.id),
        { ...s, allowedCombinations: [...s.allowedCombinations] },
      ]),
    ),
    securityDefaultsEnabled: scenario.securityDefaultsEnabled,
    skus: scenario.skus.map((s) => ({ ...s })),
    operations: new Map(),
    signIns: [],
    whatIf: scenario.whatIf.map((w) => ({
      userId: w.userId,
      appId: w.appId,
      results: Object.fromEntries(Object.entries(w.results).map(([id, r]) => [id.toLowerCase(), { ...r }])),
    })),
    arcMachines: new Map(),
    policyDefinitions: builtInPolicyDefinitions(SCENARIO_EPOCH),
    policyAssignments: new Map(),
    remediations: new Map(),
  };

  for (const spec of scenario.vms) addVm(state, spec, prng.guid);
  // Sign-in ids come from their own stream so adding sign-ins never changes the ids of VMs and identities.
  const ids = createPrng(seed ^ 0x5161);
  state.signIns = scenario.signIns
    .map((s) => ({
      id: ids.guid(),
      correlationId: ids.guid(),
      createdDateTime: new Date(now - s.minutesAgo * 60_000).toISOString(),
      userId: s.userId,
      appId: s.appId,
      clientAppUsed: s.clientAppUsed,
      errorCode: s.errorCode,
      ...(s.failureReason ? { failureReason: s.failureReason } : {}),
      authenticationRequirement: s.authenticationRequirement,
      methods: s.methods.map((m) => ({ ...m })),
      policyResults: Object.fromEntries(Object.entries(s.policyResults).map(([id, r]) => [id.toLowerCase(), r])),
      ...(s.device ? { device: { ...s.device } } : {}),
      ipAddress: s.ipAddress,
    }))
    .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
  for (const spec of scenario.arcMachines) addArcMachine(state, spec, prng.guid);
  return state;
}

function addVm(state: TenantState, spec: VmSpec, newGuid: () => string): void {
  const os = OS_IMAGES[spec.os];
  const rgId = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}`;
  const id = `${rgId}/providers/Microsoft.Compute/virtualMachines/${spec.name}`;
  const nicId = `${rgId}/providers/Microsoft.Network/networkInterfaces/${spec.name}-nic`;
  const nic: NicModel = {
    id: nicId,
    location: spec.location,
    subnetId: spec.subnetId,
    privateIp: spec.privateIp ?? `10.0.${state.nics.size >> 8}.${(state.nics.size % 250) + 4}`,
    nsgId: spec.nicNsgId,
    vmId: id,
  };
  state.nics.set(key(nicId), nic);
  const hasSystem = spec.identity.startsWith('SystemAssigned');
  const principalId = hasSystem ? (spec.principalId ?? newGuid()) : undefined;
  const vm: VmModel = {
    id,
    name: spec.name,
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    vmId: newGuid(),
    vmSize: spec.size,
    osType: os.osType,
    image: { ...os.image },
    osName: os.osName,
    osVersion: os.osVersion,
    computerName: defaultComputerName(spec),
    powerState: spec.powerState,
    identity: {
      type: spec.identity,
      principalId,
      tenantId: hasSystem ? state.tenantId : undefined,
      userAssignedIdentities: Object.fromEntries(
        spec.userAssignedIds.map((uai) => [uai, { principalId: newGuid(), clientId: newGuid() }]),
      ),
    },
    nicIds: [nicId],
    tags: { ...spec.tags },
    extensions: [],
    revision: 1,
    timeCreated: SCENARIO_EPOCH,
  };
  vm.extensions = spec.extensions.map((e): ExtensionModel => {
    const outcome =
      e.outcome === 'duplicate-device'
        ? { kind: 'duplicate-device' as const, hostname: vm.computerName }
        : e.outcome === 'network-blocked'
          ? { kind: 'network-blocked' as const, nsgId: spec.nicNsgId ?? '', rule: '' }
          : { kind: e.outcome };
    return {
      name: e.name ?? e.type,
      publisher: EXTENSION_PUBLISHER,
      type: e.type,
      typeHandlerVersion: e.typeHandlerVersion,
      autoUpgradeMinorVersion: true,
      provisioningState: e.outcome === 'succeeded' ? 'Succeeded' : 'Failed',
      statuses: outcomeStatuses(outcome, vm, EXTENSION_PUBLISHER, e.type, SCENARIO_EPOCH),
      substatuses: [],
    };
  });
  if (principalId) {
    state.servicePrincipals.set(key(principalId), {
      id: principalId,
      appId: newGuid(),
      displayName: spec.name,
      servicePrincipalType: 'ManagedIdentity',
      createdAtMs: 0,
    });
  }
  // A Windows VM whose extension succeeded is Entra joined: its device exists.
  if (vm.extensions.some((e) => e.type === 'AADLoginForWindows' && e.provisioningState === 'Succeeded')) {
    const objectId = newGuid();
    state.devices.set(key(objectId), {
      id: objectId,
      deviceId: newGuid(),
      displayName: vm.computerName,
      operatingSystem: 'Windows',
      operatingSystemVersion: vm.osVersion,
      trustType: 'AzureAd',
      accountEnabled: true,
      registrationDateTime: SCENARIO_EPOCH,
    });
  }
  state.vms.set(key(id), vm);
}

/** An Arc machine: its identity's service principal exists from the start, as the agent creates it on connect. */
function addArcMachine(state: TenantState, spec: Scenario['arcMachines'][number], newGuid: () => string): void {
  const id = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.HybridCompute/machines/${spec.name}`;
  const principalId = spec.principalId ?? newGuid();
  state.arcMachines.set(key(id), {
    id,
    name: spec.name,
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    status: spec.status,
    lastStatusChange: SCENARIO_EPOCH,
    agentVersion: spec.agentVersion,
    vmId: newGuid(),
    osType: spec.osType,
    osSku: spec.osSku,
    osVersion: spec.osVersion,
    computerName: spec.name,
    principalId,
    tenantId: state.tenantId,
    tags: { ...spec.tags },
    extensions: spec.extensions.map((e) => ({
      name: 'AADSSHLogin',
      publisher: EXTENSION_PUBLISHER,
      type: e.type,
      typeHandlerVersion: e.typeHandlerVersion,
      autoUpgradeMinorVersion: true,
      provisioningState: 'Succeeded',
      statuses: [],
      substatuses: [],
    })),
  });
  state.servicePrincipals.set(key(principalId), {
    id: principalId,
    appId: newGuid(),
    displayName: spec.name,
    servicePrincipalType: 'ManagedIdentity',
    createdAtMs: 0,
  });
}
