import { Box, useWindowSize } from 'ink';
import type { ReactNode } from 'react';
import type { OutcomeRow } from '../../src/machine/services';
import { OUTCOME_INFO } from '../../src/plan/glyphs-and-wording';
import { Txt } from './color';
import { cell, clampLines, widest } from './format';

const WHY_NO_MFA: Record<string, string> = {
  'no-policy': 'no policy applies',
  'report-only': 'the policy is report-only',
  excluded: 'excluded from the policy',
  'mfa-in-token': 'MFA already in the token',
  'device-satisfies': 'the device satisfies the policy',
};

/** What the user sees and, when there is no MFA prompt, why: "Your credentials did not work". */
export function outcomeText(r: OutcomeRow): string {
  const why = r.whyNoMfa ? (WHY_NO_MFA[r.whyNoMfa] ?? r.whyNoMfa) : '';
  return why && !r.message.includes(why) ? `${r.message} (${why})` : r.message;
}

export type Line = { key: string; node: ReactNode };

/**
 * The predicted sign-ins as single-terminal-line rows (for a table or a scrolling report), grouped under
 * each VM's name: user, method, then what the user sees over at most two lines. With `reasons`, the chain of
 * reasons follows each row.
 */
export function outcomeLines(rows: readonly OutcomeRow[], columns: number, reasons = false): Line[] {
  const out: Line[] = [];
  const userW = Math.min(
    Math.max(
      24,
      widest(
        'USER',
        rows.map((r) => r.user),
      ),
    ),
    Math.max(16, Math.floor(columns / 3)),
  );
  const methodW = widest(
    'METHOD',
    rows.map((r) => r.method),
  );
  const textW = Math.max(20, columns - 2 - userW - methodW);
  const indent = ' '.repeat(2 + userW + methodW);
  out.push({
    key: 'header',
    node: <Txt dim wrap="truncate-end">{`  ${cell('USER', userW)}${cell('METHOD', methodW)}WHAT THEY SEE`}</Txt>,
  });
  const vms = [...new Set(rows.map((r) => r.vm))];
  for (const vm of vms) {
    out.push({
      key: `vm:${vm}`,
      node: (
        <Txt bold wrap="truncate-end">
          {vm}
        </Txt>
      ),
    });
    for (const r of rows.filter((x) => x.vm === vm)) {
      const key = `${r.user}|${r.vm}|${r.method}`;
      const info = OUTCOME_INFO[r.outcome];
      const [first = '', ...more] = clampLines(outcomeText(r), textW, 2);
      out.push({
        key,
        node: (
          <Txt wrap="truncate-end">
            <Txt c={info.colour}>{info.glyph}</Txt>
            {` ${cell(r.user, userW, 'middle')}${cell(r.method, methodW)}${first}`}
          </Txt>
        ),
      });
      more.forEach((line, i) => {
        out.push({ key: `${key}:m${i}`, node: <Txt wrap="truncate-end">{`${indent}${line}`}</Txt> });
      });
      if (reasons) {
        r.reasons.forEach((x, i) => {
          out.push({ key: `${key}:r${i}`, node: <Txt dim wrap="truncate-end">{`    ${i + 1}. ${x}`}</Txt> });
        });
      }
    }
  }
  return out;
}

/** Predicted sign-in per user × VM × method; `reasons` adds the chain of reasons under each row. */
export function OutcomeTable({
  rows,
  reasons = false,
  limit = 8,
}: {
  rows: readonly OutcomeRow[];
  reasons?: boolean;
  limit?: number;
}) {
  const { columns } = useWindowSize();
  const shown = rows.slice(0, limit);
  return (
    <Box flexDirection="column">
      {outcomeLines(shown, columns, reasons).map((l) => (
        <Box key={l.key}>{l.node}</Box>
      ))}
      {rows.length > shown.length ? <Txt dim>{`  +${rows.length - shown.length} more`}</Txt> : null}
    </Box>
  );
}
