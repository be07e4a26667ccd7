/**
 * A step screen drawn from nothing but the step's view model: the screen any step gets until it has its own,
 * and the layout step screens share for their tables.
 */
import type { StepView as StepViewModel } from '../steps/shared/contract';
import type { StepScreenProps } from './types';
import { useForm } from './use-form';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { cell, fitColumns, widest } from './widgets/format';

const TONE = { ok: 'green', warn: 'yellow', error: 'red', muted: 'gray' } as const;

export interface StepViewProps extends StepScreenProps {
  title: string;
  step: number;
  view: StepViewModel;
  width: number;
}

export function StepViewScreen(p: StepViewProps) {
  const form = useForm([], p);
  const { columns, rows } = p.view;
  const [subject = 14, state = 14] = fitColumns(
    [
      {
        want: widest(
          columns.subject,
          rows.map((r) => r.subject),
        ),
        min: 14,
      },
      {
        want: widest(
          columns.state,
          rows.map((r) => r.state),
        ),
        min: 14,
      },
    ],
    p.width -
      2 -
      widest(
        columns.planned,
        rows.map((r) => r.planned),
      ),
  );
  return (
    <Frame
      title={p.title}
      step={p.step}
      connection={p.connection}
      question={p.view.question}
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      {p.view.notes.map((n) => (
        <Txt key={n}>{n}</Txt>
      ))}
      {rows.length ? (
        <Txt
          dim
          wrap="truncate-end"
        >{`  ${cell(columns.subject, subject)}${cell(columns.state, state)}${columns.planned}`}</Txt>
      ) : null}
      {rows.map((r) => (
        <Txt key={`${r.subject}|${r.state}`} wrap="truncate-end">
          {`  ${cell(r.subject, subject, 'middle')}${cell(r.state, state)}`}
          <Txt c={TONE[r.tone]}>{r.planned}</Txt>
        </Txt>
      ))}
    </Frame>
  );
}
