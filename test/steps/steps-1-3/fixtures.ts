/** Hand-built snapshots for the pure tests of steps 1–3. */
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import { type AnswersInput, parseAnswers } from '../../../src/plan/answers';
import {
  type ExtensionFacts,
  emptySnapshot,
  type NsgRuleFacts,
  type PrincipalFacts,
  type RoleAssignmentFacts,
  type Snapshot,
  type VmFacts,
} from '../../../src/plan/snapshot';

export const SUB = '11111111-1111-1111-1111-111111111111';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-web`;
export const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;

export function vm(name: string, over: Partial<VmFacts> = {}): VmFacts {
  return {
    id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    resourceGroup: 'rg-web',
    subscriptionId: SUB,
    location: 'westeurope',
    osType: 'Windows',
    osName: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348',
    powerState: 'running',
    computerName: name,
    identity: { type: 'None', userAssignedIds: [] },
    extensions: [],
    nicIds: [`${RG}/providers/Microsoft.Network/networkInterfaces/${name}-nic`],
    tags: {},
    ...over,
  };
}

export function aadExtension(state: string, statuses: ExtensionFacts['statuses'] = []): ExtensionFacts {
  return {
    name: 'AADLoginForWindows',
    publisher: 'Microsoft.Azure.ActiveDirectory',
    type: 'AADLoginForWindows',
    typeHandlerVersion: '2.2',
    provisioningState: state,
    statuses,
    substatuses: [],
  };
}

export const FAILED_1007 = aadExtension('Failed', [
  {
    code: 'ProvisioningState/failed/-2145648574',
    level: 'Error',
    displayStatus: 'Provisioning failed',
    message:
      "Handler 'Microsoft.Azure.ActiveDirectory.AADLoginForWindows' has reported failure for VM Extension 'AADLoginForWindows' with terminal error code '1007'. Exit code: -2145648574",
  },
]);

export function user(ref: string, id: string, over: Partial<PrincipalFacts> = {}): PrincipalFacts {
  return {
    ref,
    kind: 'user',
    id,
    displayName: ref.split('@')[0]!,
    userPrincipalName: ref,
    userType: 'Member',
    memberOf: [],
    roleTemplateIds: [],
    ...over,
  };
}

export function group(ref: string, id: string): PrincipalFacts {
  return { ref, kind: 'group', id, displayName: ref, memberOf: [], roleTemplateIds: [] };
}

export function assignment(scope: string, principalId: string, roleGuid: string): RoleAssignmentFacts {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${principalId.slice(0, 8)}-${roleGuid.slice(0, 8)}`,
    name: 'x',
    scope,
    roleDefinitionGuid: roleGuid,
    principalId,
    principalType: 'User',
  };
}

export const ALICE = user('alice@contoso.com', 'a0000000-0000-0000-0000-00000000000a');
export const BOB = user('bob@contoso.com', 'b0000000-0000-0000-0000-00000000000b');
export const GUEST = user('gina_fabrikam.com#EXT#@contoso.com', 'c0000000-0000-0000-0000-00000000000c', {
  userType: 'Guest',
});
export const OPS = group('vm-ops', 'd0000000-0000-0000-0000-00000000000d');

export function snapshotOf(vms: VmFacts[], over: Partial<Snapshot> = {}): Snapshot {
  return {
    ...emptySnapshot('AzureCloud', 'tenant-1'),
    vms,
    subscriptions: [{ id: SUB, displayName: 'Prod' }],
    ...over,
  };
}

export const answers = (input: AnswersInput = {}) => parseAnswers(input);

export const outboundRule = (name: string, priority: number, access: 'Allow' | 'Deny', dest: string): NsgRuleFacts => ({
  name,
  priority,
  direction: 'Outbound',
  access,
  protocol: 'Tcp',
  destinationAddressPrefixes: [dest],
  destinationPortRanges: ['443'],
});

export { ROLE_IDS };
