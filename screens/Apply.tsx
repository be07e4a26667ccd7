import { Box } from 'ink';
import { useEffect, useState } from 'react';
import type { ApplyFailure, ConnectInfo, FailureDecision } from '../src/machine/services';
import type { ActionProgress } from '../src/machine/state';
import type { Action, Plan } from '../src/plan/types';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { Banner } from './widgets/Banner';
import { ConfirmMenu } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { seconds } from './widgets/format';
import { doneText } from './widgets/plan-text';
import { decisions, leaveWords, resumeWords } from './widgets/resume';
import { ScrollList } from './widgets/ScrollList';

export interface ApplyProps {
  connection?: ConnectInfo;
  plan: Plan;
  actions: Record<string, ActionProgress>;
  pendingFailure?: ApplyFailure;
  /** The clock for running actions' elapsed time. */
  now: number;
  /** Rows of the action list; without it the list fills the terminal. */
  height?: number;
  onDecide: (decision: FailureDecision) => void;
  /** Leave: the runner stops the executor; a later apply resumes from the journal. */
  onQuit: () => void;
}

const GLYPH = {
  waiting: '·',
  running: '◐',
  retrying: '↻',
  done: '✔',
  failed: '✖',
  skipped: '-',
  interrupted: '‖',
} as const;
const COLOUR = {
  waiting: 'gray',
  running: 'cyan',
  retrying: 'yellow',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
  interrupted: 'yellow',
} as const;

export function statusText(
  a: Action,
  s: ActionProgress,
  now: number,
  connection?: Pick<ConnectInfo, 'simulated'>,
): string {
  const retried = s.retries ? `, retried ${s.retries}×` : '';
  switch (s.status) {
    case 'waiting':
      return `${a.summary}: waiting`;
    case 'running':
      return `${a.summary}: running ${seconds(s.startedAt !== undefined ? Math.max(0, now - s.startedAt) : s.elapsedMs)}${retried}${s.message ? ` · ${s.message}` : ''}`;
    case 'retrying':
      return `${a.summary}: retrying (${s.retries})${s.message ? ` · ${s.message}` : ''}`;
    case 'done':
      return `${doneText(a)}${s.alreadyDone ? ' (already done)' : ` (${seconds(s.elapsedMs)}${retried})`}`;
    case 'failed':
      return `${a.summary} failed: ${s.message ?? 'no reason given'}`;
    case 'skipped':
      return `${a.summary}: skipped`;
    case 'interrupted':
      return `${a.summary}: stopped; ${resumeWords(connection)}`;
  }
}

/** One line per action with its live state; a failure asks Retry / Skip / Abort; Ctrl-C asks before leaving. */
export function Apply(p: ApplyProps) {
  const [leaving, setLeaving] = useState(false);
  const DECISIONS = decisions(p.connection);
  const menu = useCursor(DECISIONS.length);
  const failedId = p.pendingFailure?.actionId;
  // Each new failure starts on Retry: a choice made for the previous one must not carry over to this one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when another action fails.
  useEffect(() => {
    menu.set(0);
  }, [failedId]);
  // The list fills the rows the failure menu and the leave prompt leave it, so the frame never outgrows the terminal.
  const fill = useFill(p.height);
  const states = p.plan.actions.map((a) => p.actions[a.id] ?? { status: 'waiting' as const, retries: 0 });
  const firstBusy = states.findIndex((s) => s.status === 'running' || s.status === 'retrying' || s.status === 'failed');
  const done = states.filter((s) => s.status === 'done').length;
  const bindings: Binding[] = leaving
    ? [
        { keys: ['y', 'q'], label: 'leave', run: p.onQuit },
        { keys: ['n', 'esc'], label: 'stay', run: () => setLeaving(false) },
      ]
    : p.pendingFailure
      ? [
          { keys: ['enter'], label: 'choose', run: () => p.onDecide(DECISIONS[menu.cursor]!.value) },
          { keys: ['up'], run: menu.up },
          { keys: ['down'], run: menu.down },
          { keys: ['ctrl-c', 'q'], label: 'leave', run: () => setLeaving(true) },
        ]
      : [{ keys: ['ctrl-c', 'q'], label: 'leave', run: () => setLeaving(true) }];
  const { help } = useKeys(bindings);
  const failed = p.pendingFailure && p.plan.actions.find((a) => a.id === p.pendingFailure?.actionId);
  return (
    <Frame
      title="Applying"
      connection={p.connection}
      bindings={bindings}
      help={help}
      legend={[{ title: 'Marks', lines: Object.entries(GLYPH).map(([status, glyph]) => `${glyph}  ${status}`) }]}
    >
      <Txt>{`${done} of ${p.plan.actions.length} done`}</Txt>
      <ScrollList
        items={p.plan.actions}
        cursor={firstBusy >= 0 ? firstBusy : done}
        fill={fill}
        rowKey={(a) => a.id}
        renderRow={(a, i) => {
          const s = states[i]!;
          return (
            <Txt wrap="truncate-end">
              <Txt c={COLOUR[s.status]}>{GLYPH[s.status]}</Txt>
              {` ${statusText(a, s, p.now, p.connection)}`}
            </Txt>
          );
        }}
      />
      {failed && p.pendingFailure ? (
        <Box marginTop={1} flexDirection="column">
          <Banner
            kind="error"
            text={`${failed.summary} failed: ${p.pendingFailure.message}`}
            hint={p.pendingFailure.hint}
          />
          <Txt bold>What should happen to this action?</Txt>
          <ConfirmMenu options={DECISIONS} cursor={menu.cursor} />
        </Box>
      ) : null}
      {leaving ? (
        <Box marginTop={1} flexDirection="column">
          <Txt bold>Leave now? Running actions stop after their current call.</Txt>
          <Txt dim>{`${leaveWords(p.connection)} (y/n)`}</Txt>
        </Box>
      ) : null}
    </Frame>
  );
}
