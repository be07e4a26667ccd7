/**
 * A cursor over a list where only some rows can be highlighted (actions and findings, not headings or
 * continuation lines): moves land on the nearest such row in the direction of travel.
 */
import { useState } from 'react';

export function useRowCursor<T>(rows: readonly T[], selectable: (row: T) => boolean) {
  const next = (from: number, dir: 1 | -1): number | undefined => {
    for (let i = from; i >= 0 && i < rows.length; i += dir) if (selectable(rows[i]!)) return i;
    return undefined;
  };
  const [raw, setRaw] = useState<number | undefined>(undefined);
  const at = Math.min(raw ?? next(0, 1) ?? 0, Math.max(0, rows.length - 1));
  const cursor = rows[at] !== undefined && selectable(rows[at]!) ? at : (next(at, 1) ?? next(at, -1) ?? at);
  const move = (to: number, dir: 1 | -1) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, to));
    setRaw(next(clamped, dir) ?? next(clamped, dir === 1 ? -1 : 1) ?? cursor);
  };
  return { cursor, move };
}
