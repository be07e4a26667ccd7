/**
 * A step screen drawn from nothing but the step's view model: its questions as form fields, its notes, its
 * table and its warnings. Every step without a layout of its own is drawn by this screen.
 */
import { Box } from 'ink';
import type { StepScreenProps } from './types';
import { useForm } from './use-form';
import { usePanels } from './use-panels';
import { useViewFields } from './use-view-fields';
import { FormRows } from './widgets/FormRows';
import { StepFrame, stepPanelBindings, ViewBody } from './widgets/StepFrame';

export { ViewBody } from './widgets/StepFrame';

export interface StepViewProps extends StepScreenProps {
  width: number;
  /** Rows of the table shown at most; without it the table fills the terminal. */
  height?: number;
}

export function StepViewScreen(p: StepViewProps) {
  const panels = usePanels();
  const rows = useViewFields(p.view.fields ?? [], p.onAnswer);
  const form = useForm(rows, { ...p, extra: stepPanelBindings(p, panels, true), active: !panels.current });
  return (
    <StepFrame screen={p} panels={panels} bindings={form.bindings} help={form.help}>
      {rows.length ? <FormRows rows={rows} cursor={form.cursor} /> : null}
      <Box flexDirection="column" flexGrow={1} marginTop={rows.length ? 1 : 0}>
        <ViewBody view={p.view} width={p.width} height={p.height} />
      </Box>
    </StepFrame>
  );
}
