import { describe, expect, it } from 'vitest';
import { holdsRole } from '../../../src/checks/access-path';
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import { FLEET, startEmulator } from '../../../src/emulator/index';
import { parseAnswers } from '../../../src/plan/answers';
import { scopeCovers } from '../../../src/plan/ids';
import { discoverSteps1to3, gatewayFor } from './emulator-helpers';

const USERS_GROUP = 'a5eee8f3-1ca8-418d-8c00-62114f9d1313';

/**
 * A group granted sign-in one VM at a time, as tenants grow when access is requested per machine: an
 * assignment per VM of the fleet, in the spellings ARM hands back (resource group in capitals, a trailing
 * slash), a scope that merely starts like a selected VM's id, and only some of the VMs selected.
 */
describe('role assignments made one per VM', () => {
  it('are kept exactly where they cover a selected VM, and answer for each VM', async () => {
    const emulator = await startEmulator({ scenario: 'fleet', vms: 120, pageSize: 50 });
    try {
      const vms = [...emulator.state.vms.values()];
      const spellings = [
        (id: string) => id,
        (id: string) =>
          id.replace(/\/resourceGroups\/([^/]+)\//, (_, rg: string) => `/resourceGroups/${rg.toUpperCase()}/`),
        (id: string) => `${id}/`,
      ];
      vms.forEach((vm, i) => {
        emulator.state.roleAssignments.push({
          name: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          scope: spellings[i % 3]!(vm.id),
          roleDefinitionGuid: ROLE_IDS.vmUserLogin,
          principalId: USERS_GROUP,
          principalType: 'Group',
          createdOn: '2026-01-01T00:00:00Z',
        });
      });
      const lookalike = `${vms[0]!.id}0`;
      emulator.state.roleAssignments.push({
        name: '00000000-0000-4000-8000-999999999999',
        scope: lookalike,
        roleDefinitionGuid: ROLE_IDS.vmAdministratorLogin,
        principalId: USERS_GROUP,
        principalType: 'Group',
        createdOn: '2026-01-01T00:00:00Z',
      });
      const rg = vms[0]!.id.split('/')[4]!;
      const answers = parseAnswers({ admins: [FLEET.admin.upn], users: ['fleet-vm-users'], resourceGroups: [rg] });

      const snapshot = await discoverSteps1to3(gatewayFor(emulator), answers);

      const selected = snapshot.vms;
      expect(selected.length).toBeGreaterThan(0);
      expect(selected.length).toBeLessThan(vms.length);
      const relevant = selected.flatMap((vm) => [vm.id, ...vm.nicIds]);
      const expected = emulator.state.roleAssignments
        .filter((a) => relevant.some((r) => scopeCovers(a.scope, r)))
        .map((a) => a.name)
        .sort();
      expect(expected.length).toBeGreaterThan(selected.length);
      expect(snapshot.roleAssignments.map((a) => a.id.split('/').pop()).sort()).toEqual(expected);
      expect(snapshot.roleAssignments.some((a) => a.scope === lookalike)).toBe(false);

      const group = { id: USERS_GROUP, memberOf: [] };
      for (const vm of selected)
        expect(holdsRole(snapshot.roleAssignments, group, [ROLE_IDS.vmUserLogin], vm.id)).toBe(true);
      expect(holdsRole(snapshot.roleAssignments, group, [ROLE_IDS.vmAdministratorLogin], selected[0]!.id)).toBe(false);
      expect(holdsRole(snapshot.roleAssignments, group, [ROLE_IDS.vmUserLogin], lookalike)).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
