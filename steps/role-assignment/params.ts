/**
 * Closed parameters of `assign-role`: only the two VM login roles, at a selected VM, its resource group or its
 * subscription (as the answers' scope says), and Reader, only on what Bastion sign-in needs (the VM, its NIC,
 * the Bastion host, a peered VNet). The assignment name is the tool's deterministic one, and the principal is
 * one the answers selected for that role.
 */
import * as z from 'zod';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { renderFrom, type TextSource } from '../../src/plan/rendered-text';
import type { PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft } from '../../src/plan/types';
import { shellQuote } from '../../src/plan/untrusted';
import { actionKind, GUID, guid } from '../shared/action-params';
import { actionKey } from '../shared/contract';
import { isBastionReadTarget, isSelectionScope } from '../shared/selection-index';
import { principalLabel, principalType, ROLE_NAMES, roleAssignmentName, scopeLabel } from './assignments';

const LOGIN_ROLES = [ROLE_IDS.vmAdministratorLogin, ROLE_IDS.vmUserLogin] as const;
const ROLES = [...LOGIN_ROLES, ROLE_IDS.reader] as const;

const SUB = '/subscriptions/[0-9a-f-]{36}';
const RG = `${SUB}/resourceGroups/[^/?#]+`;
const res = (provider: string, type: string) => `${RG}/providers/${provider.replace(/\./g, '\\.')}/${type}/[^/?#]+`;
const whole = (...alts: string[]) => new RegExp(`^(?:${alts.join('|')})$`, 'i');
/** Where a login role may be assigned: a VM or Arc-enabled server, a resource group or a subscription. */
const LOGIN_SCOPE = whole(
  SUB,
  RG,
  res('Microsoft.Compute', 'virtualMachines'),
  res('Microsoft.HybridCompute', 'machines'),
);
/** Where Reader may be assigned: the resources Bastion sign-in reads. */
const READER_SCOPE = whole(
  res('Microsoft.Compute', 'virtualMachines'),
  res('Microsoft.Network', 'networkInterfaces'),
  res('Microsoft.Network', 'bastionHosts'),
  res('Microsoft.Network', 'virtualNetworks'),
);

const byRefs = (snapshot: Snapshot, refs: readonly string[]): PrincipalFacts[] =>
  refs.flatMap((r) => (snapshot.principals[r] ? [snapshot.principals[r]!] : []));

const hasId = (ps: readonly PrincipalFacts[], id: string) => ps.some((p) => p.id.toLowerCase() === id.toLowerCase());

const assignParams = z
  .object({
    scope: z.string(),
    roleDefinitionGuid: z.enum(ROLES, { error: 'only the VM login roles and Reader are assigned by this tool' }),
    principalId: guid,
    principalType: z.enum(['User', 'Group', 'ServicePrincipal']),
    /** How the summary names the principal; checked against the directory before the first write. */
    principalName: z.string().min(1),
    name: z.string().regex(GUID, 'expected a GUID'),
  })
  .strict()
  .refine(
    (p) =>
      (LOGIN_ROLES as readonly string[]).includes(p.roleDefinitionGuid)
        ? LOGIN_SCOPE.test(p.scope)
        : READER_SCOPE.test(p.scope),
    { message: 'not a scope this role is assigned at', path: ['scope'] },
  )
  .refine((p) => p.name === roleAssignmentName(p.scope, p.principalId, p.roleDefinitionGuid), {
    message: 'not the deterministic assignment name of this scope, principal and role',
    path: ['name'],
  });

export const assignRoleKind = actionKind({
  params: assignParams,
  describe(p) {
    return { target: p.scope, summary: assignSummary(p), command: assignCommand(p) };
  },
  inScope(p, snapshot, answers: Answers) {
    const admins = byRefs(snapshot, answers.admins);
    const users = byRefs(snapshot, answers.users);
    const principal = [...admins, ...users].find((x) => x.id.toLowerCase() === p.principalId.toLowerCase());
    if (!principal) return 'principalId: not a selected admin or user';
    if (principalLabel(principal) !== p.principalName) return 'principalName: not the name of that principal';
    if (principalType(principal) !== p.principalType) return 'principalType: not the type of that principal';
    if (p.roleDefinitionGuid === ROLE_IDS.vmAdministratorLogin && !hasId(admins, p.principalId)) {
      return 'roleDefinitionGuid: Administrator Login is only for the selected admins';
    }
    if (p.roleDefinitionGuid === ROLE_IDS.vmUserLogin && !hasId(users, p.principalId)) {
      return 'roleDefinitionGuid: User Login is only for the selected users';
    }
    if (p.roleDefinitionGuid !== ROLE_IDS.reader) {
      const ok = isSelectionScope(snapshot, answers.scope, p.scope);
      return ok ? undefined : 'scope: not a selected VM, or its resource group or subscription as --scope says';
    }
    if (!answers.connections.some((m) => m === 'bastion-native' || m === 'bastion-portal')) {
      return 'roleDefinitionGuid: Reader is only assigned for a Bastion connection';
    }
    // Discovery reads only the Bastion hosts and VNets that can serve the selected VMs.
    const served = isBastionReadTarget(snapshot, p.scope);
    return served ? undefined : 'scope: not a selected VM, its NIC, or the Bastion host or VNet that serves it';
  },
});

export type AssignRoleParams = Pick<
  z.infer<typeof assignParams>,
  'scope' | 'roleDefinitionGuid' | 'principalId' | 'principalType' | 'principalName'
>;

function assignSummary(p: AssignRoleParams): string {
  return `Assign ${ROLE_NAMES[p.roleDefinitionGuid]} to ${p.principalName} on ${scopeLabel(p.scope)}`;
}

/** The `az` command of an assignment: the remediation of the finding the assignment fixes, too. */
export function assignCommand(p: AssignRoleParams): string {
  return (
    `az role assignment create --assignee-object-id ${p.principalId} --assignee-principal-type ${p.principalType} ` +
    `--role ${shellQuote(ROLE_NAMES[p.roleDefinitionGuid]!)} --scope ${shellQuote(p.scope)}`
  );
}

const assignRequires = (p: AssignRoleParams): string =>
  `Owner, User Access Administrator or Role Based Access Control Administrator on ${scopeLabel(p.scope)}`;

/** Why an assignment is planned, from its parameters alone, so that it can be rendered when read. */
export type AssignReason = (params: AssignRoleParams) => string;

/** One text source per reason: a fleet's thousands of drafts for the same reason share it. */
type AssignTexts = TextSource<'summary' | 'reason' | 'requires' | 'command'>;
const sources = new Map<AssignReason, AssignTexts>();
function textsWith(reason: AssignReason): AssignTexts {
  let source = sources.get(reason);
  if (!source) {
    source = {
      summary: (e: { params: AssignRoleParams }) => assignSummary(e.params),
      reason: (e: { params: AssignRoleParams }) => reason(e.params),
      requires: (e: { params: AssignRoleParams }) => assignRequires(e.params),
      command: (e: { params: AssignRoleParams }) => assignCommand(e.params),
    };
    sources.set(reason, source);
  }
  return source;
}

/**
 * The draft of one role assignment; its target, summary, requirement and command come from its parameters. A
 * reason given as a function is rendered from them too: the texts are then not kept but rendered when read.
 */
export function assignDraft(
  scope: string,
  principal: PrincipalFacts,
  roleGuid: string,
  reason: string | AssignReason,
): ActionDraft {
  const name = roleAssignmentName(scope, principal.id, roleGuid);
  const params = {
    scope,
    roleDefinitionGuid: roleGuid as AssignRoleParams['roleDefinitionGuid'],
    principalId: principal.id,
    principalType: principalType(principal),
    principalName: principalLabel(principal),
    name,
  };
  const base = {
    // The assignment's deterministic name stands for its scope, principal and role: a key a fifth as long.
    key: actionKey('assign-role', name),
    kind: 'assign-role' as const,
    step: 'role-assignment' as const,
    target: scope,
    dependsOn: [] as string[],
    params,
  };
  if (typeof reason === 'string') {
    return {
      ...base,
      summary: assignSummary(params),
      reason,
      requires: assignRequires(params),
      command: assignCommand(params),
    };
  }
  return renderFrom(base, textsWith(reason), 'summary', 'reason', 'requires', 'command');
}
