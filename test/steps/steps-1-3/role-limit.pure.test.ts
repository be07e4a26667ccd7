import { describe, expect, it } from 'vitest';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import roleAssignment from '../../../steps/role-assignment';
import { ALICE, answers, assignment, BOB, ROLE_IDS, SUB, snapshotOf, vm } from './fixtures';

const fleet = (n: number) => Array.from({ length: n }, (_, i) => vm(`vm-${String(i).padStart(5, '0')}`));
const principals = { [ALICE.ref]: ALICE, [BOB.ref]: BOB };
const everyone = answers({ admins: [ALICE.ref], users: [BOB.ref] });
const limitFindings = (...args: Parameters<typeof stepFindings>) =>
  stepFindings(...args).filter((f) => f.code === 'role-assignment-limit');

describe('role assignments per subscription', () => {
  it('says nothing while a plan stays well under the limit', () => {
    const s = snapshotOf(fleet(1500), { principals });
    expect(stepDrafts(roleAssignment, s, everyone)).toHaveLength(3000);
    expect(limitFindings(roleAssignment, s, everyone)).toEqual([]);
  });

  it('warns when a plan leaves little room for everything else in the subscription', () => {
    const s = snapshotOf(fleet(1600), { principals });
    const [f, ...more] = limitFindings(roleAssignment, s, everyone);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', target: `/subscriptions/${SUB}`, fixedBy: [] });
    expect(f!.message).toBe(
      `This plan creates 3,200 role assignments in subscription Prod (${SUB}), leaving at most 800 of Azure's 4,000 per subscription for everything else there, which this tool does not count.`,
    );
  });

  it('is an error when the plan and the assignments already there pass 4,000', () => {
    const vms = fleet(1600);
    // Reader does not grant sign-in, so each of these is there already and the plan still assigns beside it.
    const existing = vms.slice(0, 850).map((v) => assignment(v.id, BOB.id, ROLE_IDS.reader));
    const s = snapshotOf(vms, { principals, roleAssignments: existing });
    const [f] = limitFindings(roleAssignment, s, everyone);
    expect(f!.severity).toBe('error');
    expect(f!.message).toBe(
      `This plan creates 3,200 role assignments in subscription Prod (${SUB}), and at least 850 are there already: Azure allows 4,000 per subscription, so apply would stop part-way with RoleAssignmentLimitExceeded.`,
    );
    expect(f!.remediation).toContain('--scope resource-group');
  });

  it('counts one assignment per resource group at that scope, which fits', () => {
    const s = snapshotOf(fleet(5000), { principals });
    const wide = answers({ admins: [ALICE.ref], users: [BOB.ref], scope: 'resource-group' });
    expect(stepDrafts(roleAssignment, s, wide)).toHaveLength(2);
    expect(limitFindings(roleAssignment, s, wide)).toEqual([]);
  });
});
