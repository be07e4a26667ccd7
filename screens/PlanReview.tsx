/**
 * Every change with its reason and target, then the findings the plan does not fix; → opens a row in full
 * (the whole reason, the command, the role, the rollback). Apply / Show details / Save plan / Cancel below.
 */
import { Box, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { ConnectInfo } from '../src/machine/services';
import type { Plan } from '../src/plan/types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { usePanels } from './use-panels';
import { useRowCursor } from './use-row-cursor';
import { Banner } from './widgets/Banner';
import { ConfirmMenu, type MenuOption } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { actionDetail, findingDetail } from './widgets/details';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { PanelView } from './widgets/PanelView';
import { opensDetail, PLAN_LEGEND, PlanRow, planRows } from './widgets/PlanRows';
import { countsLine } from './widgets/plan-text';
import { ScrollList } from './widgets/ScrollList';

export const DEFAULT_PLAN_PATH = 'entra-vm-login.plan.json';

type Choice = 'apply' | 'details' | 'save' | 'cancel';

export interface PlanReviewProps {
  connection?: ConnectInfo;
  plan: Plan;
  saving: boolean;
  savedPath?: string;
  /** Rows of the plan list; without it the list fills the terminal. */
  height?: number;
  onApply: () => void;
  onSave: (path: string) => void;
  onCancel: () => void;
  onBack: () => void;
  onQuit: () => void;
}

export function PlanReview(p: PlanReviewProps) {
  const [details, setDetails] = useState(false);
  const [focus, setFocus] = useState<'menu' | 'list'>('menu');
  const { columns, rows: termRows } = useWindowSize();
  const fill = useFill(p.height);
  const panels = usePanels();
  // A short terminal shows one row per action, so that a page holds twice as many; → shows the reason.
  const reasons = termRows >= 30;
  const rows = useMemo(() => planRows(p.plan, details, columns, reasons), [p.plan, details, columns, reasons]);
  const { cursor, move } = useRowCursor(rows, opensDetail);
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
  const open = () => {
    const r = rows[cursor];
    if (r?.kind === 'action') panels.openDetail(actionDetail(r.action, p.plan));
    else if (r?.kind === 'finding') panels.openDetail(findingDetail(r.finding, p.plan));
  };
  const page = Math.max(1, fill.height - 1);
  const switchFocus = () => setFocus((f) => (f === 'menu' ? 'list' : 'menu'));
  const bindings: Binding[] = [
    { keys: ['enter'], label: focus === 'menu' ? 'choose' : 'details', run: focus === 'menu' ? choose : open },
    { keys: ['right'], label: focus === 'menu' ? 'details' : undefined, run: open },
    { keys: ['tab'], label: focus === 'menu' ? 'plan' : 'menu', run: switchFocus },
    { keys: ['shift-tab'], run: switchFocus },
    { keys: ['d'], label: 'commands', run: () => setDetails((d) => !d) },
    { keys: ['esc'], label: 'back', run: p.onBack },
    { keys: ['up'], run: focus === 'menu' ? menu.up : () => move(cursor - 1, -1) },
    { keys: ['down'], run: focus === 'menu' ? menu.down : () => move(cursor + 1, 1) },
    { keys: ['pagedown', 'space'], run: () => move(cursor + page, 1) },
    { keys: ['pageup'], run: () => move(cursor - page, -1) },
    { keys: ['home', 'g'], run: () => move(0, 1) },
    { keys: ['end', 'G'], run: () => move(rows.length - 1, -1) },
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings, { active: !panels.current });
  if (panels.current) {
    return (
      <PanelView
        panel={panels.current}
        panels={panels}
        parent="Plan review"
        connection={p.connection}
        onQuit={p.onQuit}
      />
    );
  }
  const remaining = p.plan.findings.filter((f) => f.fixedBy.length === 0).length;
  const mark = focus === 'list' ? '❯ ' : '› ';
  return (
    <Frame title="Plan review" connection={p.connection} bindings={bindings} help={help} legend={PLAN_LEGEND}>
      <ScrollList
        items={rows}
        cursor={cursor}
        fill={fill}
        rowKey={(r) => r.key}
        empty="Nothing to change."
        renderRow={(r, i) => <PlanRow row={r} mark={i === cursor ? mark : '  '} />}
      />
      <Box flexDirection="column" flexShrink={0}>
        <Txt bold>{countsLine(p.plan.actions)}</Txt>
        {remaining && rows.length > fill.height ? (
          <Txt
            dim
          >{`${remaining} ${remaining === 1 ? 'finding is' : 'findings are'} not fixed by this plan: end jumps to them.`}</Txt>
        ) : null}
        {p.saving ? <Txt dim>Saving the plan…</Txt> : null}
        {p.savedPath ? (
          <Banner
            kind="success"
            text={`Plan saved to ${p.savedPath}`}
            hint={`Apply it later: entra-vm-login apply ${p.savedPath}`}
          />
        ) : null}
        <ConfirmMenu options={options} cursor={focus === 'menu' ? menu.cursor : -1} />
      </Box>
    </Frame>
  );
}
