/** Predicted sign-ins as a compact text table: one line per user × VM × method, then its first reason. */

import { OUTCOME_INFO, type SignInOutcome } from '../plan/glyphs-and-wording';
import { terminalSafeDeep } from '../plan/untrusted';
import { paint } from './ansi';

export interface OutcomeLine {
  user: string;
  vm: string;
  method: string;
  outcome: SignInOutcome;
  message: string;
  reasons: string[];
}

export function renderOutcomesText(input: readonly OutcomeLine[], options: { color: boolean }): string {
  if (input.length === 0) return '';
  const rows = terminalSafeDeep(input);
  const p = paint(options.color);
  const out = [p.bold('What each user will see')];
  for (const r of rows) {
    const info = OUTCOME_INFO[r.outcome];
    out.push(`  ${p.colour(info.colour, info.glyph)} ${r.user} → ${r.vm} (${r.method}): ${r.message}`);
    if (r.outcome !== 'mfa-then-success' && r.reasons[0]) out.push(`      because ${r.reasons[0]}`);
  }
  return `${out.join('\n')}\n`;
}
