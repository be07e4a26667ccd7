import type { FindingLike } from '../../src/machine/services';
import { ACTION_KIND_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import { stepsInPlan } from '../../src/plan/planner';
import type { Action, Plan, StepId } from '../../src/plan/types';
import { STEPS } from '../../steps/registry';
import { Txt } from './color';
import { findingText, sortFindings } from './FindingList';
import { clampLines, isArmId, shortTarget } from './format';
import type { HelpSection } from './KeyHelp';

export type PlanRowData =
  | { key: string; kind: 'step'; step: StepId; count: number }
  | { key: string; kind: 'action' | 'command' | 'requires' | 'reason'; action: Action }
  | { key: string; kind: 'findings'; count: number }
  /** One line of a finding's text: its first line carries the severity glyph. */
  | {
      key: string;
      kind: 'finding';
      severity: FindingLike['severity'];
      line: string;
      first: boolean;
      finding: FindingLike;
    };

/**
 * The plan as flat rows (step headings, actions, reasons, and with details commands and roles) for windowing,
 * followed by the findings the plan does not fix, so that every one of them can be scrolled to. Without
 * `reasons` (a short terminal) an action is one row: its reason is in its detail view.
 */
export function planRows(plan: Plan, details: boolean, width = 80, reasons = true): PlanRowData[] {
  const rows: PlanRowData[] = [];
  for (const step of stepsInPlan(plan)) {
    const actions = plan.actions.filter((a) => a.step === step);
    if (!actions.length) continue;
    rows.push({ key: step, kind: 'step', step, count: actions.length });
    for (const a of actions) {
      rows.push({ key: a.id, kind: 'action', action: a });
      if (reasons || details) rows.push({ key: `${a.id}:r`, kind: 'reason', action: a });
      if (details)
        rows.push({ key: `${a.id}:c`, kind: 'command', action: a }, { key: `${a.id}:q`, kind: 'requires', action: a });
    }
  }
  const open = sortFindings(plan.findings.filter((f) => f.fixedBy.length === 0));
  if (open.length) {
    rows.push({ key: 'findings', kind: 'findings', count: open.length });
    open.forEach((f, i) => {
      clampLines(findingText(f), Math.max(20, width - 4), 3).forEach((line, j) => {
        rows.push({ key: `f${i}.${j}`, kind: 'finding', severity: f.severity, line, first: j === 0, finding: f });
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

/** Rows that open a detail: an action, or a finding's first line. */
export const opensDetail = (r: PlanRowData) => r.kind === 'action' || (r.kind === 'finding' && r.first);

/**
 * One row. `mark` is the highlight (`❯` where the keys are, `›` where they are not) on rows that open a
 * detail; two spaces elsewhere.
 */
export function PlanRow({ row, mark = '  ' }: { row: PlanRowData; mark?: string }) {
  if (row.kind === 'step') return <Txt bold>{`${STEPS.titleOf(row.step)} (${row.count})`}</Txt>;
  if (row.kind === 'findings') return <Txt bold>{`Not fixed by this plan (${row.count})`}</Txt>;
  if (row.kind === 'finding') {
    const s = SEVERITY_INFO[row.severity];
    return row.first ? (
      <Txt wrap="truncate-end">
        {mark.trim() ? (
          <Txt c="cyan" bold>
            {mark}
          </Txt>
        ) : (
          mark
        )}
        <Txt c={s.colour}>{s.glyph}</Txt>
        {` ${row.line}`}
      </Txt>
    ) : (
      <Txt wrap="truncate-end">{`    ${row.line}`}</Txt>
    );
  }
  const a = row.action;
  const info = ACTION_KIND_INFO[a.kind];
  if (row.kind === 'action') {
    const note = targetNote(a);
    return (
      <Txt wrap="truncate-end">
        {mark.trim() ? (
          <Txt c="cyan" bold>
            {mark}
          </Txt>
        ) : (
          mark
        )}
        <Txt c={info.colour}>{`${info.glyph} `}</Txt>
        {a.summary}
        {note ? <Txt dim>{`  ${note}`}</Txt> : null}
      </Txt>
    );
  }
  const text =
    row.kind === 'reason' ? `↳ ${a.reason}` : row.kind === 'command' ? `$ ${a.command}` : `needs ${a.requires}`;
  return <Txt dim wrap="truncate-end">{`      ${text}`}</Txt>;
}

/** What the plan review's `?` panel says about its marks and its two places for the keys. */
export const PLAN_LEGEND: HelpSection[] = [
  {
    title: 'Marks',
    lines: [
      '+  creates something new',
      '~  changes something that exists',
      '!  a tenant-wide change (security defaults)',
      '↳  why the change is planned (a short terminal leaves it to the detail view)',
      '$  the equivalent command (d shows them), cut at the edge: → shows it whole, folded for copying',
      '✖ ▲ ℹ  a finding this plan does not fix: error, warning, note',
      '❯  the highlighted row (→ shows it in full); › when tab has moved the keys to the menu',
    ],
  },
  {
    title: 'Focus',
    lines: ['tab moves ↑/↓ and enter between the plan and the menu below it; pgup/pgdn/home/end always move the plan.'],
  },
];
