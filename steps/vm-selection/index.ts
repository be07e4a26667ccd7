/**
 * Step 1, VM selection: the subscriptions searched and the VMs selected, with what the other steps need to
 * know about each.
 */
import type { StepModule } from '../shared/contract';
import { handlers, verifiers } from './apply';
import { discover } from './discover';
import { assess, blocker, type VmSelectionFacts } from './rules';
import { view } from './view';

export const vmSelectionStep: StepModule<VmSelectionFacts> = {
  id: 'vm-selection',
  title: 'VM selection',
  discoveryPhase: 1,
  actionKinds: [],
  actionContracts: {},
  findingCodes: ['vm-os-unsupported', 'vm-deallocated', 'vm-computername-mismatch'],
  reads: ['vms', 'resourceGroups', 'tags', 'vmIds', 'subscriptions', 'startStoppedVms'],
  discover,
  facts: (snapshot, answers) => ({ snapshot, answers }),
  assess,
  plan: () => [],
  blocker,
  view,
  handlers,
  verifiers,
};

export default vmSelectionStep;
