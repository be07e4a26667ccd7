/**
 * The keys every list answers the same way: ↑/↓ (j/k) one row, PgUp/PgDn one page, Home/End and g/G the first
 * and last row. The cursor stays in range when the list shrinks (filtering).
 */
import { useCursor } from './use-cursor';
import type { Binding } from './use-keys';

export function listBindings(nav: ReturnType<typeof useCursor>, page: number, count: number): Binding[] {
  const step = Math.max(1, page);
  return [
    { keys: ['up'], run: nav.up },
    { keys: ['down'], run: nav.down },
    { keys: ['pageup'], run: () => nav.pageUp(step) },
    { keys: ['pagedown'], run: () => nav.pageDown(step) },
    { keys: ['home', 'g'], run: () => nav.set(0) },
    { keys: ['end', 'G'], run: () => nav.set(Math.max(0, count - 1)) },
  ];
}

export function useListNav(count: number, page: number, initial = 0) {
  const nav = useCursor(count, initial);
  return { ...nav, bindings: listBindings(nav, page, count) };
}
