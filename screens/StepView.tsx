/**
 * A step screen drawn from nothing but the step's view model: its questions as form fields, its notes, its
 * table and its warnings. Every step without a layout of its own is drawn by this screen.
 */
import { Box } from 'ink';
import type { StepView as StepViewModel } from '../steps/shared/contract';
import type { StepScreenProps } from './types';
import { useForm } from './use-form';
import { useViewFields } from './use-view-fields';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';
import { ViewTable } from './widgets/ViewTable';

export interface StepViewProps extends StepScreenProps {
  width: number;
  /** Rows of the table shown at most. */
  height?: number;
}

/** The lines under the form: notes, the table and warnings. */
export function ViewBody({ view, width, height }: { view: StepViewModel; width: number; height?: number }) {
  return (
    <>
      {view.notes.map((n) => (
        <Txt key={n}>{n}</Txt>
      ))}
      <ViewTable columns={view.columns} rows={view.rows} width={width} limit={height} />
      {(view.warnings ?? []).map((w) => (
        <Txt key={w} c="yellow" wrap="truncate-end">{`▲ ${w}`}</Txt>
      ))}
    </>
  );
}

export function StepViewScreen(p: StepViewProps) {
  const rows = useViewFields(p.view.fields ?? [], p.onAnswer);
  const form = useForm(rows, p);
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
      {rows.length ? <FormRows rows={rows} cursor={form.cursor} /> : null}
      <Box flexDirection="column" marginTop={rows.length ? 1 : 0}>
        <ViewBody view={p.view} width={p.width} height={p.height} />
      </Box>
    </Frame>
  );
}
