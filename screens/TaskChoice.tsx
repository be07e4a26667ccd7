import { groupDigits } from '../src/core/numbers';
import type { ConnectInfo } from '../src/machine/services';
import type { Task } from '../src/machine/state';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { ConfirmMenu, type MenuOption } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';

export interface TaskChoiceProps {
  connection?: ConnectInfo;
  /** VMs read, for the line under the question. */
  vmCount: number;
  onChoose: (task: Task) => void;
  onQuit: () => void;
}

const OPTIONS: MenuOption<Task>[] = [
  {
    value: 'setup',
    label: 'Set up VMs for Entra sign-in',
    explain: 'Pick VMs, users and MFA; the plan is reviewed before anything is written.',
  },
  {
    value: 'doctor',
    label: 'Find out why someone cannot sign in or is not asked for MFA',
    explain: 'Pick a user, a VM and a method: see where sign-in stops, and the fix.',
  },
];

/** The first question once the tenant is read: set VMs up, or find out why one sign-in goes wrong. */
export function TaskChoice(p: TaskChoiceProps) {
  const menu = useCursor(OPTIONS.length);
  const choose = () => p.onChoose(OPTIONS[menu.cursor]!.value);
  const bindings: Binding[] = [
    { keys: ['enter'], label: 'choose', run: choose },
    { keys: ['up'], run: menu.up },
    { keys: ['down'], run: menu.down },
    { keys: ['1'], run: () => p.onChoose('setup') },
    { keys: ['2'], run: () => p.onChoose('doctor') },
    { keys: ['q'], label: 'quit', run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame
      title="Start"
      connection={p.connection}
      question="What would you like to do?"
      bindings={bindings}
      help={help}
    >
      <Txt dim>{`${groupDigits(p.vmCount)} VM${p.vmCount === 1 ? '' : 's'} read.`}</Txt>
      <ConfirmMenu options={OPTIONS} cursor={menu.cursor} />
    </Frame>
  );
}
