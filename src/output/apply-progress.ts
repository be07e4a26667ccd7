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
 * The status line, fitted to the terminal's width: a line wider than the terminal wraps, and redrawing it in
 * place with a carriage return then leaves a copy behind on every tick. When the full words do not fit, the
 * short form is used ("400/824 · 2 failed · 5 retries · 1m 01s · ~1m 04s left"), then the least needed parts go:
 * elapsed time, then the estimate, then retries and skips. Done/total and failures always stay.
 *
 * The estimate assumes the remaining changes go at the pace of those finished so far; none is given before the
 * first change finishes, when there is no pace to go by.
 */
export function progressLine(c: ProgressCounts, elapsedMs: number, width = Number.POSITIVE_INFINITY): string {
  const finished = c.done + c.failed + c.skipped;
  const left = finished > 0 && finished < c.total ? duration((elapsedMs / finished) * (c.total - finished)) : '';
  const retries = c.retries ? `${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}` : '';
  const full = [
    `${c.done}/${c.total} done`,
    c.failed ? `${c.failed} failed` : '',
    c.skipped ? `${c.skipped} skipped` : '',
    retries,
    `${duration(elapsedMs)} elapsed`,
    left ? `about ${left} left` : '',
  ];
  const short = (drop: Set<string>) => [
    `${c.done}/${c.total}`,
    c.failed ? `${c.failed} failed` : '',
    c.skipped && !drop.has('skipped') ? `${c.skipped} skipped` : '',
    retries && !drop.has('retries') ? retries : '',
    drop.has('elapsed') ? '' : duration(elapsedMs),
    left && !drop.has('left') ? `~${left} left` : '',
  ];
  const line = (parts: string[]) => `▶ ${parts.filter(Boolean).join(' · ')}`;
  // One column is kept free: a line exactly as wide as the terminal wraps on some terminals.
  const fits = (text: string) => [...text].length < width;
  const candidates = [
    line(full),
    line(short(new Set())),
    line(short(new Set(['elapsed']))),
    line(short(new Set(['elapsed', 'left']))),
    line(short(new Set(['elapsed', 'left', 'retries', 'skipped']))),
  ];
  return candidates.find(fits) ?? candidates.at(-1)!;
}
