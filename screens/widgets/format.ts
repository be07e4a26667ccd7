/**
 * Fixed-width cells for table rows rendered as one string: fast for long lists and stable in goldens.
 * Invariant: a cell is exactly `width` characters and its last one is always a space, so adjacent columns
 * never run together ("vm-ubuntu-web-01SystemAssigned").
 */
import { groupDigits } from '../../src/core/numbers';

export function cell(text: string, width: number, how: 'end' | 'middle' = 'end'): string {
  if (width <= 0) return '';
  return `${truncate(text, width - 1, how)} `.padEnd(width);
}

/**
 * `text` in at most `width` characters. `middle` keeps both ends ("vm-reporti…weu-01"): VM names in one fleet
 * often share a prefix and differ only in their last characters.
 */
export function truncate(text: string, width: number, how: 'end' | 'middle' = 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, Math.max(0, width));
  if (how === 'end') return `${text.slice(0, width - 1)}…`;
  const tail = Math.floor((width - 1) / 2);
  return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
}

export interface ColumnSpec {
  /** Widest content plus its gap; the column never grows past it. */
  want: number;
  /** Narrowest useful width (gap included). */
  min: number;
}

/**
 * Column widths that fit `total`: every column starts at its minimum, then the spare room goes to columns in
 * the order given (the first one is the most important), each up to what it wants. Widths always sum to at
 * most `total` when the minimums fit.
 */
export function fitColumns(specs: readonly ColumnSpec[], total: number): number[] {
  const widths = specs.map((s) => Math.min(s.min, s.want));
  let spare = total - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < specs.length && spare > 0; i++) {
    const grow = Math.min(spare, specs[i]!.want - widths[i]!);
    if (grow > 0) {
      widths[i]! += grow;
      spare -= grow;
    }
  }
  return widths;
}

/** The widest of `texts` plus one space of gap, at least the header's. */
export function widest(header: string, texts: Iterable<string>): number {
  let w = header.length;
  for (const t of texts) if (t.length > w) w = t.length;
  return w + 1;
}

/**
 * Splits `text` into at most `lines` lines of at most `width` characters, breaking at spaces; the last line
 * ends with `…` when text is left over. Lets findings show their whole message in a bounded height.
 */
export function clampLines(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest && out.length < lines) {
    if (rest.length <= width) {
      out.push(rest);
      rest = '';
      break;
    }
    if (out.length === lines - 1) {
      out.push(truncate(rest, width));
      rest = '';
      break;
    }
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 3 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return out;
}

export function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/** The last segment of an ARM id or Graph path: what a person calls the target. */
export function shortTarget(target: string): string {
  if (target === 'tenant') return 'tenant';
  const parts = target.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? target;
}

/** True for an ARM resource id (a VM, a resource group, a subscription), false for Graph paths and `tenant`. */
export function isArmId(target: string): boolean {
  return /^\/subscriptions\//i.test(target);
}
