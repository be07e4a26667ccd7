/** A step view model's table: subject, state and planned columns sized to their text, tone on the planned cell. */
import type { ViewRow } from '../../steps/shared/contract';
import { Txt } from './color';
import { cell, fitColumns, widest } from './format';

const TONE = { ok: 'green', warn: 'yellow', error: 'red', muted: 'gray' } as const;

export interface ViewTableProps {
  columns: { subject: string; state: string; planned: string };
  rows: readonly ViewRow[];
  width: number;
  /** At most this many rows; the rest are counted in a "+N more" line. */
  limit?: number;
  /** How to open every row, after "+N more" ("t lists every row"). */
  more?: string;
}

export function ViewTable({ columns, rows, width, limit = rows.length, more }: ViewTableProps) {
  if (!rows.length) return null;
  const shown = rows.slice(0, Math.max(1, limit));
  const [subject = 14, state = 14] = fitColumns(
    [
      {
        want: widest(
          columns.subject,
          shown.map((r) => r.subject),
        ),
        min: 14,
      },
      {
        want: widest(
          columns.state,
          shown.map((r) => r.state),
        ),
        min: 14,
      },
    ],
    width -
      2 -
      widest(
        columns.planned,
        shown.map((r) => r.planned),
      ),
  );
  return (
    <>
      <Txt
        dim
        wrap="truncate-end"
      >{`  ${cell(columns.subject, subject)}${cell(columns.state, state)}${columns.planned}`}</Txt>
      {shown.map((r) => (
        <Txt key={`${r.subject}|${r.state}`} wrap="truncate-end">
          {`  ${cell(r.subject, subject, 'middle')}${cell(r.state, state)}`}
          <Txt c={TONE[r.tone]}>{r.planned}</Txt>
        </Txt>
      ))}
      {rows.length > shown.length ? (
        <Txt dim>{`  +${rows.length - shown.length} more${more ? `: ${more}` : ''}`}</Txt>
      ) : null}
    </>
  );
}
