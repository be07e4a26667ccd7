import { Box } from 'ink';
import type { ApplyResult, ConnectInfo, Verification } from '../src/machine/services';
import type { ConnectionMethod, Plan } from '../src/plan/types';
import { type Binding, useKeys } from './use-keys';
import { Banner } from './widgets/Banner';
import { Txt } from './widgets/color';
import { FindingList } from './widgets/FindingList';
import { Frame } from './widgets/Frame';
import { OutcomeTable } from './widgets/OutcomeTable';
import { doneText } from './widgets/plan-text';

export interface SummaryProps {
  connection?: ConnectInfo;
  reason: 'completed' | 'cancelled' | 'interrupted';
  plan?: Plan;
  result?: ApplyResult;
  verification?: Verification;
  onExit: () => void;
}

const NEXT_FOR: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'Open the .rdp file (it sets enablerdsaadauth:i:1) and sign in with your Entra account.',
  'rdp-password': 'Connect with mstsc as AzureAD\\user@domain from a PC joined or registered to this tenant.',
  'bastion-portal': 'In the portal, open the VM, Connect, Bastion, and choose Microsoft Entra ID.',
  'bastion-native': 'Run az network bastion rdp --enable-mfa --name <bastion> -g <group> --target-resource-id <vm>.',
  ssh: 'Run az ssh vm -n <vm> -g <group>.',
};

const REPORT_ONLY_NEXT = 'Check the sign-in logs, then turn the policy on: entra-vm-login --ca-state on';

/** What changed, what is left, what each user will see, and what to do next. */
export function Summary(p: SummaryProps) {
  const bindings: Binding[] = [{ keys: ['enter', 'q', 'esc'], label: 'exit', run: p.onExit }];
  const { help } = useKeys(bindings);
  const byId = new Map((p.plan?.actions ?? []).map((a) => [a.id, a]));
  const changed = [...(p.result?.succeeded ?? []), ...(p.result?.alreadyDone ?? [])].flatMap(
    (id) => byId.get(id) ?? [],
  );
  const failedOrSkipped = (p.result?.failed.length ?? 0) + (p.result?.skipped.length ?? 0);
  const a = p.plan?.answers;
  return (
    <Frame title="Summary" connection={p.connection} bindings={bindings} help={help}>
      {p.reason === 'cancelled' ? <Banner kind="notice" text="Plan cancelled: nothing was written." /> : null}
      {p.reason === 'interrupted' ? (
        <Banner
          kind="notice"
          text="Apply stopped."
          hint="Run apply again to resume: finished actions are not repeated."
        />
      ) : null}
      {p.result ? (
        <Box flexDirection="column">
          <Banner
            kind={failedOrSkipped ? 'notice' : 'success'}
            text={`${changed.length} of ${p.plan?.actions.length ?? 0} changes made${failedOrSkipped ? `, ${failedOrSkipped} not made` : ''}.`}
          />
          {changed.slice(0, 6).map((x) => (
            <Txt key={x.id} wrap="truncate-end">{`  ✔ ${doneText(x)}`}</Txt>
          ))}
          {changed.length > 6 ? <Txt dim>{`  +${changed.length - 6} more`}</Txt> : null}
          {p.result.failed.map((f) => (
            <Txt
              key={f.actionId}
              wrap="truncate-end"
            >{`  ✖ ${byId.get(f.actionId)?.summary ?? f.actionId}: ${f.message}`}</Txt>
          ))}
        </Box>
      ) : null}
      {p.verification ? (
        <Box flexDirection="column">
          <FindingList findings={p.verification.findings} title={`Still to do (${p.verification.findings.length})`} />
          <Box marginTop={1} flexDirection="column">
            <Txt bold>What users will see</Txt>
            <OutcomeTable rows={p.verification.outcomes} />
          </Box>
          {p.verification.rdpFiles.length ? (
            <Txt wrap="truncate-end">{`RDP files written: ${p.verification.rdpFiles.join(', ')}`}</Txt>
          ) : null}
        </Box>
      ) : null}
      {a && p.reason === 'completed' ? (
        <Box marginTop={1} flexDirection="column">
          <Txt bold>Next steps</Txt>
          {a.connections.map((m) => (
            <Txt key={m} wrap="truncate-end">{`  • ${NEXT_FOR[m]}`}</Txt>
          ))}
          {a.caState === 'report-only' && a.ca !== 'none' ? (
            <Txt wrap="truncate-end">{`  • ${REPORT_ONLY_NEXT}`}</Txt>
          ) : null}
        </Box>
      ) : null}
    </Frame>
  );
}
