import { Box, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { FindingLike } from '../src/machine/services';
import type { VmFacts } from '../src/plan/snapshot';
import { SEVERITY_INFO } from '../src/plan/vocabulary';
import type { StepScreenProps } from './types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { Txt } from './widgets/color';
import { check, Field } from './widgets/Field';
import { Frame } from './widgets/Frame';
import { cell } from './widgets/format';
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
const osText = (v: VmFacts, wide: boolean) =>
  wide && v.osName ? `${v.osName} ${v.osVersion ?? ''}` : `${v.osType} ${v.osVersion ?? ''}`;

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
  const [nameW, rgW, osW] = wide ? [20, 14, 40] : [13, 9, 19];
  const header = `      ${cell('NAME', nameW)}${cell('GROUP', rgW)}${cell('OS / BUILD', osW)}${cell('POWER', 12)}${cell('IDENTITY', 9)}${cell('EXTENSION', 10)}`;
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
          const row = `${active ? '❯' : ' '} ${check(selected.has(v.id.toLowerCase()))} ${cell(v.name, nameW)}${cell(v.resourceGroup, rgW)}${cell(osText(v, wide), osW)}${cell(v.powerState, 12)}${cell(identityState(v), 9)}${cell(extensionState(v), 10)}${mark}`;
          return (
            <Box>
              <Txt c={active ? 'cyan' : undefined} bold={active} wrap="truncate-end">
                {row}
              </Txt>
            </Box>
          );
        }}
      />
    </Frame>
  );
}
