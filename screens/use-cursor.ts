import { useState } from 'react';

/**
 * A cursor over `count` rows that stays in range when the list shrinks (filtering). Moves build on the previous
 * move, not on the last render: several keys in one chunk of input (a held arrow) each move one row.
 */
export function useCursor(count: number, initial = 0) {
  const [raw, setRaw] = useState(initial);
  const last = Math.max(0, count - 1);
  const cursor = count === 0 ? 0 : Math.min(raw, last);
  const by = (n: number) => setRaw((r) => Math.max(0, Math.min(last, Math.min(r, last) + n)));
  return {
    cursor,
    up: () => by(-1),
    down: () => by(1),
    pageUp: (n: number) => by(-n),
    pageDown: (n: number) => by(n),
    set: setRaw,
  };
}
