/**
 * The shared layout of every screen: a header (title, step counter, tenant, simulated banner), the question,
 * the body, a notice, the findings and the key footer. Screens differ only in their body.
 *
 * The frame is exactly as tall as the terminal (less the line the cursor rests on): the header and the key bar
 * never shrink, the body takes the rows between them and is cut, never the bars, when it has more lines than
 * rows. Lists in the body fill what the body's other lines leave (see fill.tsx). A frame taller than the
 * terminal would make Ink redraw the whole screen on every change and push the header into the scrollback.
 */
import { Box, useWindowSize } from 'ink';
import type { ReactNode } from 'react';
import type { ConnectInfo, FindingLike } from '../../src/machine/services';
import { FINDING_CODE_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import { STEPS } from '../../steps/registry';
import type { Binding, HelpState } from '../use-keys';
import { Banner, SIMULATED_TEXT } from './Banner';
import { Txt } from './color';
import { FindingList } from './FindingList';
import { HelpPanel, type HelpSection, KeyBar } from './KeyHelp';

export interface FrameProps {
  title: string;
  /** "Step 2 of 6" when set. */
  step?: number;
  connection?: ConnectInfo;
  question?: string;
  notice?: string;
  findings?: readonly FindingLike[];
  findingLimit?: number;
  /** How the screen opens the findings left out ("f lists them all"), after "+N more". */
  moreFindings?: string;
  bindings: readonly Binding[];
  help: HelpState;
  /** What the `?` panel explains besides the keys: this screen's columns and glyphs. */
  legend?: readonly HelpSection[];
  children?: ReactNode;
}

/** Terminals shorter than this get one line per finding and at most two of them, so lists keep their rows. */
const SHORT = 30;

/** The severity glyphs and finding codes among `findings`, for the help panel. */
export function findingLegend(findings: readonly FindingLike[]): HelpSection[] {
  if (!findings.length) return [];
  const severities = [...new Set(findings.map((f) => f.severity))];
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  return [
    {
      title: 'Finding marks',
      lines: severities.map((s) => `${SEVERITY_INFO[s].glyph}  ${SEVERITY_INFO[s].label.toLowerCase()}`),
    },
    { title: 'Finding codes shown', lines: codes.map((c) => `${c}  ${FINDING_CODE_INFO[c].title}`) },
  ];
}

export function Frame(p: FrameProps) {
  const { rows } = useWindowSize();
  const short = rows < SHORT;
  // Only while the help panel is open: a list of thousands of findings costs nothing per keystroke otherwise.
  const legend = p.help.open ? [...(p.legend ?? []), ...findingLegend(p.findings ?? [])] : [];
  return (
    <Box flexDirection="column" height={Math.max(8, rows - 1)}>
      <Box flexShrink={0}>
        <Txt bold c="cyan" wrap="truncate-end">
          {p.title}
        </Txt>
        {p.step ? <Txt dim>{`  ·  step ${p.step} of ${STEPS.ids.length}`}</Txt> : null}
        {p.connection ? <Txt dim wrap="truncate-end">{`  ·  ${p.connection.tenantName}`}</Txt> : null}
      </Box>
      {p.connection?.simulated ? (
        <Box flexShrink={0}>
          <Banner kind="simulated" text={SIMULATED_TEXT} />
        </Box>
      ) : null}
      {p.help.open ? (
        <HelpPanel bindings={p.bindings} legend={legend} top={p.help.top} />
      ) : (
        <>
          {p.question ? (
            <Box marginTop={1} flexShrink={0}>
              <Txt bold wrap="truncate-end">
                {p.question}
              </Txt>
            </Box>
          ) : null}
          <Box flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden" marginTop={p.question ? 0 : 1}>
            <Box flexDirection="column" flexGrow={1} flexShrink={0}>
              {p.children}
            </Box>
          </Box>
          {p.notice ? (
            <Box marginTop={1} flexShrink={0}>
              <Banner kind="notice" text={p.notice} />
            </Box>
          ) : null}
          {p.findings?.length ? (
            <Box flexShrink={0}>
              <FindingList
                findings={p.findings}
                limit={short ? Math.min(2, p.findingLimit ?? 5) : p.findingLimit}
                lines={short ? 1 : 2}
                more={p.moreFindings}
              />
            </Box>
          ) : null}
        </>
      )}
      <Box flexShrink={0}>
        <KeyBar bindings={p.bindings} help={p.help.open} />
      </Box>
    </Box>
  );
}
