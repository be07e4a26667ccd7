import { Txt } from './color';

/** One row of a form: a pointer when focused, a label, and its value (a text field shows a caret). */
export function Field({
  label,
  value,
  active,
  editing,
  hint,
}: {
  label: string;
  value: string;
  active: boolean;
  editing?: boolean;
  hint?: string;
}) {
  // One Text line: a long label or hint is cut at the edge instead of squeezing the row into columns.
  return (
    <Txt wrap="truncate-end">
      <Txt c={active ? 'cyan' : undefined}>{active ? '❯ ' : '  '}</Txt>
      <Txt bold={active}>{`${label} `}</Txt>
      <Txt c="cyan">{editing && active ? `${value}▏` : value || (editing ? '▏' : '')}</Txt>
      {hint && active ? <Txt dim>{`  ${hint}`}</Txt> : null}
    </Txt>
  );
}

/** `[x]` / `[ ]` for multi-select rows. */
export const check = (on: boolean): string => (on ? '[x]' : '[ ]');
