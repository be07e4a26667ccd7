/**
 * Step 3, role assignment: who may sign in to which VM (Virtual Machine Administrator / User Login), the
 * existing assignments that already grant it, and, for Bastion connections, the Bastion host and the Reader
 * roles it needs.
 */
import { noBlocker, type StepModule } from '../shared/contract';
import { assignRole, verifyRole } from './apply';
import { discover } from './discover';
import { assignRoleKind } from './params';
import { facts, type RoleAssignmentFacts } from './rules';
import { view } from './view';

export const roleAssignmentStep: StepModule<RoleAssignmentFacts> = {
  id: 'role-assignment',
  title: 'Role assignment',
  discoveryPhase: 2,
  actionKinds: ['assign-role'],
  actionContracts: { 'assign-role': assignRoleKind },
  findingCodes: [
    'role-missing',
    'owner-without-login-role',
    'role-scope-management-group',
    'role-assignment-limit',
    'principal-guest-unsupported',
    'principal-guest-bastion',
    'bastion-sku-too-low',
    'bastion-reader-missing',
    'bastion-missing',
  ],
  reads: ['admins', 'users', 'scope', 'connections', 'vms', 'exclude'],
  discover,
  facts,
  assess: (f) => f.findings,
  plan: (f) => f.drafts,
  blocker: noBlocker,
  view,
  handlers: { 'assign-role': assignRole },
  verifiers: { 'assign-role': verifyRole },
};

export default roleAssignmentStep;
