/**
 * The VM selection list's keys and filter: type after `/` to filter, space toggles the highlighted row, `a`
 * toggles every row shown. Rows are the step's view model rows; a picked row sends its `id` back.
 */
import { useMemo, useState } from 'react';
import type { ViewRow } from '../steps/shared/contract';
import type { StepScreenProps } from './types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { listBindings } from './use-list-nav';

const searchText = (r: ViewRow) => (r.cells?.search ?? r.subject).toLowerCase();

/** `page` is the rows a PgUp/PgDn moves; `extra` are the screen's own keys; `active` false while a panel is open. */
export function useSelection(p: StepScreenProps, page: number, extra: Binding[] = [], active = true) {
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  const chosen = p.answers.vms;
  const selected = useMemo(() => new Set(chosen.map((v) => v.toLowerCase())), [chosen]);
  const all = p.view.rows;
  const haystacks = useMemo(() => all.map(searchText), [all]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? all.filter((_, i) => haystacks[i]!.includes(f)) : all;
  }, [all, haystacks, filter]);
  const nav = useCursor(shown.length);
  const idOf = (r: ViewRow) => r.id ?? r.subject;
  const isSelected = (r: ViewRow) => selected.has(idOf(r).toLowerCase());
  const toggle = () => {
    const r = shown[nav.cursor];
    if (!r) return;
    const id = idOf(r);
    p.onAnswer({
      vms: isSelected(r) ? chosen.filter((x) => x.toLowerCase() !== id.toLowerCase()) : [...chosen, id],
    });
  };
  const toggleAll = () => {
    const ids = shown.map(idOf);
    const allOn = shown.every(isSelected);
    // A set, not a scan of the shown rows per chosen VM: with 20,000 of each that froze the keystroke.
    const shownIds = new Set(ids.map((x) => x.toLowerCase()));
    const rest = chosen.filter((id) => !shownIds.has(id.toLowerCase()));
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
        { keys: ['a'], label: 'toggle all', run: toggleAll },
        { keys: ['/'], label: 'filter', run: () => setFiltering(true) },
        { keys: ['enter'], label: 'continue', run: p.onNext },
        ...extra,
        ...listBindings(nav, page, shown.length),
        { keys: ['q'], run: p.onQuit },
      ];
  const { help } = useKeys(bindings, { text: filtering ? { value: filter, onChange: setFilter } : undefined, active });
  return { filter, filtering, shown, cursor: nav.cursor, bindings, help, isSelected, selected };
}
