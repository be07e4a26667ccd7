/** The policy review as text (a per-user and per-app table, then the recommendation) and as JSON. */

import type { PolicyReview } from '../checks/policy-review';
import { appName } from '../core/well-known-ids';
import { terminalSafe } from '../plan/untrusted';
import { paint } from './ansi';

const STATE_WORDS: Record<PolicyReview['state'], string> = {
  enabledForReportingButNotEnforced: 'report-only',
  enabled: 'on',
  disabled: 'disabled',
};

const COLUMNS = ['sign-ins', 'satisfied', 'would fail', 'would prompt', 'not covered'] as const;

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The table rows as plain cells: user, app, then the counts. */
export function reviewTable(review: PolicyReview): string[][] {
  return review.rows.map((r) => [
    terminalSafe(r.user),
    appName(r.appId),
    String(r.signIns),
    String(r.counts.satisfied),
    String(r.counts['would-fail']),
    String(r.counts['would-prompt']),
    String(r.counts['not-covered'] + r.counts.unknown),
  ]);
}

export function renderReviewText(
  review: PolicyReview & { truncated?: boolean },
  options: { color: boolean; window: string },
): string {
  const p = paint(options.color);
  const targets = review.targetApps.length > 0 ? review.targetApps.map(appName).join(', ') : 'no VM sign-in app';
  const out = [
    p.bold(`Review of "${terminalSafe(review.policyName)}" (${STATE_WORDS[review.state]}) over ${options.window}`),
    `Targets ${targets}; requires ${review.requirement}. ${review.signInCount} sign-in${review.signInCount === 1 ? '' : 's'} to the VM sign-in apps.`,
    '',
  ];
  if (review.rows.length > 0) {
    const header = ['user', 'app', ...COLUMNS];
    const body = reviewTable(review);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => pad(c, widths[i]!, i >= 2)).join('  ')}`.trimEnd();
    out.push(p.dim(line(header)), ...body.map(line), '');
  }
  if (review.truncated) out.push(p.dim('  (more sign-ins than were read: narrow --since for a complete count)'), '');
  out.push(p.bold('Recommendation'));
  review.recommendation.forEach((r, i) => {
    const mark =
      i === 0 ? p.colour('cyan', '→') : /would fail/.test(r) ? p.colour('red', '✗') : p.colour('yellow', '!');
    out.push(`  ${mark} ${terminalSafe(r)}`);
  });
  return `${out.join('\n')}\n`;
}

export function renderReviewJson(review: PolicyReview & { truncated?: boolean }): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
