import type { Action, Plan, StepId } from '../../src/plan/types';
import { STEP_IDS } from '../../src/plan/types';
import { ACTION_KIND_INFO } from '../../src/plan/vocabulary';
import { Txt } from './color';
import { shortTarget } from './format';

const STEP_TITLES: Record<StepId, string> = {
  'vm-selection': 'VM selection',
  'identity-extension': 'Identity and extension',
  'role-assignment': 'Role assignment',
  'service-principal': 'Service principals',
  'conditional-access': 'Conditional Access',
  'client-readiness': 'Client readiness',
};

export type PlanRowData =
  | { key: string; kind: 'step'; step: StepId; count: number }
  | { key: string; kind: 'action' | 'command' | 'requires' | 'reason'; action: Action };

/** The plan as flat rows (step headings, actions, reasons, and with details commands and roles) for windowing. */
export function planRows(plan: Plan, details: boolean): PlanRowData[] {
  const rows: PlanRowData[] = [];
  for (const step of STEP_IDS) {
    const actions = plan.actions.filter((a) => a.step === step);
    if (!actions.length) continue;
    rows.push({ key: step, kind: 'step', step, count: actions.length });
    for (const a of actions) {
      rows.push({ key: a.id, kind: 'action', action: a }, { key: `${a.id}:r`, kind: 'reason', action: a });
      if (details)
        rows.push({ key: `${a.id}:c`, kind: 'command', action: a }, { key: `${a.id}:q`, kind: 'requires', action: a });
    }
  }
  return rows;
}

export function PlanRow({ row }: { row: PlanRowData }) {
  if (row.kind === 'step') return <Txt bold>{`${STEP_TITLES[row.step]} (${row.count})`}</Txt>;
  const a = row.action;
  const info = ACTION_KIND_INFO[a.kind];
  if (row.kind === 'action') {
    return (
      <Txt wrap="truncate-end">
        <Txt c={info.colour}>{`  ${info.glyph} `}</Txt>
        {`${a.summary}  `}
        <Txt dim>{shortTarget(a.target)}</Txt>
      </Txt>
    );
  }
  const text =
    row.kind === 'reason' ? `↳ ${a.reason}` : row.kind === 'command' ? `$ ${a.command}` : `needs ${a.requires}`;
  return <Txt dim wrap="truncate-end">{`      ${text}`}</Txt>;
}
