import type { FindingLike } from '../../src/machine/services';
import { ACTION_KIND_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import { stepsInPlan } from '../../src/plan/planner';
import type { Action, Plan, StepId } from '../../src/plan/types';
import { STEPS } from '../../steps/registry';
import { Txt } from './color';
import { findingText, sortFindings } from './FindingList';
import { clampLines, isArmId, shortTarget } from './format';

export type PlanRowData =
  | { key: string; kind: 'step'; step: StepId; count: number }
  | { key: string; kind: 'action' | 'command' | 'requires' | 'reason'; action: Action }
  | { key: string; kind: 'findings'; count: number }
  /** One line of a finding's text: its first line carries the severity glyph. */
  | { key: string; kind: 'finding'; severity: FindingLike['severity']; line: string; first: boolean };

/**
 * The plan as flat rows (step headings, actions, reasons, and with details commands and roles) for windowing,
 * followed by the findings the plan does not fix, so that every one of them can be scrolled to.
 */
export function planRows(plan: Plan, details: boolean, width = 80): PlanRowData[] {
  const rows: PlanRowData[] = [];
  for (const step of stepsInPlan(plan)) {
    const actions = plan.actions.filter((a) => a.step === step);
    if (!actions.length) continue;
    rows.push({ key: step, kind: 'step', step, count: actions.length });
    for (const a of actions) {
      rows.push({ key: a.id, kind: 'action', action: a }, { key: `${a.id}:r`, kind: 'reason', action: a });
      if (details)
        rows.push({ key: `${a.id}:c`, kind: 'command', action: a }, { key: `${a.id}:q`, kind: 'requires', action: a });
    }
  }
  const open = sortFindings(plan.findings.filter((f) => f.fixedBy.length === 0));
  if (open.length) {
    rows.push({ key: 'findings', kind: 'findings', count: open.length });
    open.forEach((f, i) => {
      clampLines(findingText(f), Math.max(20, width - 2), 3).forEach((line, j) => {
        rows.push({ key: `f${i}.${j}`, kind: 'finding', severity: f.severity, line, first: j === 0 });
      });
    });
  }
  return rows;
}

/** The target's name when it adds something: an ARM resource the summary does not already name. */
function targetNote(a: Action): string {
  if (!isArmId(a.target)) return '';
  const name = shortTarget(a.target);
  return a.summary.includes(name) ? '' : name;
}

export function PlanRow({ row }: { row: PlanRowData }) {
  if (row.kind === 'step') return <Txt bold>{`${STEPS.titleOf(row.step)} (${row.count})`}</Txt>;
  if (row.kind === 'findings') return <Txt bold>{`Not fixed by this plan (${row.count})`}</Txt>;
  if (row.kind === 'finding') {
    const s = SEVERITY_INFO[row.severity];
    return row.first ? (
      <Txt wrap="truncate-end">
        <Txt c={s.colour}>{s.glyph}</Txt>
        {` ${row.line}`}
      </Txt>
    ) : (
      <Txt wrap="truncate-end">{`  ${row.line}`}</Txt>
    );
  }
  const a = row.action;
  const info = ACTION_KIND_INFO[a.kind];
  if (row.kind === 'action') {
    const note = targetNote(a);
    return (
      <Txt wrap="truncate-end">
        <Txt c={info.colour}>{`  ${info.glyph} `}</Txt>
        {a.summary}
        {note ? <Txt dim>{`  ${note}`}</Txt> : null}
      </Txt>
    );
  }
  const text =
    row.kind === 'reason' ? `↳ ${a.reason}` : row.kind === 'command' ? `$ ${a.command}` : `needs ${a.requires}`;
  return <Txt dim wrap="truncate-end">{`      ${text}`}</Txt>;
}
