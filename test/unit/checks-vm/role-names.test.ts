import { v5 as uuidv5, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import { ROLE_ASSIGNMENT_NAMESPACE, roleAssignmentName } from '../../../steps/role-assignment/assignments';

const SCOPE = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-web';
const ALICE = '22222222-2222-2222-2222-222222222222';

describe('roleAssignmentName', () => {
  it('is a UUIDv5 of lower-case scope, principal and role in the tool namespace', () => {
    const name = roleAssignmentName(SCOPE, ALICE, ROLE_IDS.vmAdministratorLogin);
    expect(validate(name) && version(name)).toBe(5);
    expect(name).toBe(
      uuidv5(`${SCOPE.toLowerCase()}|${ALICE}|${ROLE_IDS.vmAdministratorLogin}`, ROLE_ASSIGNMENT_NAMESPACE),
    );
  });

  it('is deterministic and ignores the scope’s case', () => {
    expect(roleAssignmentName(SCOPE.toUpperCase(), ALICE, ROLE_IDS.reader)).toBe(
      roleAssignmentName(SCOPE, ALICE, ROLE_IDS.reader),
    );
  });

  it('differs per role, principal and scope', () => {
    const names = new Set([
      roleAssignmentName(SCOPE, ALICE, ROLE_IDS.vmAdministratorLogin),
      roleAssignmentName(SCOPE, ALICE, ROLE_IDS.vmUserLogin),
      roleAssignmentName(`${SCOPE}/providers/Microsoft.Compute/virtualMachines/vm1`, ALICE, ROLE_IDS.vmUserLogin),
      roleAssignmentName(SCOPE, '33333333-3333-3333-3333-333333333333', ROLE_IDS.vmUserLogin),
    ]);
    expect(names.size).toBe(4);
  });
});
