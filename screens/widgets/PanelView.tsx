/**
 * A view opened over a screen: a row's detail in full (scrolls; commands folded for copying), or a list of
 * rows each of which opens its detail. Same frame, title bar and key bar as the screen it was opened from.
 */
import { useWindowSize } from 'ink';
import type { ConnectInfo } from '../../src/machine/services';
import { SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import { type Binding, useKeys } from '../use-keys';
import { useListNav } from '../use-list-nav';
import type { Panel, PanelItem, Panels } from '../use-panels';
import { Txt } from './color';
import type { Detail } from './details';
import { Frame } from './Frame';
import { FillBox, useFill } from './fill';
import { clampLines } from './format';
import { ScrollList } from './ScrollList';
import { foldCommand } from './shell-fold';

type Line = { key: string; text: string; bold?: boolean; command?: boolean };

/** The detail as terminal lines of at most `width` characters: labels, wrapped text, folded commands. */
export function detailLines(detail: Detail, width: number): Line[] {
  const out: Line[] = [];
  detail.sections.forEach((s, i) => {
    if (i > 0) out.push({ key: `${i}:gap`, text: '' });
    out.push({ key: `${i}:label`, text: s.label, bold: true });
    s.lines.forEach((text, j) => {
      const lines = s.command
        ? foldCommand(text, width)
        : clampLines(text, Math.max(10, width - 2), Number.POSITIVE_INFINITY).map((l) => `  ${l}`);
      lines.forEach((l, k) => {
        out.push({ key: `${i}:${j}:${k}`, text: l, command: s.command });
      });
    });
    if (s.command && s.lines.some((l) => l.length > width)) {
      out.push({ key: `${i}:fold`, text: '  (folded for bash and zsh: each line ending in \\ continues on the next)' });
    }
  });
  return out;
}

export interface PanelViewProps {
  panel: Panel;
  panels: Panels;
  /** The screen the panel was opened from: the first part of the title bar. */
  parent: string;
  connection?: ConnectInfo;
  onQuit: () => void;
}

export function PanelView(p: PanelViewProps) {
  return p.panel.kind === 'detail' ? (
    <DetailBody {...p} detail={p.panel.detail} />
  ) : (
    <ListBody {...p} title={p.panel.title} items={p.panel.items} />
  );
}

function DetailBody(p: PanelViewProps & { detail: Detail }) {
  const { columns } = useWindowSize();
  const fill = useFill();
  const lines = detailLines(p.detail, columns);
  // The view scrolls by its top line: the cursor is kept in the middle of the window.
  const maxTop = Math.max(0, lines.length - fill.height);
  const nav = useListNav(maxTop + 1, fill.height);
  const bindings: Binding[] = [
    { keys: ['left', 'esc'], label: 'back', run: p.panels.back },
    ...nav.bindings,
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  const top = Math.min(nav.cursor, maxTop);
  return (
    <Frame title={`${p.parent} › ${p.detail.title}`} connection={p.connection} bindings={bindings} help={help}>
      <FillBox fill={fill}>
        {lines.slice(top, top + fill.height).map((l) => (
          <Txt key={l.key} bold={l.bold} c={l.command ? 'cyan' : undefined} wrap="truncate-end">
            {l.text || ' '}
          </Txt>
        ))}
      </FillBox>
      {lines.length > fill.height ? (
        <Txt dim>{`  lines ${top + 1}–${Math.min(lines.length, top + fill.height)} of ${lines.length}`}</Txt>
      ) : null}
    </Frame>
  );
}

function ListBody(p: PanelViewProps & { title: string; items: readonly PanelItem[] }) {
  const fill = useFill();
  const nav = useListNav(p.items.length, fill.height);
  const open = () => {
    const item = p.items[nav.cursor];
    if (item) p.panels.openDetail(item.detail());
  };
  const bindings: Binding[] = [
    { keys: ['enter', 'right'], label: 'details', run: open },
    { keys: ['left', 'esc'], label: 'back', run: p.panels.back },
    ...nav.bindings,
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame title={`${p.parent} › ${p.title}`} connection={p.connection} bindings={bindings} help={help}>
      <ScrollList
        items={p.items}
        cursor={nav.cursor}
        fill={fill}
        rowKey={(i) => i.key}
        renderRow={(item, _i, active) => (
          <Txt c={active ? 'cyan' : undefined} bold={active} wrap="truncate-end">
            {`${active ? '❯' : ' '} ${item.severity ? `${SEVERITY_INFO[item.severity].glyph} ` : ''}${item.text}`}
          </Txt>
        )}
      />
    </Frame>
  );
}
