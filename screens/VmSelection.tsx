/**
 * The VM inventory as the step's view model lists it: filter as you type, space toggles, → shows a VM in full,
 * only the rows that fit render.
 */

import { Box, useWindowSize } from 'ink';
import { useMemo } from 'react';
import { groupDigits } from '../src/core/numbers';
import type { FindingLike } from '../src/machine/services';
import { SEVERITY_INFO } from '../src/plan/glyphs-and-wording';
import type { StepScreenProps } from './types';
import { findingItems, usePanels } from './use-panels';
import { useSelection } from './use-selection';
import { Txt } from './widgets/color';
import { findingDetail, vmDetail } from './widgets/details';
import { check, Field } from './widgets/Field';
import { findingText } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { cell } from './widgets/format';
import {
  INVENTORY_HEADERS,
  INVENTORY_LEGEND,
  INVENTORY_PREFIX,
  type InventoryColumn,
  inventoryWidths,
} from './widgets/inventory-columns';
import { PanelView } from './widgets/PanelView';
import { ScrollList } from './widgets/ScrollList';

export interface VmSelectionProps extends StepScreenProps {
  /** Rows of the list window; without it the list fills the terminal. */
  height?: number;
}

const count = groupDigits;

export function VmSelection(p: VmSelectionProps) {
  const { columns } = useWindowSize();
  const wide = columns >= 110;
  const osCell = wide ? 'os' : 'osShort';
  const fill = useFill(p.height);
  const panels = usePanels();
  const rows = p.view.rows;
  // The most severe finding per VM marks its row.
  const byTarget = useMemo(() => {
    const m = new Map<string, FindingLike>();
    for (const f of p.findings) {
      const k = f.target.toLowerCase();
      const prev = m.get(k);
      if (!prev || (prev.severity !== 'error' && f.severity === 'error')) m.set(k, f);
    }
    return m;
  }, [p.findings]);
  const selectedFindings = (selected: Set<string>) => p.findings.filter((f) => selected.has(f.target.toLowerCase()));
  const openCurrent = () => {
    const r = s.shown[s.cursor];
    if (!r) return;
    const id = (r.id ?? '').toLowerCase();
    panels.openDetail(
      vmDetail(
        r,
        p.findings.filter((f) => f.target.toLowerCase() === id),
      ),
    );
  };
  const openFindings = () => {
    const list = selectedFindings(s.selected);
    if (list.length)
      panels.openList(
        'Findings',
        findingItems(list, (f) => findingDetail(f), findingText),
      );
  };
  const s = useSelection(
    p,
    fill.height,
    [
      { keys: ['right'], label: 'details', run: openCurrent },
      { keys: ['f'], label: p.findings.length ? 'findings' : undefined, run: openFindings },
    ],
    !panels.current,
  );
  const w = useMemo(() => inventoryWidths(rows, columns, osCell), [rows, columns, osCell]);
  const shownColumns = (Object.keys(INVENTORY_HEADERS) as InventoryColumn[]).filter((k) => w[k] > 0);
  const cellName = (k: InventoryColumn) => (k === 'os' ? osCell : k);
  // Filtered once per change of findings or selection, not per keystroke: a fleet has thousands of findings.
  const framedFindings = useMemo(
    () => p.findings.filter((f) => s.selected.has(f.target.toLowerCase())),
    [p.findings, s.selected],
  );
  const line = (c: Record<string, string>) =>
    shownColumns
      .map((k) => cell(c[cellName(k)] ?? '', w[k], k === 'name' || k === 'subscription' ? 'middle' : 'end'))
      .join('');
  const header = `${' '.repeat(INVENTORY_PREFIX)}${shownColumns.map((k) => cell(INVENTORY_HEADERS[k], w[k])).join('')}`;
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
      findings={framedFindings}
      findingLimit={3}
      moreFindings="f lists them all"
      bindings={s.bindings}
      help={s.help}
      legend={INVENTORY_LEGEND}
    >
      <Field
        label="Filter:"
        value={s.filter}
        active={s.filtering}
        editing
        hint="name, group, subscription, OS or power state"
      />
      <Txt dim>{`${count(s.selected.size)} of ${count(rows.length)} selected · ${count(s.shown.length)} shown`}</Txt>
      <Txt dim wrap="truncate-end">
        {header}
      </Txt>
      <ScrollList
        items={s.shown}
        cursor={s.cursor}
        fill={fill}
        rowKey={(r) => r.id ?? r.subject}
        empty="No VM matches the filter."
        renderRow={(r, _i, active) => {
          const f = r.id ? byTarget.get(r.id.toLowerCase()) : undefined;
          const mark = f ? `${SEVERITY_INFO[f.severity].glyph}${wide ? ` ${f.code}` : ''}` : '';
          return (
            <Box>
              <Txt c={active ? 'cyan' : undefined} bold={active} wrap="truncate-end">
                {`${active ? '❯' : ' '} ${check(s.isSelected(r))} ${line(r.cells ?? {})}${mark}`}
              </Txt>
            </Box>
          );
        }}
      />
    </Frame>
  );
}
