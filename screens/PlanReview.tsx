import { Box, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { ConnectInfo } from '../src/machine/services';
import type { Plan } from '../src/plan/types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { Banner } from './widgets/Banner';
import { ConfirmMenu, type MenuOption } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { PlanRow, planRows } from './widgets/PlanRows';
import { countsLine } from './widgets/plan-text';
import { ScrollList } from './widgets/ScrollList';

export const DEFAULT_PLAN_PATH = 'entra-vm-login.plan.json';

type Choice = 'apply' | 'details' | 'save' | 'cancel';

export interface PlanReviewProps {
  connection?: ConnectInfo;
  plan: Plan;
  saving: boolean;
  savedPath?: string;
  height?: number;
  onApply: () => void;
  onSave: (path: string) => void;
  onCancel: () => void;
  onBack: () => void;
  onQuit: () => void;
}

/** Every change with its reason and target; Apply / Show details / Save plan / Cancel. */
export function PlanReview(p: PlanReviewProps) {
  const [details, setDetails] = useState(false);
  const { columns } = useWindowSize();
  const height = p.height ?? 12;
  const rows = useMemo(() => planRows(p.plan, details, columns), [p.plan, details, columns]);
  const [top, setTop] = useState(0);
  const maxTop = Math.max(0, rows.length - height);
  const menu = useCursor(4);
  const options: MenuOption<Choice>[] = [
    {
      value: 'apply',
      label: 'Apply',
      explain: `Asks once more, then makes these ${p.plan.actions.length} changes in ${p.connection?.tenantName ?? 'the tenant'}.`,
    },
    {
      value: 'details',
      label: details ? 'Hide details' : 'Show details',
      explain: 'Shows each change’s equivalent az or Graph command and the role it needs.',
    },
    {
      value: 'save',
      label: 'Save plan',
      explain: `Writes ${DEFAULT_PLAN_PATH} to the state folder’s plans/, to apply later or from automation.`,
    },
    { value: 'cancel', label: 'Cancel', explain: 'Leaves without changing anything.' },
  ];
  const choose = () => {
    const v = options[menu.cursor]!.value;
    if (v === 'apply') p.onApply();
    else if (v === 'details') setDetails((d) => !d);
    else if (v === 'save') p.onSave(DEFAULT_PLAN_PATH);
    else p.onCancel();
  };
  const bindings: Binding[] = [
    { keys: ['enter'], label: 'choose', run: choose },
    { keys: ['d'], label: 'details', run: () => setDetails((d) => !d) },
    { keys: ['pagedown', 'space'], label: 'scroll', run: () => setTop(Math.min(maxTop, top + height)) },
    { keys: ['pageup'], run: () => setTop(Math.max(0, top - height)) },
    { keys: ['esc'], label: 'back', run: p.onBack },
    { keys: ['up'], run: menu.up },
    { keys: ['down'], run: menu.down },
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  const remaining = p.plan.findings.filter((f) => f.fixedBy.length === 0).length;
  const start = Math.min(top, maxTop);
  return (
    <Frame title="Plan review" connection={p.connection} bindings={bindings} help={help}>
      <ScrollList
        items={rows}
        cursor={start + Math.floor(height / 2)}
        height={height}
        rowKey={(r) => r.key}
        empty="Nothing to change."
        renderRow={(r) => <PlanRow row={r} />}
      />
      <Box marginTop={1} flexDirection="column">
        <Txt bold>{countsLine(p.plan.actions)}</Txt>
        {remaining && rows.length > height ? (
          <Txt
            dim
          >{`${remaining} ${remaining === 1 ? 'finding is' : 'findings are'} not fixed by this plan: space scrolls to them.`}</Txt>
        ) : null}
      </Box>
      {p.saving ? <Txt dim>Saving the plan…</Txt> : null}
      {p.savedPath ? (
        <Banner
          kind="success"
          text={`Plan saved to ${p.savedPath}`}
          hint={`Apply it later: entra-vm-login apply ${p.savedPath}`}
        />
      ) : null}
      <ConfirmMenu options={options} cursor={menu.cursor} />
    </Frame>
  );
}
