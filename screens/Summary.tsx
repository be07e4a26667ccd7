import { Box, useWindowSize } from 'ink';
import type { ApplyResult, ConnectInfo, Verification } from '../src/machine/services';
import type { Plan } from '../src/plan/types';
import { type Binding, useKeys } from './use-keys';
import { useListNav } from './use-list-nav';
import { usePanels } from './use-panels';
import { Banner } from './widgets/Banner';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';
import { useFill } from './widgets/fill';
import { PanelView } from './widgets/PanelView';
import { REPORT_LEGEND, ReportLines } from './widgets/report-lines';
import { ScrollList } from './widgets/ScrollList';

export interface SummaryProps {
  connection?: ConnectInfo;
  reason: 'completed' | 'cancelled' | 'interrupted';
  plan?: Plan;
  result?: ApplyResult;
  verification?: Verification;
  /** Rows of the scrolling report; defaults to what the terminal leaves. */
  height?: number;
  onExit: () => void;
  /** Offered after a setup: hand the same configuration to Azure Policy for every VM at a scope. */
  onEnforce?: () => void;
}

/**
 * What changed, what is left, what each user will see, and what to do next: one report that scrolls, so a
 * large apply never pushes the header off the screen and nothing is hidden behind "+N more".
 */
export function Summary(p: SummaryProps) {
  const { columns } = useWindowSize();
  const fill = useFill(p.height);
  const panels = usePanels();
  const width = Math.max(30, columns - 4);
  const report = new ReportLines(width);
  const { lines } = report;
  report.applyResult(p.plan, p.result, p.verification?.notAsPlanned);
  report.verification(p.plan, p.verification, columns);
  report.chains(p.verification?.chains ?? [], columns);
  if (p.plan && p.reason === 'completed') report.nextSteps(p.plan, p.verification);

  const nav = useListNav(lines.length, fill.height);
  const current = lines[nav.cursor];
  const open = () => {
    if (current?.detail) panels.openDetail(current.detail());
  };
  const bindings: Binding[] = [
    { keys: ['enter', 'q', 'esc'], label: 'exit', run: p.onExit },
    ...(p.onEnforce ? [{ keys: ['e'], label: 'keep it configured with Azure Policy', run: p.onEnforce }] : []),
    { keys: ['right'], label: current?.detail ? 'details' : undefined, run: open },
    ...nav.bindings,
    { keys: ['space'], run: () => nav.pageDown(fill.height) },
  ];
  const { help } = useKeys(bindings, { active: !panels.current });
  if (panels.current) {
    return (
      <PanelView panel={panels.current} panels={panels} parent="Summary" connection={p.connection} onQuit={p.onExit} />
    );
  }
  return (
    <Frame title="Summary" connection={p.connection} bindings={bindings} help={help} legend={REPORT_LEGEND}>
      {p.reason === 'cancelled' ? <Banner kind="notice" text="Plan cancelled: nothing was written." /> : null}
      {p.reason === 'interrupted' ? (
        <Banner
          kind="notice"
          text="Apply stopped: running actions finish their current call, then the wizard ends."
          hint="Run the wizard again with the same choices: what is done is found and not planned again."
        />
      ) : null}
      {lines.length ? (
        <ScrollList
          items={lines}
          cursor={nav.cursor}
          fill={fill}
          rowKey={(r) => r.key}
          renderRow={(r, _i, active) => (
            <Box>
              <Txt c="cyan" bold>
                {active ? '❯' : ' '}
              </Txt>
              {r.node}
            </Box>
          )}
        />
      ) : null}
    </Frame>
  );
}
