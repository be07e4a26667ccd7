import { describe, expect, it } from 'vitest';
import { coversResource, holdsRole, roleHolder } from '../../../src/checks/access-path';
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import type { RoleAssignmentFacts } from '../../../src/plan/snapshot';

const SUB = '/subscriptions/00000000-0000-0000-0000-00000000000a';
const vm = (rg: string, name: string) =>
  `${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const GROUP = 'group-1';
const USER = 'user-1';

function assignment(scope: string, principalId = GROUP, role: string = ROLE_IDS.vmUserLogin): RoleAssignmentFacts {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${scope.length}-${principalId}-${role}`,
    scope,
    principalId,
    roleDefinitionGuid: role,
  } as RoleAssignmentFacts;
}

/** What the prepared test must answer: some assignment of the principal and role covers the resource. */
const naive = (list: RoleAssignmentFacts[], ids: string[], role: string, resource: string) =>
  list.some(
    (a) => ids.includes(a.principalId.toLowerCase()) && a.roleDefinitionGuid === role && coversResource(a, resource),
  );

describe('roleHolder', () => {
  const resources = [
    vm('rg-web', 'vm-1'),
    vm('rg-web', 'vm-10'),
    vm('RG-WEB', 'VM-2'),
    vm('rg-db', 'vm-1'),
    `${vm('rg-web', 'vm-1')}/extensions/AADLoginForWindows`,
    `${SUB}/resourceGroups/rg-web`,
    SUB,
    '/subscriptions/00000000-0000-0000-0000-00000000000b/resourceGroups/rg-web',
  ];
  const scopes = [
    vm('rg-web', 'vm-1'),
    `${vm('RG-Web', 'vm-2')}/`,
    `${SUB}/resourceGroups/rg-db`,
    `${SUB}/resourceGroups/rg-we`,
    `${vm('rg-web', 'vm-1')}0`,
  ];

  it('answers as a comparison with every assignment would, in any spelling of the scope', () => {
    const list = [...scopes.map((s) => assignment(s)), assignment(SUB, USER, ROLE_IDS.vmAdministratorLogin)];
    for (const principal of [
      { id: GROUP, memberOf: [] },
      { id: USER, memberOf: [GROUP] },
    ]) {
      const ids = [principal.id, ...principal.memberOf];
      for (const role of [ROLE_IDS.vmUserLogin, ROLE_IDS.vmAdministratorLogin]) {
        const holds = roleHolder(list, principal, [role]);
        for (const r of resources) expect(holds(r), `${principal.id} ${role} ${r}`).toBe(naive(list, ids, role, r));
      }
    }
    const holds = roleHolder(list, { id: GROUP, memberOf: [] }, [ROLE_IDS.vmUserLogin]);
    // vm-10 is covered by the scope that merely starts like vm-1: it is vm-10's own id.
    expect(resources.map(holds)).toEqual([true, true, true, true, true, false, false, false]);
  });

  it('counts the root scope and a management group as covering everything', () => {
    const root = roleHolder([assignment('/')], { id: GROUP, memberOf: [] }, [ROLE_IDS.vmUserLogin]);
    expect(root(vm('rg-web', 'vm-1'))).toBe(true);
    const mg = roleHolder(
      [assignment('/providers/Microsoft.Management/managementGroups/contoso')],
      { id: GROUP, memberOf: [] },
      [ROLE_IDS.vmUserLogin],
    );
    expect(mg(vm('rg-db', 'vm-9'))).toBe(true);
    expect(roleHolder([], { id: GROUP, memberOf: [] }, [ROLE_IDS.vmUserLogin])(SUB)).toBe(false);
  });

  it('holdsRole prepares once per list and principal, and sees an assignment added to the list', () => {
    const list = [assignment(vm('rg-web', 'vm-1'))];
    const group = { id: GROUP, memberOf: [] };
    expect(holdsRole(list, group, [ROLE_IDS.vmUserLogin], vm('rg-db', 'vm-1'))).toBe(false);
    list.push(assignment(`${SUB}/resourceGroups/rg-db`));
    expect(holdsRole(list, group, [ROLE_IDS.vmUserLogin], vm('rg-db', 'vm-1'))).toBe(true);
    expect(holdsRole(list, { id: USER, memberOf: [] }, [ROLE_IDS.vmUserLogin], vm('rg-db', 'vm-1'))).toBe(false);
  });
});
