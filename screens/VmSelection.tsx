/** The VM inventory as the step's view model lists it: filter as you type, space toggles, only the window renders. */
import { Box, useWindowSize } from 'ink';
import { useMemo } from 'react';
import type { FindingLike } from '../src/machine/services';
import { SEVERITY_INFO } from '../src/plan/glyphs-and-wording';
import type { StepScreenProps } from './types';
import { useSelection } from './use-selection';
import { Txt } from './widgets/color';
import { check, Field } from './widgets/Field';
import { findingText } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { cell } from './widgets/format';
import { INVENTORY_PREFIX, inventoryWidths } from './widgets/inventory-columns';
import { ScrollList } from './widgets/ScrollList';

export interface VmSelectionProps extends StepScreenProps {
  /** Rows of the list window. */
  height?: number;
}

const count = (n: number) => n.toLocaleString('en-US');

export function VmSelection(p: VmSelectionProps) {
  const { columns } = useWindowSize();
  const wide = columns >= 110;
  const osCell = wide ? 'os' : 'osShort';
  const height = p.height ?? 10;
  const s = useSelection(p, height);
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
  const w = useMemo(() => inventoryWidths(rows, columns, osCell), [rows, columns, osCell]);
  const line = (c: Record<string, string>) =>
    `${cell(c.name ?? '', w.name, 'middle')}${cell(c.group ?? '', w.group)}${cell(c[osCell] ?? '', w.os)}${cell(c.power ?? '', w.power)}${cell(c.identity ?? '', w.identity)}${cell(c.extension ?? '', w.extension)}`;
  const header = `${' '.repeat(INVENTORY_PREFIX)}${cell('NAME', w.name)}${cell('GROUP', w.group)}${cell('OS / BUILD', w.os)}${cell('POWER', w.power)}${cell('IDENTITY', w.identity)}${cell('EXTENSION', w.extension)}`;
  const current = s.shown[s.cursor];
  const currentFinding = current?.id ? byTarget.get(current.id.toLowerCase()) : undefined;
  const c = current?.cells ?? {};
  // The highlighted VM in full when its row had to cut its name, or when it has a finding to explain.
  const details =
    current && (current.subject.length >= w.name || currentFinding)
      ? [
          `${current.subject} · ${c.group} · ${c.os} · ${c.power}`,
          ...(currentFinding ? [`${SEVERITY_INFO[currentFinding.severity].glyph} ${findingText(currentFinding)}`] : []),
        ]
      : [];
  return (
    <Frame
      title={p.title}
      step={p.step}
      connection={p.connection}
      question={p.view.question}
      notice={p.notice}
      findings={p.findings.filter((f) => s.selected.has(f.target.toLowerCase()))}
      findingLimit={3}
      bindings={s.bindings}
      help={s.help}
    >
      <Field label="Filter:" value={s.filter} active={s.filtering} editing hint="name, group, OS or power state" />
      <Txt dim>{`${count(s.selected.size)} of ${count(rows.length)} selected · ${count(s.shown.length)} shown`}</Txt>
      <Txt dim wrap="truncate-end">
        {header}
      </Txt>
      <ScrollList
        items={s.shown}
        cursor={s.cursor}
        height={height}
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
      {details.map((d) => (
        <Txt key={d} dim wrap="truncate-end">{`  ${d}`}</Txt>
      ))}
    </Frame>
  );
}
