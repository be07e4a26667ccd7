import { Box } from 'ink';
import type { Binding } from '../use-keys';
import { Txt } from './color';

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
  backspace: 'backspace',
  pageup: 'pgup',
  pagedown: 'pgdn',
  'ctrl-c': 'ctrl-c',
};

export function keyText(keys: readonly string[]): string {
  return keys.map((k) => KEY_TEXT[k] ?? k).join('/');
}

/** The footer: one line of labelled keys, or with `open` the full list the `?` key shows. */
export function KeyHelp({ bindings, open }: { bindings: readonly Binding[]; open: boolean }) {
  const own = bindings.filter((b) => b.label);
  // `q` quits unless the screen labels it itself (the apply screen asks first). A labelled ctrl-c alone means a
  // text field has focus: q and ? are typed into it, so neither is offered.
  const typing = own.some((b) => b.keys.length === 1 && b.keys[0] === 'ctrl-c');
  const labelled = typing ? own : [...own, HELP, ...(own.some((b) => b.keys.includes('q')) ? [] : [QUIT])];
  if (!open) {
    return (
      <Box marginTop={1}>
        <Txt dim wrap="truncate-end">
          {labelled.map((b) => `${keyText(b.keys)} ${b.label}`).join(' · ')}
        </Txt>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Txt bold>Keys</Txt>
      {[{ keys: ['up', 'down', 'k', 'j'], label: 'move' } as Binding, ...labelled].map((b) => (
        <Txt key={b.label}>{`${keyText(b.keys).padEnd(16)} ${b.label}`}</Txt>
      ))}
    </Box>
  );
}
