import { Box } from 'ink';
import type { FormRow } from '../use-form';
import { check, Field } from './Field';

function display(row: FormRow): string {
  switch (row.kind) {
    case 'choice':
      return row.options.map((o) => (o === row.value ? `[${o}]` : o)).join('  ');
    case 'toggle':
      return check(row.value);
    case 'text':
    case 'action':
    case 'item':
      return row.value;
  }
}

/** The rows of a `useForm` form; `from`/`to` render a slice (sections of one form). */
export function FormRows({
  rows,
  cursor,
  from = 0,
  to,
}: {
  rows: readonly FormRow[];
  cursor: number;
  from?: number;
  to?: number;
}) {
  return (
    <Box flexDirection="column">
      {rows.slice(from, to).map((row, i) => (
        <Field
          key={row.id}
          label={row.label}
          value={display(row)}
          active={from + i === cursor}
          editing={row.kind === 'text'}
          hint={row.hint}
        />
      ))}
    </Box>
  );
}
