/**
 * Azure Bastion for Entra sign-in (docs/reference/azure-facts.md §1.7): which Bastion reaches each VM (same VNet, or a VNet
 * peered with the VM's), whether its SKU allows the chosen connection, and the Reader roles users need: on
 * the VM, its NIC, the Bastion host, and the VM's VNet when Bastion sits in a peered VNet.
 */

import type { Gateway } from '../../src/azure/operations';
import { bastionFor, bastionReadTargets, skuProblem } from '../../src/checks/access-path';
import { bastionRouteUnknown, rolesUnknown } from '../../src/checks/unknown-facts';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { parseResourceId, sameId } from '../../src/plan/ids';
import type { BastionFacts, Snapshot, VmFacts, VnetFacts } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { FACT_KEYS } from '../../src/plan/unread';
import { type NetworkFacts, primaryNic, type Reader, readVnet } from '../shared/network';
import type { LoginGrant } from '../shared/principals';
import { holdsRole, principalLabel, SATISFIES } from './assignments';
import { assignDraft } from './params';

export const wantsBastion = (answers: Pick<Answers, 'connections'>): boolean =>
  answers.connections.includes('bastion-portal') || answers.connections.includes('bastion-native');

/** VNet ids of the selected VMs' primary NICs. */
function vmVnets(vms: readonly VmFacts[], nics: NetworkFacts['nics']): string[] {
  const ids = vms.map((vm) => primaryNic(vm, nics)?.vnetId).filter((id): id is string => !!id);
  return [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
}

const subscriptionOf = (id: string | undefined) => (id ? parseResourceId(id)?.subscriptionId : undefined);

/**
 * Bastions of every searched subscription, the peerings of VM VNets that have no Bastion of their own, and the
 * Bastions of subscriptions those peerings reach that were not searched (a hub in a connectivity subscription).
 * All contextual: what cannot be read leaves the route to a VM unknown.
 */
export async function discoverBastions(
  gateway: Gateway,
  snapshot: Snapshot,
  network: NetworkFacts,
  reader: Reader,
): Promise<{ bastions: BastionFacts[]; vnets: Record<string, VnetFacts> }> {
  const listIn = (sub: string) =>
    reader(
      {
        step: 'role-assignment',
        key: FACT_KEYS.bastions(sub),
        resource: `/subscriptions/${sub}`,
        what: `the Azure Bastion hosts of subscription ${sub}`,
        operation: 'network.bastion.read',
      },
      () => gateway.arm.listBastionHosts(sub),
      [] as BastionFacts[],
    );
  const searched = snapshot.subscriptions.map((s) => s.id);
  const bastions = (await Promise.all(searched.map(listIn))).flat();
  const lonely = vmVnets(snapshot.vms, network.nics).filter((v) => !bastions.some((b) => sameId(b.vnetId, v)));
  // VNets the network read already fetched are reused, not read again.
  const known = Object.values(network.vnets);
  const vnets = (
    await Promise.all(lonely.map((id) => known.find((v) => sameId(v.id, id)) ?? readVnet(gateway, reader, id)))
  ).filter((v): v is VnetFacts => v !== undefined);
  const seen = new Set(searched.map((s) => s.toLowerCase()));
  const hubs = [
    ...new Map(
      vnets
        .flatMap((v) => v.peeredVnetIds.map(subscriptionOf))
        .filter((s): s is string => !!s && !seen.has(s.toLowerCase()))
        .map((s) => [s.toLowerCase(), s]),
    ).values(),
  ];
  const more = (await Promise.all(hubs.map(listIn))).flat();
  return { bastions: [...bastions, ...more], vnets: Object.fromEntries(vnets.map((v) => [v.id, v])) };
}

export { type BastionRoute, bastionFor, skuProblem } from '../../src/checks/access-path';

/** Bastion findings and Reader drafts for one VM and the principals that will sign in. */
export function planBastion(
  vm: VmFacts,
  snapshot: Snapshot,
  answers: Pick<Answers, 'connections'>,
  grants: readonly LoginGrant[],
): { drafts: ActionDraft[]; findings: FindingDraft[] } {
  const route = bastionFor(vm, snapshot, answers);
  const base = { step: 'role-assignment' as const, target: vm.id, severity: 'error' as const };
  // The route could not be read: whether a Bastion reaches the VM is unknown (the read-failed finding says why).
  if (!route.bastion && bastionRouteUnknown(vm, snapshot)) return { drafts: [], findings: [] };
  if (!route.bastion) {
    const where = route.vnetId
      ? `its VNet ${route.vnetId.split('/').pop()} or a VNet peered with it`
      : 'its VNet (its NIC could not be read)';
    return {
      drafts: [],
      findings: [
        {
          ...base,
          code: 'bastion-missing',
          message: `A Bastion connection was chosen, but no Azure Bastion host is in ${where}, so ${vm.name} cannot be reached through Bastion.`,
          remediation:
            'Deploy Azure Bastion (Standard or higher for the native client) in the VM’s VNet or a peered VNet, or choose another connection.',
          fixedBy: [],
        },
      ],
    };
  }
  const findings: FindingDraft[] = [];
  const problem = skuProblem(route.bastion, answers);
  if (problem) {
    findings.push({
      ...base,
      code: 'bastion-sku-too-low',
      message: `${vm.name}: ${problem}.`,
      remediation: `Upgrade the Bastion (az network bastion update -g <rg> -n ${route.bastion.name} --sku Standard --enable-tunneling true), or connect through the portal.`,
      fixedBy: [],
    });
  }
  const resources = bastionReadTargets(vm, route);
  const drafts: ActionDraft[] = [];
  const missing: string[] = [];
  for (const { principal } of grants) {
    const lacking = resources.filter(
      ([id]) =>
        // Assignments that could not be read there: unknown, nothing planned on it.
        !rolesUnknown(snapshot, id) && !holdsRole(snapshot.roleAssignments, principal, SATISFIES[ROLE_IDS.reader]!, id),
    );
    if (!lacking.length) continue;
    missing.push(`${principalLabel(principal)} on ${lacking.map(([, label]) => label).join(', ')}`);
    for (const [id, label] of lacking) {
      const reason = `Entra sign-in through Azure Bastion needs Reader on ${label}, besides the login role.`;
      drafts.push(assignDraft(id, principal, ROLE_IDS.reader, reason));
    }
  }
  if (missing.length) {
    findings.push({
      ...base,
      code: 'bastion-reader-missing',
      message: `Bastion sign-in to ${vm.name} needs Reader roles that are missing: ${missing.join('; ')}.`,
      remediation: 'Assign Reader on the VM, its NIC, the Bastion host and (for a peered Bastion) the VM’s VNet.',
      fixedBy: drafts.map((d) => d.key),
    });
  }
  return { drafts, findings };
}
