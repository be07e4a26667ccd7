import { useState } from 'react';

/** A cursor over `count` rows that stays in range when the list shrinks (filtering). */
export function useCursor(count: number, initial = 0) {
  const [raw, setRaw] = useState(initial);
  const cursor = count === 0 ? 0 : Math.min(raw, count - 1);
  return {
    cursor,
    up: () => setRaw(Math.max(0, cursor - 1)),
    down: () => setRaw(Math.min(Math.max(0, count - 1), cursor + 1)),
    pageUp: (n: number) => setRaw(Math.max(0, cursor - n)),
    pageDown: (n: number) => setRaw(Math.min(Math.max(0, count - 1), cursor + n)),
    set: setRaw,
  };
}
