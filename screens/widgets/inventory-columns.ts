/**
 * Column widths of the VM selection table: the state columns keep their width; then the name, the OS and the
 * group share what is left, in that order. Pure, so the layout tests can call it too.
 */
import type { ViewRow } from '../../steps/shared/contract';
import { fitColumns, widest } from './format';

export const INVENTORY_PREFIX = 6; // "❯ [x] "

export type InventoryWidths = Record<'name' | 'group' | 'os' | 'power' | 'identity' | 'extension', number>;

export function inventoryWidths(rows: readonly ViewRow[], columns: number, osCell: 'os' | 'osShort'): InventoryWidths {
  const want = (header: string, cell: string) =>
    widest(
      header,
      rows.map((r) => r.cells?.[cell] ?? ''),
    );
  const power = want('POWER', 'power');
  const identity = want('IDENTITY', 'identity');
  const extension = want('EXTENSION', 'extension');
  const [name, os, group] = fitColumns(
    [
      { want: want('NAME', 'name'), min: 14 },
      { want: want('OS / BUILD', osCell), min: 13 },
      { want: want('GROUP', 'group'), min: 8 },
    ],
    columns - INVENTORY_PREFIX - power - identity - extension - (osCell === 'os' ? 24 : 2),
  );
  return { name: name!, group: group!, os: os!, power, identity, extension };
}
