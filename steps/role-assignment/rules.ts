/**
 * Role assignment rules: which login role each selected principal lacks on each VM (at the scope the admin
 * chose, never a management group), guests who cannot sign in, and Bastion's SKU and Reader roles.
 */

import { isArcEntraUnsupported } from '../../src/checks/arc';
import { isOsUnsupported } from '../../src/checks/os-support';
import { rolesUnknown } from '../../src/checks/unknown-facts';
import { groupDigits } from '../../src/core/numbers';
import { isManagementGroupScope } from '../../src/core/scopes';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { renderFrom } from '../../src/plan/rendered-text';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import type { StepInputs } from '../shared/contract';
import { isGuest, loginGrants } from '../shared/principals';
import { principalLabel, ROLE_NAMES, roleHolder, SATISFIES, scopeFor, scopeLabel } from './assignments';
import { planBastion, wantsBastion } from './bastion';
import { assignmentLimitFindings } from './limit';
import { type AssignReason, type AssignRoleParams, assignCommand, assignDraft } from './params';

/** Findings and drafts together, so that `fixedBy` always names drafts that `plan` returns. */
export interface RoleAssignmentFacts extends StepInputs {
  drafts: ActionDraft[];
  findings: FindingDraft[];
}

export function facts(snapshot: Snapshot, answers: Answers): RoleAssignmentFacts {
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
  // No login role helps on a Windows Arc machine: Entra sign-in is not offered there.
  const vms = snapshot.vms.filter((vm) => !isOsUnsupported(vm) && !isArcEntraUnsupported(vm));
  const missingBy = new Map<string, string | string[]>();
  const ownerOnly = new Map<string, string[]>();
  for (const { principal, roleGuid } of members) {
    const holdsLogin = roleHolder(snapshot.roleAssignments, principal, SATISFIES[roleGuid]!);
    const manages = roleHolder(snapshot.roleAssignments, principal, [ROLE_IDS.owner, ROLE_IDS.contributor]);
    for (const vm of vms) {
      // Who holds which role there could not be read: unknown, so no role is planned on a guess.
      if (rolesUnknown(snapshot, vm.id)) continue;
      if (holdsLogin(vm.id)) continue;
      const scope = scopeFor(vm, answers.scope);
      const draft = assignDraft(scope, principal, roleGuid, withoutLoginRole);
      drafts.set(draft.key, draft);
      // One name alone at VM scope (an array grown by push keeps room for seventeen); appended in place at group
      // or subscription scope, where a draft gathers thousands of VMs.
      const missing = missingBy.get(draft.key);
      if (missing === undefined) missingBy.set(draft.key, vm.name);
      else if (typeof missing === 'string') missingBy.set(draft.key, [missing, vm.name]);
      else missing.push(vm.name);
      if (manages(vm.id)) {
        const owned = ownerOnly.get(principal.id) ?? [];
        owned.push(vm.name);
        ownerOnly.set(principal.id, owned);
      }
    }
  }
  for (const [key, vmNames] of missingBy) {
    const d = drafts.get(key)!;
    const finding = {
      ...base,
      code: 'role-missing' as const,
      severity: 'error' as const,
      target: d.target,
      fixedBy: [key],
    };
    // Rendered when read: a fleet's plan holds one of these per VM and principal. The remediation is the
    // fixing command itself, not a copy inside a sentence, and "fixed by" beside it says that the plan runs it.
    findings.push(
      renderFrom(finding, new RoleMissingTexts(d.params as AssignRoleParams, vmNames), 'message', 'remediation'),
    );
  }
  for (const [principalId, vmNames] of ownerOnly) {
    const p = members.find((g) => g.principal.id === principalId)!.principal;
    findings.push({
      ...base,
      code: 'owner-without-login-role',
      severity: 'info',
      target: `graph:/${p.kind === 'group' ? 'groups' : 'users'}/${p.id}`,
      message: `${principalLabel(p)} has Owner or Contributor on ${someNames(vmNames)} but no login role: Owner and Contributor manage VMs, they do not grant sign-in.`,
      remediation: 'Assign Virtual Machine Administrator Login or Virtual Machine User Login (this plan does).',
      fixedBy: [...missingBy.keys()].filter((k) => drafts.get(k)?.params.principalId === p.id),
    });
  }
  if (wantsBastion(answers)) {
    // Azure Bastion reaches Azure VNets only: Arc machines are connected to through `az ssh arc` instead.
    for (const vm of vms.filter((v) => !v.arc)) {
      const b = planBastion(vm, snapshot, answers, members);
      for (const d of b.drafts) drafts.set(d.key, d);
      findings.push(...b.findings);
    }
  }
  for (const f of assignmentLimitFindings(snapshot, drafts.values())) findings.push(f);
  return { snapshot, answers, drafts: [...drafts.values()], findings };
}

/** The first five VM names and how many more: a fleet-wide finding names thousands, which no line can hold. */
function someNames(names: readonly string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${groupDigits(names.length - 5)} more` : '');
}

const withoutLoginRole: AssignReason = (p) =>
  `Without ${ROLE_NAMES[p.roleDefinitionGuid]}, ${p.principalName} sees "Your account is configured to prevent you from using this device" when signing in to ${scopeLabel(p.scope)}.`;

/** The texts of one `role-missing` finding, from the parameters of the assignment that fixes it and its VMs. */
class RoleMissingTexts {
  constructor(
    private readonly fix: AssignRoleParams,
    private readonly vmNames: string | readonly string[],
  ) {}

  message(): string {
    const names = typeof this.vmNames === 'string' ? [this.vmNames] : this.vmNames;
    return `${this.fix.principalName} has no ${ROLE_NAMES[this.fix.roleDefinitionGuid]} for ${someNames(names)}.`;
  }

  remediation(): string {
    return assignCommand(this.fix);
  }
}
