import type { ConnectInfo } from '../src/machine/services';
import { tenantWideLines } from '../src/output/tenant-wide';
import type { Plan } from '../src/plan/types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { ConfirmMenu, type MenuOption } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { countsLine } from './widgets/plan-text';

export interface ConfirmProps {
  connection?: ConnectInfo;
  plan: Plan;
  onConfirm: () => void;
  onCancel: () => void;
  onQuit: () => void;
}

/** The gate before any write: the default choice is the safe one. */
export function Confirm(p: ConfirmProps) {
  const menu = useCursor(2, 1);
  const options: MenuOption<'yes' | 'no'>[] = [
    {
      value: 'yes',
      label: 'Yes, apply',
      explain: p.connection?.simulated
        ? 'Writes to the simulated tenant start now; it ends with the wizard.'
        : 'Writes start now. If you stop, run apply again to resume.',
    },
    { value: 'no', label: 'No, go back', explain: 'Returns to the plan. Nothing is written.' },
  ];
  const bindings: Binding[] = [
    { keys: ['enter'], label: 'choose', run: () => (menu.cursor === 0 ? p.onConfirm() : p.onCancel()) },
    { keys: ['y'], label: 'yes', run: p.onConfirm },
    { keys: ['n', 'esc'], label: 'no', run: p.onCancel },
    { keys: ['up'], run: menu.up },
    { keys: ['down'], run: menu.down },
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  const tenant = p.connection?.tenantName ?? p.plan.tenantId;
  return (
    <Frame
      title="Confirm"
      connection={p.connection}
      question={`Apply ${p.plan.actions.length} changes to ${tenant}?`}
      bindings={bindings}
      help={help}
    >
      <Txt>{countsLine(p.plan.actions)}</Txt>
      {tenantWideLines(p.plan.actions).map((line) => (
        <Txt key={line} c="yellow">
          {line}
        </Txt>
      ))}
      <ConfirmMenu options={options} cursor={menu.cursor} />
    </Frame>
  );
}
