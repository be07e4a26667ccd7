/**
 * The views a screen opens over itself: a row's detail (→), or the whole list behind a "+N more" line, whose
 * rows open their own detail. A stack, so ← or esc goes back one view at a time to the screen.
 */
import { useState } from 'react';
import type { FindingLike } from '../src/machine/services';
import type { Severity } from '../src/plan/types';
import type { Detail } from './widgets/details';

export interface PanelItem {
  key: string;
  text: string;
  severity?: Severity;
  detail: () => Detail;
}

export type Panel = { kind: 'detail'; detail: Detail } | { kind: 'list'; title: string; items: readonly PanelItem[] };

export function usePanels() {
  const [stack, setStack] = useState<Panel[]>([]);
  return {
    current: stack.at(-1),
    openDetail: (detail: Detail) => setStack((s) => [...s, { kind: 'detail', detail }]),
    openList: (title: string, items: readonly PanelItem[]) => setStack((s) => [...s, { kind: 'list', title, items }]),
    back: () => setStack((s) => s.slice(0, -1)),
  };
}

export type Panels = ReturnType<typeof usePanels>;

/** Findings as panel rows, errors first, each opening its detail. */
export function findingItems(
  findings: readonly FindingLike[],
  detail: (f: FindingLike) => Detail,
  text: (f: FindingLike) => string,
): PanelItem[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((f, i) => ({
      key: `${i}:${f.code}:${f.target}`,
      text: text(f),
      severity: f.severity,
      detail: () => detail(f),
    }));
}
