/**
 * Column widths of the VM selection table. The VM's name is what the admin reads, so it gets its whole width
 * first; every other column starts at a narrow minimum and then grows, in order of use, to its widest cell:
 * the resource group, the OS, the subscription (only when the VMs span more than one), the power state, the
 * extension and the identity. Widths come from the rows' content,
 * never from fixed numbers. Pure, so the layout tests can call it too.
 */
import type { ViewRow } from '../../steps/shared/contract';
import { fitColumns, widest } from './format';
import type { HelpSection } from './KeyHelp';

export const INVENTORY_PREFIX = 6; // "❯ [x] "

export const INVENTORY_COLUMNS = ['name', 'subscription', 'group', 'os', 'power', 'identity', 'extension'] as const;
export type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];
export type InventoryWidths = Record<InventoryColumn, number>;

export const INVENTORY_HEADERS: Record<InventoryColumn, string> = {
  name: 'NAME',
  subscription: 'SUBSCRIPTION',
  group: 'GROUP',
  os: 'OS / BUILD',
  power: 'POWER',
  identity: 'IDENTITY',
  extension: 'EXTENSION',
};

/** Whether the rows span more than one subscription (the subscription column is shown only then). */
export function spansSubscriptions(rows: readonly ViewRow[]): boolean {
  const first = rows[0]?.cells?.subscription;
  return rows.some((r) => r.cells?.subscription !== first);
}

/**
 * `mark` is the room kept at the end of a row for its finding mark. A column's cell is `osCell` for the OS
 * (the long or the short OS name).
 */
export function inventoryWidths(
  rows: readonly ViewRow[],
  columns: number,
  osCell: 'os' | 'osShort',
  mark = osCell === 'os' ? 24 : 2,
): InventoryWidths {
  const want = (header: string, cell: string) =>
    widest(
      header,
      rows.map((r) => r.cells?.[cell] ?? ''),
    );
  const showSubscription = spansSubscriptions(rows);
  const specs: Record<InventoryColumn, { want: number; min: number }> = {
    name: { want: want('NAME', 'name'), min: 0 },
    subscription: showSubscription ? { want: want('SUBSCRIPTION', 'subscription'), min: 9 } : { want: 0, min: 0 },
    group: { want: want('GROUP', 'group'), min: 8 },
    os: { want: want('OS / BUILD', osCell), min: 8 },
    power: { want: want('POWER', 'power'), min: 6 },
    identity: { want: want('IDENTITY', 'identity'), min: 5 },
    extension: { want: want('EXTENSION', 'extension'), min: 6 },
  };
  const total = columns - INVENTORY_PREFIX - mark;
  const others = (Object.keys(specs) as InventoryColumn[]).filter((k) => k !== 'name');
  const floor = others.reduce((n, k) => n + Math.min(specs[k].min, specs[k].want), 0);
  // The name first: its whole width when the other columns' minimums leave room for it, never under 14.
  specs.name.min = Math.min(specs.name.want, Math.max(14, total - floor));
  const order: InventoryColumn[] = ['name', 'group', 'os', 'subscription', 'power', 'extension', 'identity'];
  const widths = fitColumns(
    order.map((k) => specs[k]),
    total,
  );
  return Object.fromEntries(order.map((k, i) => [k, widths[i]!])) as InventoryWidths;
}

/** What the selection screen's `?` panel says about its columns and marks. */
export const INVENTORY_LEGEND: HelpSection[] = [
  {
    title: 'Columns',
    lines: [
      '[x]           selected: the plan covers this VM',
      'NAME          the VM or Azure Arc machine',
      'SUBSCRIPTION  shown when the VMs span more than one subscription',
      'GROUP         its resource group',
      'OS / BUILD    the OS the VM reports (narrow terminals show it short)',
      'POWER         running, stopped, deallocated; arc online/offline for Arc machines',
      'IDENTITY      system-assigned, user-assigned only, or none (the extension needs system)',
      'EXTENSION     the Entra login extension: none, succeeded, failed, …',
    ],
  },
  {
    title: 'Marks',
    lines: ['❯  the highlighted row (→ shows it in full)', '↑/↓ N more  rows above and below the window'],
  },
];
