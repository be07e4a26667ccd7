/**
 * Step 3, role assignment: who may sign in to which VM (Virtual Machine Administrator / User Login), the
 * existing assignments that already grant it, and, for Bastion connections, the Bastion host and the Reader
 * roles it needs (DESIGN §2).
 *
 * Requests: principals are resolved in one batched Graph call; role assignments are listed once per
 * (subscription, principal or group the principal is in), never per VM; Bastion hosts once per subscription.
 */
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { isOsUnsupported } from '../../src/checks/os-support';
import type { Answers } from '../../src/plan/answers';
import { parseResourceId, sameId, scopeCovers } from '../../src/plan/ids';
import type { RoleAssignmentFacts, Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { loadNetwork } from '../shared/network';
import {
  assignDraft,
  coversResource,
  holdsRole,
  principalLabel,
  ROLE_NAMES,
  SATISFIES,
  scopeFor,
  scopeLabel,
} from './assignments';
import { discoverBastions, planBastion, wantsBastion } from './bastion';
import { ensurePrincipals, isGuest, loginGrants } from '../shared/principals';
import type { ActionHandler, ActionVerifier, DiscoverContext, StepModule } from '../shared/contract';
import { isManagementGroupScope } from '../vm-selection/selectors';

async function listAssignments(ctx: DiscoverContext, subscriptionIds: string[]): Promise<RoleAssignmentFacts[]> {
  const principals = loginGrants(ctx.snapshot, ctx.answers).map((g) => g.principal);
  const ids = [...new Set(principals.flatMap((p) => [p.id, ...p.memberOf]).map((id) => id.toLowerCase()))];
  const lists = await Promise.all(
    subscriptionIds.flatMap((sub) => ids.map((id) => ctx.gateway.arm.listRoleAssignments(`/subscriptions/${sub}`, id))),
  );
  return lists.flat();
}

async function discover(ctx: DiscoverContext): Promise<void> {
  const { gateway, snapshot, answers } = ctx;
  await ensurePrincipals(ctx);
  const vmSubs = [...new Set(snapshot.vms.map((vm) => vm.subscriptionId.toLowerCase()))];
  ctx.progress('Reading role assignments…');
  const [assignments, bastionFacts] = await Promise.all([
    listAssignments(ctx, vmSubs),
    wantsBastion(answers)
      ? loadNetwork(gateway, snapshot).then(async (network) => ({
          network,
          ...(await discoverBastions(gateway, snapshot, network)),
        }))
      : undefined,
  ]);
  const relevant = snapshot.vms.flatMap((vm) => [vm.id, ...vm.nicIds]);
  if (bastionFacts) {
    snapshot.bastions = bastionFacts.bastions;
    snapshot.vnets = bastionFacts.vnets;
    const extra = new Set<string>();
    for (const b of bastionFacts.bastions) relevant.push(b.id);
    for (const nic of Object.values(bastionFacts.network.nics)) if (nic.vnetId) relevant.push(nic.vnetId);
    for (const id of [...bastionFacts.bastions.map((b) => b.id), ...Object.keys(bastionFacts.vnets)]) {
      const sub = parseResourceId(id)?.subscriptionId.toLowerCase();
      if (sub && !vmSubs.includes(sub)) extra.add(sub);
    }
    // A hub Bastion in another subscription: its Reader assignments live there.
    if (extra.size) assignments.push(...(await listAssignments(ctx, [...extra])));
  }
  const byId = new Map<string, RoleAssignmentFacts>();
  for (const a of assignments) {
    if (relevant.some((r) => coversResource(a, r))) byId.set(a.id.toLowerCase(), a);
  }
  snapshot.roleAssignments = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Findings and drafts together, so that `fixedBy` always names drafts that `plan` returns. */
function analyse(snapshot: Snapshot, answers: Answers): { drafts: ActionDraft[]; findings: FindingDraft[] } {
  const drafts = new Map<string, ActionDraft>();
  const findings: FindingDraft[] = [];
  const base = { step: 'role-assignment' as const };
  for (const mg of answers.vms.filter(isManagementGroupScope)) {
    findings.push({
      ...base,
      code: 'role-scope-management-group',
      severity: 'error',
      target: mg,
      message: `${mg} is a management group: the VM login roles use dataActions, which Microsoft documents as not assignable there for Windows VMs; no role is planned for it.`,
      remediation:
        'Select the subscriptions under the management group and use --scope subscription (or resource-group).',
      fixedBy: [],
    });
  }
  const grants = loginGrants(snapshot, answers);
  const guests = grants.filter((g) => isGuest(g.principal));
  const members = grants.filter((g) => !isGuest(g.principal));
  for (const { principal } of guests) {
    const target = `graph:/users/${principal.id}`;
    findings.push({
      ...base,
      code: 'principal-guest-unsupported',
      severity: 'error',
      target,
      message: `${principalLabel(principal)} is a guest: Entra ID guests cannot sign in to Azure VMs with Entra ID, so no role is planned for them.`,
      remediation: 'Give this person a member account in this tenant and select that account instead.',
      fixedBy: [],
    });
    if (wantsBastion(answers)) {
      findings.push({
        ...base,
        code: 'principal-guest-bastion',
        severity: 'error',
        target,
        message: `${principalLabel(principal)} is a guest: Azure Bastion’s Entra sign-in does not support guest accounts.`,
        remediation: 'Use a member account of this tenant for Bastion connections.',
        fixedBy: [],
      });
    }
  }
  const vms = snapshot.vms.filter((vm) => !isOsUnsupported(vm));
  const missingBy = new Map<string, string[]>();
  const ownerOnly = new Map<string, string[]>();
  for (const { principal, roleGuid } of members) {
    for (const vm of vms) {
      if (holdsRole(snapshot.roleAssignments, principal, SATISFIES[roleGuid]!, vm.id)) continue;
      const scope = scopeFor(vm, answers.scope);
      const role = ROLE_NAMES[roleGuid]!;
      const draft = assignDraft(
        scope,
        principal,
        roleGuid,
        `Without ${role}, ${principalLabel(principal)} sees "Your account is configured to prevent you from using this device" when signing in to ${scopeLabel(scope)}.`,
      );
      drafts.set(draft.key, draft);
      missingBy.set(draft.key, [...(missingBy.get(draft.key) ?? []), vm.name]);
      if (holdsRole(snapshot.roleAssignments, principal, [ROLE_IDS.owner, ROLE_IDS.contributor], vm.id)) {
        ownerOnly.set(principal.id, [...(ownerOnly.get(principal.id) ?? []), vm.name]);
      }
    }
  }
  for (const [key, vmNames] of missingBy) {
    const d = drafts.get(key)!;
    const shown = vmNames.slice(0, 5).join(', ') + (vmNames.length > 5 ? ` and ${vmNames.length - 5} more` : '');
    findings.push({
      ...base,
      code: 'role-missing',
      severity: 'error',
      target: d.target,
      message: `${principalLabel(members.find((g) => g.principal.id === d.params.principalId)!.principal)} has no ${ROLE_NAMES[String(d.params.roleDefinitionGuid)]} for ${shown}.`,
      remediation: `Assign the role (this plan does): ${d.command}`,
      fixedBy: [key],
    });
  }
  for (const [principalId, vmNames] of ownerOnly) {
    const p = members.find((g) => g.principal.id === principalId)!.principal;
    findings.push({
      ...base,
      code: 'owner-without-login-role',
      severity: 'info',
      target: `graph:/${p.kind === 'group' ? 'groups' : 'users'}/${p.id}`,
      message: `${principalLabel(p)} has Owner or Contributor on ${vmNames.join(', ')} but no login role: Owner and Contributor manage VMs, they do not grant sign-in.`,
      remediation: 'Assign Virtual Machine Administrator Login or Virtual Machine User Login (this plan does).',
      fixedBy: [...missingBy.keys()].filter((k) => drafts.get(k)?.params.principalId === p.id),
    });
  }
  if (wantsBastion(answers)) {
    for (const vm of vms) {
      const b = planBastion(vm, snapshot, answers, members);
      for (const d of b.drafts) drafts.set(d.key, d);
      findings.push(...b.findings);
    }
  }
  return { drafts: [...drafts.values()], findings };
}

const assignRole: ActionHandler = async (action, ctx) => {
  const p = action.params as {
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
    principalType: 'User' | 'Group' | 'ServicePrincipal';
    name: string;
  };
  ctx.progress(`Assigning ${ROLE_NAMES[p.roleDefinitionGuid] ?? 'role'}…`);
  const { created } = await ctx.gateway.arm.createRoleAssignment({ ...p, description: 'entra-vm-login' });
  return created ? { outcome: 'done' } : { outcome: 'already-done', detail: 'the role assignment already exists' };
};

const verifyRole: ActionVerifier = async (action, gateway) => {
  const p = action.params as { scope: string; roleDefinitionGuid: string; principalId: string };
  const list = await gateway.arm.listRoleAssignments(p.scope, p.principalId);
  const ok = list.some(
    (a) =>
      sameId(a.principalId, p.principalId) &&
      sameId(a.roleDefinitionGuid, p.roleDefinitionGuid) &&
      (scopeCovers(a.scope, p.scope) || isManagementGroupScope(a.scope)),
  );
  return ok
    ? undefined
    : `${ROLE_NAMES[p.roleDefinitionGuid] ?? p.roleDefinitionGuid} for ${p.principalId} is not assigned on ${scopeLabel(p.scope)}`;
};

export const roleAssignmentStep: StepModule = {
  id: 'role-assignment',
  title: 'Role assignment',
  discover,
  assess: (snapshot, answers) => analyse(snapshot, answers).findings,
  plan: (snapshot, answers) => analyse(snapshot, answers).drafts,
  handlers: { 'assign-role': assignRole },
  verifiers: { 'assign-role': verifyRole },
};

export { ensurePrincipals };
export default roleAssignmentStep;
