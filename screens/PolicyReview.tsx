import { Box } from 'ink';
import type { ConnectInfo } from '../src/machine/services';
import type { PolicyReviewView } from '../steps/conditional-access/review-view';
import { type Binding, useKeys } from './use-keys';
import { useListNav } from './use-list-nav';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { ScrollList } from './widgets/ScrollList';

export interface PolicyReviewProps {
  connection?: ConnectInfo;
  view: PolicyReviewView;
  /** Rows of the per-user list; without it the list fills the terminal. */
  height?: number;
  onNext: () => void;
  onBack: () => void;
  onQuit: () => void;
}

const TONE = { ok: 'green', warn: 'yellow', error: 'red' } as const;
const MARK = { ok: '✓', warn: '!', error: '✗' } as const;

/** Before a report-only policy is turned on: who it would have required MFA of, blocked, or missed. */
export function PolicyReview(p: PolicyReviewProps) {
  const fill = useFill(p.height);
  const list = useListNav(p.view.rows.length, fill.height);
  const bindings: Binding[] = [
    { keys: ['enter'], label: 'go on to confirm', run: p.onNext },
    { keys: ['esc', 'b'], label: 'back to the plan', run: p.onBack },
    ...list.bindings,
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  const width = Math.max(0, ...p.view.rows.map((r) => r.user.length));
  return (
    <Frame
      title="Review before turning on"
      connection={p.connection}
      question={p.view.question}
      bindings={bindings}
      help={help}
    >
      {p.view.status ? <Txt dim>{p.view.status}</Txt> : null}
      {p.view.headline ? <Txt bold>{`→ ${p.view.headline}`}</Txt> : null}
      {p.view.rows.length > 0 ? (
        <ScrollList
          items={p.view.rows}
          cursor={list.cursor}
          fill={fill}
          rowKey={(r) => `${r.user}|${r.app}`}
          renderRow={(r) => (
            <Txt>
              <Txt c={TONE[r.tone]}>{MARK[r.tone]}</Txt>
              {` ${r.user.padEnd(width)}  ${r.app}: ${r.counts}`}
            </Txt>
          )}
        />
      ) : null}
      <Box flexDirection="column">
        {p.view.notes.map((n) => (
          <Txt key={n.text} c={n.tone === 'error' ? 'red' : 'yellow'}>
            {`${n.tone === 'error' ? '✗' : '!'} ${n.text}`}
          </Txt>
        ))}
      </Box>
    </Frame>
  );
}
