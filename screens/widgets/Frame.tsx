/**
 * The shared layout of every screen: a header (title, step counter, tenant, simulated banner), the question,
 * the body, a notice, the findings and the key footer. Screens differ only in their body.
 */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { ConnectInfo, FindingLike } from '../../src/machine/services';
import { STEPS } from '../../steps/registry';
import type { Binding } from '../use-keys';
import { Banner, SIMULATED_TEXT } from './Banner';
import { Txt } from './color';
import { FindingList } from './FindingList';
import { KeyHelp } from './KeyHelp';

export interface FrameProps {
  title: string;
  /** "Step 2 of 6" when set. */
  step?: number;
  connection?: ConnectInfo;
  question?: string;
  notice?: string;
  findings?: readonly FindingLike[];
  findingLimit?: number;
  bindings: readonly Binding[];
  help: boolean;
  children?: ReactNode;
}

export function Frame(p: FrameProps) {
  return (
    <Box flexDirection="column">
      <Box>
        <Txt bold c="cyan">
          {p.title}
        </Txt>
        {p.step ? <Txt dim>{`  ·  step ${p.step} of ${STEPS.ids.length}`}</Txt> : null}
        {p.connection ? <Txt dim wrap="truncate-end">{`  ·  ${p.connection.tenantName}`}</Txt> : null}
      </Box>
      {p.connection?.simulated ? <Banner kind="simulated" text={SIMULATED_TEXT} /> : null}
      {p.question ? (
        <Box marginTop={1}>
          <Txt bold>{p.question}</Txt>
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={p.question ? 0 : 1}>
        {p.children}
      </Box>
      {p.notice ? (
        <Box marginTop={1}>
          <Banner kind="notice" text={p.notice} />
        </Box>
      ) : null}
      {p.findings ? <FindingList findings={p.findings} limit={p.findingLimit} /> : null}
      <KeyHelp bindings={p.bindings} open={p.help} />
    </Box>
  );
}
