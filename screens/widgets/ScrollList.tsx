/**
 * A windowed list: only `height` rows are rendered, whatever the length, so 5,000 VMs cost as much as 15.
 * The window keeps the cursor in its middle third where it can, and says how many rows lie above and below.
 */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { Txt } from './color';

export function windowStart(count: number, cursor: number, height: number): number {
  if (count <= height) return 0;
  return Math.min(Math.max(0, cursor - Math.floor(height / 2)), count - height);
}

export interface ScrollListProps<T> {
  items: readonly T[];
  cursor: number;
  height: number;
  renderRow: (item: T, index: number, active: boolean) => ReactNode;
  rowKey: (item: T) => string;
  empty?: string;
}

export function ScrollList<T>({ items, cursor, height, renderRow, rowKey, empty }: ScrollListProps<T>) {
  if (items.length === 0) return <Txt dim>{empty ?? 'Nothing to show.'}</Txt>;
  const start = windowStart(items.length, cursor, height);
  const visible = items.slice(start, start + height);
  const below = items.length - start - visible.length;
  return (
    <Box flexDirection="column">
      {start > 0 ? <Txt dim>{`  ↑ ${start.toLocaleString('en-US')} more`}</Txt> : null}
      {visible.map((item, i) => (
        <Box key={rowKey(item)}>{renderRow(item, start + i, start + i === cursor)}</Box>
      ))}
      {below > 0 ? <Txt dim>{`  ↓ ${below.toLocaleString('en-US')} more`}</Txt> : null}
    </Box>
  );
}
