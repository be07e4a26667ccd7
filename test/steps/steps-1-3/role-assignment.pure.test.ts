import { describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import type { Action } from '../../../src/plan/types';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import roleAssignment from '../../../steps/role-assignment';
import { roleAssignmentName } from '../../../steps/role-assignment/assignments';
import { actionKey } from '../../../steps/shared/contract';
import { refProblem } from '../../../steps/shared/principals';
import { ALICE, answers, assignment, BOB, GUEST, NET, OPS, RG, ROLE_IDS, SUB, snapshotOf, user, vm } from './fixtures';

const VM1 = vm('vm-web-01');
const VM2 = vm('vm-web-02');
const principals = { [ALICE.ref]: ALICE, [BOB.ref]: BOB, [GUEST.ref]: GUEST, [OPS.ref]: OPS };
const snap = (over: Parameters<typeof snapshotOf>[1] = {}) => snapshotOf([VM1, VM2], { principals, ...over });

describe('role-assignment plan', () => {
  it('plans Administrator Login for admins and User Login for users, per VM at vm scope', () => {
    const a = answers({ admins: [ALICE.ref], users: [BOB.ref] });
    const drafts = stepDrafts(roleAssignment, snap(), a);
    expect(drafts.map((d) => [d.summary, d.target])).toEqual([
      ['Assign Virtual Machine Administrator Login to alice@contoso.com on vm-web-01', VM1.id],
      ['Assign Virtual Machine Administrator Login to alice@contoso.com on vm-web-02', VM2.id],
      ['Assign Virtual Machine User Login to bob@contoso.com on vm-web-01', VM1.id],
      ['Assign Virtual Machine User Login to bob@contoso.com on vm-web-02', VM2.id],
    ]);
    expect(drafts[0]).toMatchObject({
      key: actionKey('assign-role', roleAssignmentName(VM1.id, ALICE.id, ROLE_IDS.vmAdministratorLogin)),
      requires: 'Owner, User Access Administrator or Role Based Access Control Administrator on vm-web-01',
      command: `az role assignment create --assignee-object-id ${ALICE.id} --assignee-principal-type User --role 'Virtual Machine Administrator Login' --scope ${VM1.id}`,
      params: {
        scope: VM1.id,
        roleDefinitionGuid: ROLE_IDS.vmAdministratorLogin,
        principalId: ALICE.id,
        principalType: 'User',
        name: roleAssignmentName(VM1.id, ALICE.id, ROLE_IDS.vmAdministratorLogin),
      },
    });
    const findings = stepFindings(roleAssignment, snap(), a);
    expect(findings.map((f) => [f.code, f.fixedBy])).toEqual(drafts.map((d) => ['role-missing', [d.key]]));
    expect(findings[0]!.message).toBe('alice@contoso.com has no Virtual Machine Administrator Login for vm-web-01.');
  });

  it('plans one assignment per resource group when the scope is resource-group', () => {
    const a = answers({ admins: [OPS.ref], scope: 'resource-group' });
    const drafts = stepDrafts(roleAssignment, snap(), a);
    expect(drafts.map((d) => [d.target, d.params.principalType])).toEqual([[RG, 'Group']]);
    expect(stepFindings(roleAssignment, snap(), a)[0]!.message).toBe(
      'vm-ops has no Virtual Machine Administrator Login for vm-web-01, vm-web-02.',
    );
  });

  it('counts assignments inherited from the subscription, and group assignments for members', () => {
    const carol = user('carol@contoso.com', 'e0000000-0000-0000-0000-00000000000e', { memberOf: [OPS.id] });
    const s = snapshotOf([VM1, VM2], {
      principals: { ...principals, [carol.ref]: carol },
      roleAssignments: [
        assignment(`/subscriptions/${SUB}`, ALICE.id, ROLE_IDS.vmAdministratorLogin),
        assignment(RG, OPS.id, ROLE_IDS.vmUserLogin),
      ],
    });
    expect(stepDrafts(roleAssignment, s, answers({ admins: [ALICE.ref], users: [carol.ref] }))).toEqual([]);
    // User Login does not satisfy a wanted Administrator Login.
    expect(stepDrafts(roleAssignment, s, answers({ admins: [carol.ref] })).map((d) => d.target)).toEqual([
      VM1.id,
      VM2.id,
    ]);
  });

  it('notes Owner without a login role', () => {
    const s = snap({ roleAssignments: [assignment(RG, BOB.id, ROLE_IDS.owner)] });
    const findings = stepFindings(roleAssignment, s, answers({ users: [BOB.ref] }));
    const note = findings.find((f) => f.code === 'owner-without-login-role')!;
    expect(note.severity).toBe('info');
    expect(note.target).toBe(`graph:/users/${BOB.id}`);
    expect(note.fixedBy).toHaveLength(2);
    expect(note.message).toBe(
      'bob@contoso.com has Owner or Contributor on vm-web-01, vm-web-02 but no login role: Owner and Contributor manage VMs, they do not grant sign-in.',
    );
  });

  it('names five VMs and counts the rest in fleet-wide findings', () => {
    const vms = Array.from({ length: 1207 }, (_, i) => vm(`vm-${String(i).padStart(4, '0')}`));
    const s = snapshotOf(vms, { principals, roleAssignments: [assignment(RG, OPS.id, ROLE_IDS.owner)] });
    const findings = stepFindings(roleAssignment, s, answers({ users: [OPS.ref], scope: 'resource-group' }));
    expect(findings.find((f) => f.code === 'owner-without-login-role')!.message).toBe(
      'vm-ops has Owner or Contributor on vm-0000, vm-0001, vm-0002, vm-0003, vm-0004 and 1,202 more but no login role: Owner and Contributor manage VMs, they do not grant sign-in.',
    );
    expect(findings.find((f) => f.code === 'role-missing')!.message).toBe(
      'vm-ops has no Virtual Machine User Login for vm-0000, vm-0001, vm-0002, vm-0003, vm-0004 and 1,202 more.',
    );
  });

  it('plans no role for guests and explains why, also for Bastion', () => {
    const a = answers({ users: [GUEST.ref], connections: ['bastion-portal'] });
    expect(stepDrafts(roleAssignment, snap(), a)).toEqual([]);
    const codes = stepFindings(roleAssignment, snap(), a).map((f) => f.code);
    expect(codes.slice(0, 2)).toEqual(['principal-guest-unsupported', 'principal-guest-bastion']);
  });

  it('reports a management-group scope instead of planning for it', () => {
    const mg = '/providers/Microsoft.Management/managementGroups/corp';
    const findings = stepFindings(roleAssignment, snap(), answers({ vms: [mg] }));
    expect(findings.map((f) => [f.code, f.target, f.fixedBy])).toEqual([['role-scope-management-group', mg, []]]);
  });

  it('skips VMs whose OS is unsupported', () => {
    const old = vm('vm-2016', { osName: 'Windows Server 2016 Datacenter', osVersion: '10.0.14393' });
    expect(stepDrafts(roleAssignment, snapshotOf([old], { principals }), answers({ admins: [ALICE.ref] }))).toEqual([]);
  });

  it('is idempotent: the snapshot after apply yields no actions', () => {
    const a = answers({ admins: [ALICE.ref], users: [BOB.ref] });
    const applied = stepDrafts(roleAssignment, snap(), a).map((d) =>
      assignment(String(d.params.scope), String(d.params.principalId), String(d.params.roleDefinitionGuid)),
    );
    expect(stepDrafts(roleAssignment, snap({ roleAssignments: applied }), a)).toEqual([]);
    expect(stepFindings(roleAssignment, snap({ roleAssignments: applied }), a)).toEqual([]);
  });
});

describe('role-assignment Bastion', () => {
  const nicId = VM1.nicIds[0]!;
  const vmVnet = `${NET}/virtualNetworks/vnet-spoke`;
  const hubVnet = `${NET}/virtualNetworks/vnet-hub`;
  const bastion = (vnetId: string, sku: 'Basic' | 'Standard' = 'Standard', enableTunneling = true) => ({
    id: `${NET}/bastionHosts/bas-1`,
    name: 'bas-1',
    sku,
    enableTunneling,
    vnetId,
  });
  const base = (over: Parameters<typeof snapshotOf>[1]) =>
    snapshotOf([VM1], { principals, nics: { [nicId]: { id: nicId, vnetId: vmVnet } }, ...over });
  const a = answers({ users: [BOB.ref], connections: ['bastion-native'] });

  it('plans Reader on the VM, its NIC, the Bastion and the VNet when the Bastion is peered', () => {
    const s = base({
      bastions: [bastion(hubVnet)],
      vnets: { [vmVnet]: { id: vmVnet, peeredVnetIds: [hubVnet] } },
      roleAssignments: [assignment(VM1.id, BOB.id, ROLE_IDS.vmUserLogin)],
    });
    const drafts = stepDrafts(roleAssignment, s, a);
    expect(drafts.map((d) => [d.params.roleDefinitionGuid, d.target.split('/').pop()])).toEqual([
      [ROLE_IDS.reader, 'vm-web-01'],
      [ROLE_IDS.reader, 'vm-web-01-nic'],
      [ROLE_IDS.reader, 'bas-1'],
      [ROLE_IDS.reader, 'vnet-spoke'],
    ]);
    const finding = stepFindings(roleAssignment, s, a).find((f) => f.code === 'bastion-reader-missing')!;
    expect(finding.fixedBy).toEqual(drafts.map((d) => d.key));
  });

  it('needs no VNet Reader for a Bastion in the same VNet, and counts an existing Reader', () => {
    const s = base({
      bastions: [bastion(vmVnet)],
      roleAssignments: [assignment(VM1.id, BOB.id, ROLE_IDS.vmUserLogin), assignment(RG, BOB.id, ROLE_IDS.reader)],
    });
    expect(stepDrafts(roleAssignment, s, a).map((d) => d.target.split('/').pop())).toEqual(['bas-1']);
  });

  it('reports a Basic SKU or tunneling off for the native client', () => {
    for (const b of [bastion(vmVnet, 'Basic'), bastion(vmVnet, 'Standard', false)]) {
      const codes = stepFindings(roleAssignment, base({ bastions: [b] }), a).map((f) => f.code);
      expect(codes).toContain('bastion-sku-too-low');
    }
    const ok = stepFindings(roleAssignment, base({ bastions: [bastion(vmVnet)] }), a).map((f) => f.code);
    expect(ok).not.toContain('bastion-sku-too-low');
  });

  it('says so when no Bastion reaches the VM', () => {
    const findings = stepFindings(roleAssignment, base({ bastions: [] }), a).filter((f) =>
      f.code.startsWith('bastion'),
    );
    expect(findings.map((f) => f.code)).toEqual(['bastion-missing']);
  });
});

describe('role-assignment principals and handler', () => {
  it('accepts UPNs, object ids and group names; rejects malformed refs', () => {
    expect([ALICE.ref, ALICE.id, 'VM Operators'].map(refProblem)).toEqual([undefined, undefined, undefined]);
    expect(refProblem('alice@')).toBe("'alice@' is not a valid user principal name");
    expect(refProblem('a0000000-0000-0000-0000')).toBe("'a0000000-0000-0000-0000' is not a valid object id");
  });

  it('resolves admins, users and exclusions in one call and lists assignments per principal, not per VM', async () => {
    const resolvePrincipals = vi.fn(async (refs: string[]) =>
      refs.map((ref) => ({ ref, principal: principals[ref as keyof typeof principals] })),
    );
    const listRoleAssignments = vi.fn(async () => [
      assignment(VM1.id, ALICE.id, ROLE_IDS.vmAdministratorLogin),
      assignment(`${RG}/providers/Microsoft.Compute/virtualMachines/other`, ALICE.id, ROLE_IDS.owner),
    ]);
    const gateway = {
      cloud: 'AzureCloud',
      requestCount: () => 0,
      arm: { listRoleAssignments },
      graph: { resolvePrincipals },
    } as unknown as Gateway;
    const snapshot = snapshotOf([VM1, VM2, vm('vm-web-03')]);
    const a = answers({ admins: [ALICE.ref], users: [BOB.ref], exclude: ['breakglass@contoso.com'] });
    await roleAssignment.discover({ gateway, snapshot, answers: a, progress() {} });
    expect(resolvePrincipals.mock.calls).toEqual([[[ALICE.ref, BOB.ref, 'breakglass@contoso.com']]]);
    expect(snapshot.unresolvedPrincipals).toEqual(['breakglass@contoso.com']);
    expect(listRoleAssignments.mock.calls).toEqual([
      [`/subscriptions/${SUB}`, ALICE.id],
      [`/subscriptions/${SUB}`, BOB.id],
    ]);
    // Only assignments that touch the selected VMs are kept.
    expect(snapshot.roleAssignments.map((r) => r.scope)).toEqual([VM1.id]);
  });

  it('reports already-done when the assignment exists', async () => {
    const draft = stepDrafts(roleAssignment, snap(), answers({ admins: [ALICE.ref] }))[0]!;
    const createRoleAssignment = vi.fn(async () => ({
      assignment: assignment(VM1.id, ALICE.id, ROLE_IDS.vmAdministratorLogin),
      created: false,
    }));
    const gateway = { arm: { createRoleAssignment } } as unknown as Gateway;
    const result = await roleAssignment.handlers['assign-role']!({ ...draft, id: 'a1' } as Action, {
      gateway,
      signal: new AbortController().signal,
      progress() {},
    });
    expect(result).toEqual({ outcome: 'already-done', detail: 'the role assignment already exists' });
    expect((createRoleAssignment.mock.calls[0] as unknown[])[0]).toMatchObject({
      name: draft.params.name,
      principalType: 'User',
    });
  });
});
