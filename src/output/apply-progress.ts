/**
 * The one live progress line `apply` keeps at the bottom of a terminal: done/total, failures, retries, elapsed
 * and an estimate of the time left. 824 changes must not print 1,648 lines; the lines above it are only the
 * failures and other notable events. Pure: the caller feeds events and the clock and writes the text.
 */

export interface ProgressCounts {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  retries: number;
}

export function emptyCounts(total: number): ProgressCounts {
  return { total, done: 0, failed: 0, skipped: 0, retries: 0 };
}

/** "4s", "2m 05s", "1h 03m". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * The status line. The estimate assumes the remaining changes go at the pace of those finished so far; none is
 * given before the first change finishes, when there is no pace to go by.
 */
export function progressLine(c: ProgressCounts, elapsedMs: number): string {
  const finished = c.done + c.failed + c.skipped;
  const parts = [`${c.done}/${c.total} done`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.retries) parts.push(`${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}`);
  parts.push(`${duration(elapsedMs)} elapsed`);
  if (finished > 0 && finished < c.total) {
    parts.push(`about ${duration((elapsedMs / finished) * (c.total - finished))} left`);
  }
  return `▶ ${parts.join(' · ')}`;
}
