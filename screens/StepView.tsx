/**
 * A step screen drawn from nothing but the step's view model: its questions as form fields, its notes, its
 * table and its warnings. Every step without a layout of its own is drawn by this screen.
 */
import { Box } from 'ink';
import type { PrincipalFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { useForm } from './use-form';
import { usePanels } from './use-panels';
import { lookupNotes } from './use-principal-lookup';
import { useViewFields } from './use-view-fields';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { StepFrame, stepPanelBindings, ViewBody } from './widgets/StepFrame';

export { ViewBody } from './widgets/StepFrame';

export interface StepViewProps extends StepScreenProps {
  width: number;
  /** Looks principals up for fields that ask for one (services.lookupPrincipal). */
  onLookup?: (text: string) => Promise<PrincipalFacts[]>;
  /** Rows of the table shown at most; without it the table fills the terminal. */
  height?: number;
}

export function StepViewScreen(p: StepViewProps) {
  const panels = usePanels();
  const rows = useViewFields(p.view.fields ?? [], p.onAnswer, p.onLookup);
  const form = useForm(rows, { ...p, extra: stepPanelBindings(p, panels, true), active: !panels.current });
  return (
    <StepFrame screen={p} panels={panels} bindings={form.bindings} help={form.help}>
      {rows.length ? <FormRows rows={rows} cursor={form.cursor} /> : null}
      {rows.lookup
        ? lookupNotes(rows.lookup).map((n) => (
            <Txt key={n.text} dim={!n.warn} c={n.warn ? 'yellow' : undefined} wrap="truncate-end">
              {n.text}
            </Txt>
          ))
        : null}
      <Box flexDirection="column" flexGrow={1} marginTop={rows.length ? 1 : 0}>
        <ViewBody view={p.view} width={p.width} height={p.height} />
      </Box>
    </StepFrame>
  );
}
