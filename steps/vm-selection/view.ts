/** The VM selection screen's view model: each selected VM with its OS, state and whether steps may change it. */
import { assessOs } from '../../src/checks/os-support';
import type { StepView } from '../shared/contract';
import { canConfigure } from '../shared/vm-state';
import type { VmSelectionFacts } from './rules';

export function view({ snapshot }: VmSelectionFacts): StepView {
  return {
    question: 'Which VMs should accept Entra sign-in?',
    columns: { subject: 'VM', state: 'OS · POWER', planned: 'CHANGES' },
    rows: snapshot.vms.map((vm) => {
      const os = assessOs(vm);
      const configurable = canConfigure(vm);
      return {
        subject: vm.name,
        state: `${os.label} · ${vm.powerState}`,
        planned: configurable
          ? 'may be configured'
          : os.status === 'unsupported'
            ? 'none: OS unsupported'
            : `none: ${vm.powerState}`,
        tone: configurable ? 'ok' : 'warn',
      };
    }),
    notes: [],
  };
}
