import { Box } from 'ink';
import type { OutcomeRow } from '../../src/machine/services';
import { OUTCOME_INFO } from '../../src/plan/vocabulary';
import { Txt } from './color';
import { cell } from './format';

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
  const shown = rows.slice(0, limit);
  return (
    <Box flexDirection="column">
      {shown.map((r) => (
        <Box key={`${r.user}|${r.vm}|${r.method}`} flexDirection="column">
          <Txt wrap="truncate-end">
            <Txt c={OUTCOME_INFO[r.outcome].colour}>{OUTCOME_INFO[r.outcome].glyph}</Txt>
            {` ${cell(r.user, 24)}${cell(r.method, 16)}${r.message}${r.whyNoMfa ? ` (${r.whyNoMfa})` : ''}`}
          </Txt>
          {reasons ? r.reasons.map((x, i) => <Txt key={x} dim wrap="truncate-end">{`    ${i + 1}. ${x}`}</Txt>) : null}
        </Box>
      ))}
      {rows.length > shown.length ? <Txt dim>{`  +${rows.length - shown.length} more`}</Txt> : null}
    </Box>
  );
}
