import { Box, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { FindingLike } from '../src/machine/services';
import { SEVERITY_INFO } from '../src/plan/glyphs-and-wording';
import type { VmFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { Txt } from './widgets/color';
import { check, Field } from './widgets/Field';
import { findingText } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { cell, fitColumns, widest } from './widgets/format';
import { ScrollList } from './widgets/ScrollList';

export interface VmSelectionProps extends StepScreenProps {
  vms: readonly VmFacts[];
  /** Rows of the list window. */
  height?: number;
}

const extensionState = (v: VmFacts) =>
  v.extensions.find((e) => e.publisher === 'Microsoft.Azure.ActiveDirectory')?.provisioningState.toLowerCase() ??
  'none';
const identityState = (v: VmFacts) =>
  v.identity.type.includes('SystemAssigned') ? 'system' : v.identity.type === 'None' ? 'none' : 'user';
const osFull = (v: VmFacts) => (v.osName ? `${v.osName} ${v.osVersion ?? ''}`.trim() : v.osType);
/** "Server 2022", "Windows 11", "ubuntu 22.04": what tells VMs apart in a narrow terminal. */
const osShort = (v: VmFacts) => {
  if (!v.osName) return v.osType;
  if (v.osType === 'Windows') {
    return v.osName.replace(/^Windows Server (\d+).*$/i, 'Server $1').replace(/^Windows (\d+).*$/i, 'Windows $1');
  }
  return `${v.osName} ${v.osVersion ?? ''}`.trim();
};
const PREFIX = 6; // "❯ [x] "

/** The VM inventory: filter as you type (after `/`), space toggles, only the visible window renders. */
export function VmSelection(p: VmSelectionProps) {
  const { columns } = useWindowSize();
  const wide = columns >= 110;
  const height = p.height ?? 10;
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  const selected = useMemo(() => new Set((p.answers.vms ?? []).map((v) => v.toLowerCase())), [p.answers.vms]);
  const haystacks = useMemo(
    () =>
      p.vms.map((v) =>
        `${v.name} ${v.resourceGroup} ${v.osType} ${v.osName ?? ''} ${v.osVersion ?? ''} ${v.powerState}`.toLowerCase(),
      ),
    [p.vms],
  );
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? p.vms.filter((_, i) => haystacks[i]!.includes(f)) : p.vms;
  }, [p.vms, haystacks, filter]);
  const byTarget = useMemo(() => {
    const m = new Map<string, FindingLike>();
    for (const f of p.findings) {
      const k = f.target.toLowerCase();
      const prev = m.get(k);
      if (!prev || (prev.severity !== 'error' && f.severity === 'error')) m.set(k, f);
    }
    return m;
  }, [p.findings]);
  const nav = useCursor(shown.length);
  const toggle = () => {
    const v = shown[nav.cursor];
    if (!v) return;
    const next = selected.has(v.id.toLowerCase())
      ? (p.answers.vms ?? []).filter((id) => id.toLowerCase() !== v.id.toLowerCase())
      : [...(p.answers.vms ?? []), v.id];
    p.onAnswer({ vms: next });
  };
  const toggleAll = () => {
    const ids = shown.map((v) => v.id);
    const allOn = ids.every((id) => selected.has(id.toLowerCase()));
    const rest = (p.answers.vms ?? []).filter((id) => !ids.some((x) => x.toLowerCase() === id.toLowerCase()));
    p.onAnswer({ vms: allOn ? rest : [...rest, ...ids] });
  };
  const bindings: Binding[] = filtering
    ? [
        { keys: ['enter', 'esc'], label: 'done filtering', run: () => setFiltering(false) },
        { keys: ['up'], run: nav.up },
        { keys: ['down'], run: nav.down },
        { keys: ['ctrl-c'], label: 'quit', run: p.onQuit },
      ]
    : [
        { keys: ['space'], label: 'toggle', run: toggle },
        { keys: ['a'], label: 'toggle all shown', run: toggleAll },
        { keys: ['/'], label: 'filter', run: () => setFiltering(true) },
        { keys: ['enter'], label: 'continue', run: p.onNext },
        { keys: ['up'], run: nav.up },
        { keys: ['down'], run: nav.down },
        { keys: ['pageup'], run: () => nav.pageUp(height) },
        { keys: ['pagedown'], run: () => nav.pageDown(height) },
        { keys: ['q'], run: p.onQuit },
      ];
  const { help } = useKeys(bindings, { text: filtering ? { value: filter, onChange: setFilter } : undefined });
  const osText = wide ? osFull : osShort;
  const widths = useMemo(() => {
    const want = {
      name: widest(
        'NAME',
        p.vms.map((v) => v.name),
      ),
      group: widest(
        'GROUP',
        p.vms.map((v) => v.resourceGroup),
      ),
      os: widest('OS / BUILD', p.vms.map(osText)),
      power: widest(
        'POWER',
        p.vms.map((v) => v.powerState),
      ),
      identity: widest('IDENTITY', p.vms.map(identityState)),
      extension: widest('EXTENSION', p.vms.map(extensionState)),
    };
    // The state columns keep their width; then the name, the OS and the group share what is left, in that order.
    const fixed = want.power + want.identity + want.extension;
    const [name, os, group] = fitColumns(
      [
        { want: want.name, min: 14 },
        { want: want.os, min: 13 },
        { want: want.group, min: 8 },
      ],
      columns - PREFIX - fixed - (wide ? 24 : 2),
    );
    return { ...want, name: name!, os: os!, group: group! };
  }, [p.vms, columns, wide, osText]);
  const header = `${' '.repeat(PREFIX)}${cell('NAME', widths.name)}${cell('GROUP', widths.group)}${cell('OS / BUILD', widths.os)}${cell('POWER', widths.power)}${cell('IDENTITY', widths.identity)}${cell('EXTENSION', widths.extension)}`;
  const current = shown[nav.cursor];
  const currentFinding = current ? byTarget.get(current.id.toLowerCase()) : undefined;
  // The highlighted VM in full when its row had to cut its name, or when it has a finding to explain.
  const details =
    current && (current.name.length >= widths.name || currentFinding)
      ? [
          `${current.name} · ${current.resourceGroup} · ${osFull(current)} · ${current.powerState}`,
          ...(currentFinding ? [`${SEVERITY_INFO[currentFinding.severity].glyph} ${findingText(currentFinding)}`] : []),
        ]
      : [];
  return (
    <Frame
      title="VM selection"
      step={1}
      connection={p.connection}
      question="Which VMs should accept Entra sign-in?"
      notice={p.notice}
      findings={p.findings.filter((f) => selected.has(f.target.toLowerCase()))}
      findingLimit={3}
      bindings={bindings}
      help={help}
    >
      <Field label="Filter:" value={filter} active={filtering} editing hint="name, group, OS or power state" />
      <Txt
        dim
      >{`${selected.size.toLocaleString('en-US')} of ${p.vms.length.toLocaleString('en-US')} selected · ${shown.length.toLocaleString('en-US')} shown`}</Txt>
      <Txt dim wrap="truncate-end">
        {header}
      </Txt>
      <ScrollList
        items={shown}
        cursor={nav.cursor}
        height={height}
        rowKey={(v) => v.id}
        empty="No VM matches the filter."
        renderRow={(v, _i, active) => {
          const f = byTarget.get(v.id.toLowerCase());
          const mark = f ? `${SEVERITY_INFO[f.severity].glyph}${wide ? ` ${f.code}` : ''}` : '';
          const row = `${active ? '❯' : ' '} ${check(selected.has(v.id.toLowerCase()))} ${cell(v.name, widths.name, 'middle')}${cell(v.resourceGroup, widths.group)}${cell(osText(v), widths.os)}${cell(v.powerState, widths.power)}${cell(identityState(v), widths.identity)}${cell(extensionState(v), widths.extension)}${mark}`;
          return (
            <Box>
              <Txt c={active ? 'cyan' : undefined} bold={active} wrap="truncate-end">
                {row}
              </Txt>
            </Box>
          );
        }}
      />
      {details.map((line) => (
        <Txt key={line} dim wrap="truncate-end">{`  ${line}`}</Txt>
      ))}
    </Frame>
  );
}
