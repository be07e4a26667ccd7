/**
 * A windowed list: only the rows that fit are rendered, whatever the length, so 5,000 VMs cost as much as 15.
 * The window keeps the cursor in its middle where it can, and says how many rows lie above and below.
 */

import { Box } from 'ink';
import type { ReactNode } from 'react';
import { groupDigits } from '../../src/core/numbers';
import { Txt } from './color';
import { type Fill, FillBox } from './fill';

export function windowStart(count: number, cursor: number, height: number): number {
  if (count <= height) return 0;
  return Math.min(Math.max(0, cursor - Math.floor(height / 2)), count - height);
}

/**
 * The rows shown: `height` rows of items, or with `fit` at most `height` lines counting the "↑ N more" and
 * "↓ N more" lines too (a list that fills the screen must not push the key bar off it).
 */
export function windowOf(count: number, cursor: number, height: number, fit: boolean): { start: number; size: number } {
  if (count <= height) return { start: 0, size: count };
  if (!fit) return { start: windowStart(count, cursor, height), size: height };
  let size = Math.max(1, height - 1);
  let start = windowStart(count, cursor, size);
  if (start > 0 && start + size < count) {
    size = Math.max(1, height - 2);
    start = windowStart(count, cursor, size);
  }
  return { start, size };
}

export interface ScrollListProps<T> {
  items: readonly T[];
  cursor: number;
  /** Rows of items when the list does not fill the screen. */
  height?: number;
  /** The space the list fills (useFill): its height counts the "more" lines. */
  fill?: Fill;
  renderRow: (item: T, index: number, active: boolean) => ReactNode;
  rowKey: (item: T) => string;
  empty?: string;
}

export function ScrollList<T>({ items, cursor, height, fill, renderRow, rowKey, empty }: ScrollListProps<T>) {
  const body = () => {
    if (items.length === 0) return <Txt dim>{empty ?? 'Nothing to show.'}</Txt>;
    const rows = fill ? fill.height : (height ?? 10);
    const { start, size } = windowOf(items.length, cursor, rows, fill ? !fill.explicit : false);
    const visible = items.slice(start, start + size);
    const below = items.length - start - visible.length;
    return (
      <>
        {start > 0 ? <Txt dim>{`  ↑ ${groupDigits(start)} more`}</Txt> : null}
        {visible.map((item, i) => (
          <Box key={rowKey(item)} flexShrink={0}>
            {renderRow(item, start + i, start + i === cursor)}
          </Box>
        ))}
        {below > 0 ? <Txt dim>{`  ↓ ${groupDigits(below)} more`}</Txt> : null}
      </>
    );
  };
  if (fill) return <FillBox fill={fill}>{body()}</FillBox>;
  return <Box flexDirection="column">{body()}</Box>;
}
