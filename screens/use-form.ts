/**
 * Keyboard behaviour shared by the form-like step screens: a cursor over rows; space, ← and → change a choice
 * or a toggle; typing edits the focused text row; enter submits a text or action row, or continues; backspace
 * on an item row removes it; esc goes back.
 */
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';

interface RowBase {
  id: string;
  label: string;
  hint?: string;
}
export type FormRow =
  | (RowBase & { kind: 'choice'; value: string; options: readonly string[]; onChange: (value: string) => void })
  | (RowBase & { kind: 'toggle'; value: boolean; onChange: (value: boolean) => void })
  | (RowBase & { kind: 'text'; value: string; onChange: (value: string) => void; onSubmit?: () => void })
  | (RowBase & { kind: 'action'; value: string; onSubmit: () => void })
  | (RowBase & { kind: 'item'; value: string; onRemove: () => void });

export interface FormHandlers {
  onNext: () => void;
  onBack: () => void;
  onQuit: () => void;
  extra?: Binding[];
  /** False while a panel is open over the form: its keys go to the panel. */
  active?: boolean;
}

function cycle(row: FormRow, step: 1 | -1): void {
  if (row.kind === 'toggle') row.onChange(!row.value);
  if (row.kind === 'choice') {
    const i = row.options.indexOf(row.value);
    row.onChange(row.options[(i + step + row.options.length) % row.options.length]!);
  }
}

export function useForm(rows: readonly FormRow[], h: FormHandlers) {
  const nav = useCursor(rows.length);
  const row = rows[nav.cursor];
  const enter = () => {
    // An empty text row continues, so enter walks through a form that needs no more input.
    if (row?.kind === 'action' || (row?.kind === 'text' && row.onSubmit && row.value.trim())) row.onSubmit!();
    else h.onNext();
  };
  const bindings: Binding[] = [
    {
      keys: ['space'],
      label: row?.kind === 'choice' || row?.kind === 'toggle' ? 'change' : undefined,
      run: () => row && cycle(row, 1),
    },
    { keys: ['right'], run: () => row && cycle(row, 1) },
    { keys: ['left'], run: () => row && cycle(row, -1) },
    {
      keys: ['enter'],
      label: row?.kind === 'action' || (row?.kind === 'text' && row.onSubmit && row.value.trim()) ? 'add' : 'continue',
      run: enter,
    },
    {
      keys: ['backspace', 'x'],
      label: row?.kind === 'item' ? 'remove' : undefined,
      run: () => row?.kind === 'item' && row.onRemove(),
    },
    { keys: ['esc'], label: 'back', run: h.onBack },
    { keys: ['up', 'shift-tab'], run: nav.up },
    { keys: ['down', 'tab'], run: nav.down },
    { keys: ['q'], run: h.onQuit },
    // While a text row has focus, q and ? are typed into it: the footer offers ctrl-c instead.
    ...(row?.kind === 'text' ? [{ keys: ['ctrl-c'], label: 'quit', run: h.onQuit }] : []),
    ...(h.extra ?? []),
  ];
  const text = row?.kind === 'text' ? { value: row.value, onChange: row.onChange } : undefined;
  const { help } = useKeys(bindings, { text, active: h.active });
  return { cursor: nav.cursor, setCursor: nav.set, bindings, help };
}
