/** Figures, their budgets and the printed table. Being over budget is reported, never fatal. */

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | 'KB' | 'requests' | 'per install' | '×';
  /** The figure must be at most this. */
  budget?: number;
  /** How many runs the value is the median of. */
  runs: number;
  note?: string;
}

export type Verdict = 'within' | 'over' | '';

export function verdict(f: Figure): Verdict {
  if (f.budget === undefined || Number.isNaN(f.value)) return '';
  return f.value <= f.budget ? 'within' : 'over';
}

function format(value: number, unit: Figure['unit']): string {
  if (Number.isNaN(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return `${Math.round(value)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
    case 'KB':
      return `${value.toFixed(1)} KB`;
    case 'requests':
      return `${Math.round(value)}`;
    case 'per install':
      return value.toFixed(2);
    case '×':
      return `${value.toFixed(2)}×`;
  }
}

export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    format(f.value, f.unit),
    f.budget === undefined ? '' : `≤ ${format(f.budget, f.unit)}`,
    verdict(f),
    f.runs > 1 ? `median of ${f.runs}` : f.runs === 1 ? '1 run' : '',
    f.note ?? '',
  ]);
  const head = ['section', 'figure', 'value', 'budget', '', 'runs', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function summaryLine(figures: readonly Figure[]): string {
  const budgeted = figures.filter((f) => verdict(f) !== '');
  const over = budgeted.filter((f) => verdict(f) === 'over');
  return over.length === 0
    ? `All ${budgeted.length} budgeted figures are within budget.`
    : `${over.length} of ${budgeted.length} budgeted figures are over budget: ${over.map((f) => `${f.section} ${f.name}`).join('; ')}.`;
}
