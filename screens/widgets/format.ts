/** Fixed-width cells for table rows rendered as one string: fast for long lists and stable in goldens. */
export function cell(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return `${text.slice(0, Math.max(0, width - 2))}… `.slice(0, width);
  return text.padEnd(width);
}

export function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The last segment of an ARM id or Graph path: what a person calls the target. */
export function shortTarget(target: string): string {
  if (target === 'tenant') return 'tenant';
  const parts = target.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? target;
}
