/**
 * The key bar at the foot of every screen, and the `?` panel: every key of the current screen, then what the
 * screen's columns and glyphs mean and the finding codes it shows.
 */
import { Box } from 'ink';
import type { Binding } from '../use-keys';
import { Txt } from './color';
import { type Fill, FillBox, useFill } from './fill';

const HELP: Binding = { keys: ['?'], label: 'help', run: () => {} };
const QUIT: Binding = { keys: ['q'], label: 'quit', run: () => {} };

const KEY_TEXT: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: 'enter',
  esc: 'esc',
  space: 'space',
  tab: 'tab',
  'shift-tab': 'shift-tab',
  backspace: 'backspace',
  pageup: 'pgup',
  pagedown: 'pgdn',
  home: 'home',
  end: 'end',
  'ctrl-c': 'ctrl-c',
};

/** A titled block of the help panel: "Columns", "Marks", "Finding codes shown". */
export interface HelpSection {
  title: string;
  lines: readonly string[];
}

export function keyText(keys: readonly string[]): string {
  return keys.map((k) => KEY_TEXT[k] ?? k).join('/');
}

/** The labelled bindings, with help and quit added unless a text field has focus. */
function labelled(bindings: readonly Binding[]): Binding[] {
  const own = bindings.filter((b) => b.label);
  // `q` quits unless the screen labels it itself (the apply screen asks first). A labelled ctrl-c alone means a
  // text field has focus: q and ? are typed into it, so neither is offered.
  // Keys that are characters are typed into the field too, so they are not offered either.
  const typing = own.some((b) => b.keys.length === 1 && b.keys[0] === 'ctrl-c');
  if (typing) return own.filter((b) => b.keys.some((k) => k.length > 1));
  return [...own, HELP, ...(own.some((b) => b.keys.includes('q')) ? [] : [QUIT])];
}

/** The footer: one line of labelled keys; while the help panel is open, how to scroll and close it. */
export function KeyBar({ bindings, help }: { bindings: readonly Binding[]; help: boolean }) {
  const text = help
    ? '↑/↓ pgup/pgdn scroll · esc or ? close help'
    : labelled(bindings)
        .map((b) => `${keyText(b.keys)} ${b.label}`)
        .join(' · ');
  return (
    <Box marginTop={1}>
      <Txt dim>{text}</Txt>
    </Box>
  );
}

/** Every line of the help panel, plain text. */
export function helpLines(
  bindings: readonly Binding[],
  legend: readonly HelpSection[],
): { key: string; text: string; bold?: boolean }[] {
  const nav = bindings.some((b) => b.keys.includes('pagedown'))
    ? ['up', 'down', 'pageup', 'pagedown', 'home', 'end']
    : bindings.some((b) => b.keys.includes('down'))
      ? ['up', 'down']
      : [];
  const keys: Binding[] = [
    ...(nav.length ? [{ keys: nav, label: 'move (also k/j, and g/G for first/last)', run: () => {} } as Binding] : []),
    ...labelled(bindings),
  ];
  return [
    { key: 'keys', text: 'Keys', bold: true },
    ...keys.map((b) => ({ key: `k:${b.label}`, text: `  ${keyText(b.keys).padEnd(18)} ${b.label}` })),
    ...legend.flatMap((s, i) => [
      { key: `${i}:gap`, text: '' },
      { key: `${i}:title`, text: s.title, bold: true },
      ...s.lines.map((l, j) => ({ key: `${i}:${j}`, text: `  ${l}` })),
    ]),
  ];
}

/** The `?` panel in place of the screen's body, scrolled to `top`, as tall as the body would be. */
export function HelpPanel({
  bindings,
  legend,
  top,
}: {
  bindings: readonly Binding[];
  legend: readonly HelpSection[];
  top: number;
}) {
  const fill: Fill = useFill();
  const lines = helpLines(bindings, legend);
  const start = Math.min(top, Math.max(0, lines.length - fill.height));
  return (
    <Box flexDirection="column" flexGrow={1} marginTop={1}>
      <FillBox fill={fill}>
        {lines.slice(start, start + fill.height).map((l) => (
          <Txt key={l.key} bold={l.bold} wrap="truncate-end">
            {l.text || ' '}
          </Txt>
        ))}
      </FillBox>
    </Box>
  );
}
