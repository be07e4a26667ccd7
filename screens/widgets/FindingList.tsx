import { Box, useWindowSize } from 'ink';
import { useMemo } from 'react';
import type { FindingLike } from '../../src/machine/services';
import { FINDING_CODE_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import { Txt } from './color';
import { clampLines } from './format';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** "Title: message", without the title when the message already starts with it. */
export function findingText(f: FindingLike): string {
  const title = FINDING_CODE_INFO[f.code].title;
  return f.message.toLowerCase().startsWith(title.toLowerCase()) ? f.message : `${title}: ${f.message}`;
}

/** Errors first, then warnings, then information. */
export function sortFindings(findings: readonly FindingLike[]): FindingLike[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** One finding: its severity glyph and its text over at most `lines` lines of the terminal's width. */
export function FindingRow({ finding, width, lines = 2 }: { finding: FindingLike; width: number; lines?: number }) {
  const s = SEVERITY_INFO[finding.severity];
  const [first = '', ...rest] = clampLines(findingText(finding), Math.max(20, width - 2), lines);
  return (
    <Box flexDirection="column">
      <Txt wrap="truncate-end">
        <Txt c={s.colour}>{s.glyph}</Txt>
        {` ${first}`}
      </Txt>
      {rest.map((line) => (
        <Txt key={line} wrap="truncate-end">{`  ${line}`}</Txt>
      ))}
    </Box>
  );
}

/** Findings, errors first, each over at most `lines` lines; at most `limit` findings, then "+N more". */
export function FindingList({
  findings,
  limit = 5,
  lines = 2,
  title,
  more,
}: {
  findings: readonly FindingLike[];
  limit?: number;
  lines?: number;
  title?: string;
  /** How to open the ones left out, after "+N more" ("f lists them all"). */
  more?: string;
}) {
  const { columns } = useWindowSize();
  // Sorted once per list, not per frame: a fleet's findings run to thousands and a keystroke redraws the frame.
  const sorted = useMemo(() => sortFindings(findings), [findings]);
  if (findings.length === 0) return null;
  const shown = sorted.slice(0, limit);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Txt bold>{title ?? `Findings (${findings.length})`}</Txt>
      {shown.map((f) => (
        <FindingRow key={`${f.code}:${f.target}`} finding={f} width={columns} lines={lines} />
      ))}
      {sorted.length > shown.length ? (
        <Txt dim>{`  +${sorted.length - shown.length} more${more ? `: ${more}` : ''}`}</Txt>
      ) : null}
    </Box>
  );
}
