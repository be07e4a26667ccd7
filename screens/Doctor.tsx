import { Box } from 'ink';
import { useState } from 'react';
import type { FindingLike, OutcomeRow } from '../src/machine/services';
import { ACTION_KIND_INFO } from '../src/plan/glyphs-and-wording';
import type { Plan } from '../src/plan/types';
import { type Binding, useKeys } from './use-keys';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { shortTarget } from './widgets/format';
import { OutcomeTable } from './widgets/OutcomeTable';
import { countsLine } from './widgets/plan-text';

export interface DoctorProps {
  user: string;
  vm: string;
  outcomes: readonly OutcomeRow[];
  findings: readonly FindingLike[];
  /** The plan that would fix what is found; shown one key away. */
  remediation?: Plan;
  onQuit: () => void;
}

/** Why sign-in fails or does not prompt for one user and one VM, with the fix one key away. */
export function Doctor(p: DoctorProps) {
  const [showPlan, setShowPlan] = useState(false);
  const bindings: Binding[] = [
    ...(p.remediation
      ? [{ keys: ['p'], label: showPlan ? 'hide the fix' : 'show the fix', run: () => setShowPlan((s) => !s) }]
      : []),
    { keys: ['q', 'esc', 'enter'], label: 'exit', run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame
      title="Doctor"
      question={`What will ${p.user} see when signing in to ${p.vm}?`}
      findings={p.findings}
      bindings={bindings}
      help={help}
    >
      <OutcomeTable rows={p.outcomes} reasons />
      {showPlan && p.remediation ? (
        <Box marginTop={1} flexDirection="column">
          <Txt bold>{countsLine(p.remediation.actions)}</Txt>
          {p.remediation.actions.map((a) => (
            <Txt key={a.id} wrap="truncate-end">
              <Txt c={ACTION_KIND_INFO[a.kind].colour}>{ACTION_KIND_INFO[a.kind].glyph}</Txt>
              {` ${a.summary}  `}
              <Txt dim>{shortTarget(a.target)}</Txt>
            </Txt>
          ))}
          <Txt dim>Apply it: entra-vm-login plan … --out plan.json, then entra-vm-login apply plan.json</Txt>
        </Box>
      ) : null}
    </Frame>
  );
}
