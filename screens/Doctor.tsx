/**
 * The doctor's report inside the wizard: what the user sees per connection method, the sign-in chain where it
 * stops, the user's recent sign-ins beside the prediction, what is wrong, and the fix, which goes on into the same
 * plan review → confirm → apply as setting VMs up. One report that scrolls, so nothing hides behind "+N more".
 */
import { Box, useWindowSize } from 'ink';
import type { ReactNode } from 'react';
import type { ConnectInfo, DoctorResult } from '../src/machine/services';
import { paint } from '../src/output/ansi';
import { renderChainLines } from '../src/output/chain';
import { renderEvidenceText } from '../src/output/evidence';
import { ACTION_KIND_INFO, SEVERITY_INFO } from '../src/plan/glyphs-and-wording';
import { type Binding, useKeys } from './use-keys';
import { useListNav } from './use-list-nav';
import { Txt } from './widgets/color';
import { findingText, sortFindings } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { clampLines } from './widgets/format';
import { outcomeLines } from './widgets/OutcomeTable';
import { countsLine } from './widgets/plan-text';
import { ScrollList } from './widgets/ScrollList';

export interface DoctorProps {
  connection?: ConnectInfo;
  result: DoctorResult;
  /** Rows of the scrolling report; defaults to what the terminal leaves. */
  height?: number;
  /** Why `enter` did not go on (no change fixes it). */
  notice?: string;
  onFix: () => void;
  onBack: () => void;
  onQuit: () => void;
}

type Row = { key: string; node: ReactNode };

export function Doctor(p: DoctorProps) {
  const { columns } = useWindowSize();
  const fill = useFill(p.height);
  const width = Math.max(40, columns - 4);
  const r = p.result;
  const lines: Row[] = [];
  const blank = (key: string) => lines.push({ key, node: <Txt> </Txt> });
  const plain = (key: string, text: string, bold = false) =>
    lines.push({
      key,
      node: (
        <Txt bold={bold} wrap="truncate-end">
          {text}
        </Txt>
      ),
    });
  const wrapped = (key: string, prefix: string, text: string, max = 4) =>
    clampLines(text, width - prefix.length, max).forEach((line, i) => {
      plain(`${key}.${i}`, `${i === 0 ? prefix : ' '.repeat(prefix.length)}${line}`);
    });

  if (r.headline) {
    wrapped('head', '', r.headline, 3);
    blank('bh');
  }
  plain('see', 'What they see', true);
  for (const l of outcomeLines(r.outcomes, columns)) lines.push({ key: `o:${l.key}`, node: l.node });
  for (const [i, chain] of r.chains.entries()) {
    blank(`bc${i}`);
    renderChainLines(chain, { color: false, width }).forEach((line, j) => {
      plain(`c${i}.${j}`, line);
    });
  }
  if (r.evidence) {
    blank('be');
    // The evidence section as `doctor` prints it, without colour: its glyphs and words carry the meaning.
    renderEvidenceText(r.evidence, paint(false))
      .filter((line) => line !== '')
      .forEach((line, i) => {
        const indent = line.match(/^ */)![0];
        wrapped(`e${i}`, indent, line.slice(indent.length), 3);
      });
  }
  if (r.findings.length > 0) {
    blank('bf');
    plain('wrong', `What is wrong (${r.findings.length})`, true);
    sortFindings(r.findings).forEach((f, i) => {
      wrapped(`f${i}`, `${SEVERITY_INFO[f.severity].glyph} `, findingText(f), 3);
    });
  }
  blank('bx');
  const fixable = r.plan.actions.length > 0;
  plain('fix', fixable ? `The fix: ${countsLine(r.plan.actions).replace(/^Plan: /, '')}` : 'The fix', true);
  if (!fixable) wrapped('nofix', '  ', 'No change this tool makes fixes this: follow the findings above.');
  for (const a of r.plan.actions) {
    wrapped(`a:${a.id}`, `  ${ACTION_KIND_INFO[a.kind].glyph} `, a.summary, 2);
  }

  const nav = useListNav(lines.length, fill.height);
  const bindings: Binding[] = [
    ...(fixable ? [{ keys: ['enter', 'f'], label: 'review the fix', run: p.onFix }] : []),
    { keys: ['esc'], label: 'back', run: p.onBack },
    { keys: ['q'], label: 'quit', run: p.onQuit },
    ...nav.bindings,
    { keys: ['space'], run: () => nav.pageDown(fill.height) },
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame
      title="Doctor"
      connection={p.connection}
      question={`Why ${r.user} cannot sign in to ${r.vm}, or is not asked for MFA`}
      notice={p.notice}
      bindings={bindings}
      help={help}
    >
      <ScrollList
        items={lines}
        cursor={nav.cursor}
        fill={fill}
        rowKey={(row) => row.key}
        renderRow={(row, _i, active) => (
          <Box>
            <Txt c="cyan" bold>
              {active ? '❯ ' : '  '}
            </Txt>
            {row.node}
          </Box>
        )}
      />
    </Frame>
  );
}
