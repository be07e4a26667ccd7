import { useWindowSize } from 'ink';
import { type ReactNode, useState } from 'react';
import type { ApplyResult, ConnectInfo, Verification } from '../src/machine/services';
import { SEVERITY_INFO } from '../src/plan/glyphs-and-wording';
import { goalStatus } from '../src/plan/goal';
import type { ConnectionMethod, Plan } from '../src/plan/types';
import { type Binding, useKeys } from './use-keys';
import { Banner } from './widgets/Banner';
import { Txt } from './widgets/color';
import { findingText, sortFindings } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { clampLines } from './widgets/format';
import { outcomeLines } from './widgets/OutcomeTable';
import { doneText } from './widgets/plan-text';
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
}

const NEXT_FOR: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'Open the .rdp file (it sets enablerdsaadauth:i:1) and sign in with your Entra account.',
  'rdp-password': 'Connect with mstsc as AzureAD\\user@domain from a PC joined or registered to this tenant.',
  'bastion-portal': 'In the portal, open the VM, Connect, Bastion, and choose Microsoft Entra ID.',
  'bastion-native': 'Run az network bastion rdp --enable-mfa --name <bastion> -g <group> --target-resource-id <vm>.',
  ssh: 'Run az ssh vm -n <vm> -g <group>.',
};

/** The step with the real names when verification found a VM the method reaches; the general words if not. */
function nextStep(method: ConnectionMethod, v: Verification | undefined): string {
  const c = v?.connectCommands?.find((x) => x.method === method);
  if (!c || method === 'rdp-web-account' || method === 'rdp-password') return NEXT_FOR[method];
  const others = c.more > 0 ? ` (the same for the ${c.more} other VM${c.more === 1 ? '' : 's'}, with their names)` : '';
  return method === 'bastion-portal'
    ? `Open ${c.command}, then Connect, Bastion, and choose Microsoft Entra ID${others}.`
    : `Run ${c.command}${others}.`;
}

type Row = { key: string; node: ReactNode };

/**
 * What changed, what is left, what each user will see, and what to do next: one report that scrolls, so a
 * large apply never pushes the header off the screen and nothing is hidden behind "+N more".
 */
export function Summary(p: SummaryProps) {
  const { columns, rows: termRows } = useWindowSize();
  const height = p.height ?? Math.max(4, termRows - 8);
  const [top, setTop] = useState(0);
  const width = Math.max(30, columns - 4);
  const lines: Row[] = [];
  const blank = (key: string) => lines.push({ key, node: <Txt> </Txt> });
  const wrapped = (key: string, prefix: string, text: string, max = 3) =>
    clampLines(text, width, max).forEach((line, i) => {
      lines.push({
        key: `${key}.${i}`,
        node: <Txt wrap="truncate-end">{`${i === 0 ? prefix : ' '.repeat(prefix.length)}${line}`}</Txt>,
      });
    });

  const byId = new Map((p.plan?.actions ?? []).map((a) => [a.id, a]));
  const changed = [...(p.result?.succeeded ?? []), ...(p.result?.alreadyDone ?? [])].flatMap(
    (id) => byId.get(id) ?? [],
  );
  const failedOrSkipped = (p.result?.failed.length ?? 0) + (p.result?.skipped.length ?? 0);
  if (p.result) {
    const text = `${changed.length} of ${p.plan?.actions.length ?? 0} changes made${failedOrSkipped ? `, ${failedOrSkipped} not made` : ''}.`;
    lines.push({ key: 'result', node: <Banner kind={failedOrSkipped ? 'notice' : 'success'} text={text} /> });
    // What was not done comes first: it is what the admin has to act on.
    for (const f of p.result.failed)
      wrapped(`x:${f.actionId}`, '  ✖ ', `${byId.get(f.actionId)?.summary ?? f.actionId}: ${f.message}`);
    for (const id of p.result.skipped) wrapped(`s:${id}`, '  - ', `${byId.get(id)?.summary ?? id}: skipped`);
    for (const x of changed)
      lines.push({ key: `c:${x.id}`, node: <Txt wrap="truncate-end">{`  ✔ ${doneText(x)}`}</Txt> });
  }
  const v = p.verification;
  if (v) {
    if (v.findings.length) {
      blank('b1');
      lines.push({ key: 'todo', node: <Txt bold>{`Still to do (${v.findings.length})`}</Txt> });
      sortFindings(v.findings).forEach((f, i) => {
        wrapped(`f${i}`, `${SEVERITY_INFO[f.severity].glyph} `, findingText(f), 2);
      });
    }
    if (v.outcomes.length) {
      blank('b2');
      lines.push({ key: 'see', node: <Txt bold>What users will see</Txt> });
      for (const l of outcomeLines(v.outcomes, columns)) lines.push({ key: `o:${l.key}`, node: l.node });
    }
    if (v.rdpFiles.length) {
      blank('b3');
      lines.push({ key: 'rdp', node: <Txt bold>{`RDP files written (${v.rdpFiles.length})`}</Txt> });
      for (const f of v.rdpFiles) lines.push({ key: `r:${f}`, node: <Txt wrap="truncate-start">{`  ${f}`}</Txt> });
    }
  }
  const a = p.plan?.answers;
  if (a && p.reason === 'completed') {
    blank('b4');
    lines.push({ key: 'next', node: <Txt bold>Next steps</Txt> });
    const enforce = p.plan && goalStatus(p.plan).enforce; // MFA not yet enforced: for whom, why, the one command
    if (enforce) {
      wrapped('n:ro', '  ! ', `MFA is not yet enforced for ${enforce.who}: ${enforce.why}. ${enforce.review}`, 6);
      wrapped('n:ro2', '    ', enforce.command, 8);
    }
    for (const m of a.connections) wrapped(`n:${m}`, '  • ', nextStep(m, p.verification), 4);
  }
  const maxTop = Math.max(0, lines.length - height);
  const start = Math.min(top, maxTop);
  const scroll = (by: number) => setTop(Math.max(0, Math.min(maxTop, start + by)));
  const bindings: Binding[] = [
    { keys: ['enter', 'q', 'esc'], label: 'exit', run: p.onExit },
    ...(lines.length > height
      ? [
          { keys: ['pagedown', 'space'], label: 'scroll', run: () => scroll(height) },
          { keys: ['pageup'], run: () => scroll(-height) },
          { keys: ['down'], run: () => scroll(1) },
          { keys: ['up'], run: () => scroll(-1) },
        ]
      : []),
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame title="Summary" connection={p.connection} bindings={bindings} help={help}>
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
          cursor={start + Math.floor(height / 2)}
          height={height}
          rowKey={(r) => r.key}
          renderRow={(r) => r.node}
        />
      ) : null}
    </Frame>
  );
}
