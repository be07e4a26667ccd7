/**
 * Lists that fill the rows the terminal has. The frame is as tall as the terminal; a list's box takes the rows
 * its screen's other lines leave (flex grow from a zero basis, so what the list renders never changes its own
 * size), and the list renders exactly as many rows as the layout gave it. Measured after layout, so the first
 * frame uses `fallback` and the next one the real height.
 */
import { Box, type DOMElement, useBoxMetrics } from 'ink';
import { type ReactNode, type RefObject, useRef } from 'react';

export interface Fill {
  ref: RefObject<DOMElement | null>;
  /** Rows the list may draw: measured, or `explicit` when the screen was given a height. */
  height: number;
  /** True when `height` is the measured space (a list then counts its "more" lines inside it). */
  measured: boolean;
  explicit: boolean;
}

export function useFill(explicit?: number, fallback = 8): Fill {
  const ref = useRef<DOMElement>(null);
  const m = useBoxMetrics(ref);
  if (explicit !== undefined) return { ref, height: explicit, measured: false, explicit: true };
  return { ref, height: m.hasMeasured ? m.height : fallback, measured: m.hasMeasured, explicit: false };
}

/** The box a filling list lives in; with an explicit height it is an ordinary column. */
export function FillBox({ fill, children }: { fill: Fill; children: ReactNode }) {
  if (fill.explicit) return <Box flexDirection="column">{children}</Box>;
  return (
    <Box ref={fill.ref} flexDirection="column" flexGrow={1} flexShrink={1} flexBasis={0} overflow="hidden">
      {children}
    </Box>
  );
}
