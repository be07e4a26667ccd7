import { Box } from 'ink';
import type { FindingLike } from '../../src/machine/services';
import { FINDING_CODE_INFO, SEVERITY_INFO } from '../../src/plan/vocabulary';
import { Txt } from './color';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings, errors first, each with its severity glyph, title and message; at most `limit` lines. */
export function FindingList({
  findings,
  limit = 5,
  title,
}: {
  findings: readonly FindingLike[];
  limit?: number;
  title?: string;
}) {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const shown = sorted.slice(0, limit);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Txt bold>{title ?? `Findings (${findings.length})`}</Txt>
      {shown.map((f) => {
        const s = SEVERITY_INFO[f.severity];
        return (
          <Txt key={`${f.code}:${f.target}`} wrap="truncate-end">
            <Txt c={s.colour}>{s.glyph}</Txt>
            {` ${FINDING_CODE_INFO[f.code].title}: ${f.message}`}
          </Txt>
        );
      })}
      {sorted.length > shown.length ? <Txt dim>{`  +${sorted.length - shown.length} more`}</Txt> : null}
    </Box>
  );
}
