/**
 * What every step screen shares: the frame with the step's title, position, question, notice and findings;
 * the step's notes, table and warnings under the screen's own rows; the findings behind "+N more" (`f`) and
 * every table row (`t`), each opening its detail. Step screens add only their form.
 */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { StepView as StepViewModel } from '../../steps/shared/contract';
import type { StepScreenProps } from '../types';
import type { Binding, HelpState } from '../use-keys';
import { findingItems, type Panels } from '../use-panels';
import { Txt } from './color';
import { findingDetail, viewRowDetail } from './details';
import { findingText } from './FindingList';
import { Frame } from './Frame';
import { FillBox, useFill } from './fill';
import type { HelpSection } from './KeyHelp';
import { PanelView } from './PanelView';
import { ViewTable } from './ViewTable';

/** The keys that open the step's findings and table rows in full. */
export function stepPanelBindings(p: StepScreenProps, panels: Panels, withTable: boolean): Binding[] {
  const { rows, columns } = p.view;
  return [
    {
      keys: ['f'],
      label: p.findings.length ? 'findings' : undefined,
      run: () =>
        p.findings.length &&
        panels.openList(
          'Findings',
          findingItems(p.findings, (f) => findingDetail(f), findingText),
        ),
    },
    {
      keys: ['t'],
      label: withTable && rows.length ? 'table' : undefined,
      run: () =>
        withTable &&
        rows.length &&
        panels.openList(
          columns.subject || 'Rows',
          rows.map((r, i) => ({
            key: `${i}:${r.subject}`,
            text: `${r.subject} · ${r.state} · ${r.planned}`,
            detail: () => viewRowDetail(r, columns),
          })),
        ),
    },
  ];
}

const LEGEND: HelpSection[] = [
  {
    title: 'Table',
    lines: [
      'The first column names the VM, principal, app or policy; the second says what the tenant has now;',
      'PLANNED says what the plan will do about it, or what stops it. t lists every row, → or enter opens one.',
    ],
  },
  { title: 'Form', lines: ['❯ the field the keys change · [x] on, [ ] off · [choice] the one chosen'] },
];

/** The notes, the table (filling the rows left, "+N more" when it cannot) and the warnings. */
export function ViewBody({ view, width, height }: { view: StepViewModel; width: number; height?: number }) {
  const fill = useFill(height);
  // Two lines of the space go to the table's head and its "+N more".
  const limit = view.rows.length > fill.height - 1 ? Math.max(1, fill.height - 2) : view.rows.length;
  return (
    <>
      {view.notes.map((n) => (
        <Txt key={n}>{n}</Txt>
      ))}
      {view.rows.length ? (
        <FillBox fill={fill}>
          <ViewTable columns={view.columns} rows={view.rows} width={width} limit={limit} more="t lists every row" />
        </FillBox>
      ) : null}
      {(view.warnings ?? []).map((w) => (
        <Txt key={w} c="yellow" wrap="truncate-end">{`▲ ${w}`}</Txt>
      ))}
    </>
  );
}

export interface StepFrameProps {
  screen: StepScreenProps;
  panels: Panels;
  bindings: readonly Binding[];
  help: HelpState;
  legend?: readonly HelpSection[];
  children?: ReactNode;
}

export function StepFrame({ screen: p, panels, bindings, help, legend, children }: StepFrameProps) {
  if (panels.current) {
    return (
      <PanelView panel={panels.current} panels={panels} parent={p.title} connection={p.connection} onQuit={p.onQuit} />
    );
  }
  return (
    <Frame
      title={p.title}
      step={p.step}
      connection={p.connection}
      question={p.view.question}
      notice={p.notice}
      findings={p.findings}
      moreFindings="f lists them all"
      bindings={bindings}
      help={help}
      legend={[...LEGEND, ...(legend ?? [])]}
    >
      <Box flexDirection="column" flexGrow={1}>
        {children}
      </Box>
    </Frame>
  );
}
