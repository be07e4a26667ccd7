/**
 * After a setup: hand the same configuration to Azure Policy, so that it stays true for every VM at a scope,
 * including VMs created later. The admin picks the scope and whether to deploy or only audit; the plan that
 * follows goes through the same review and confirm gate as the setup's.
 */
import { useState } from 'react';
import type { EnforceChoice as Choice, ConnectInfo } from '../src/machine/services';
import { useCursor } from './use-cursor';
import { type Binding, useKeys } from './use-keys';
import { ConfirmMenu } from './widgets/ConfirmMenu';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';

export interface EnforceChoiceProps {
  connection?: ConnectInfo;
  /** The scopes offered, subscriptions first; from the enforcement view model. */
  scopes: readonly { scope: string; label: string; explain: string }[];
  onChoose: (choice: Choice) => void;
  onBack: () => void;
  onQuit: () => void;
}

const MANAGEMENT_GROUP_HINT =
  'For a management group, run: entra-vm-login enforce --scope /providers/Microsoft.Management/managementGroups/<id>';

export function EnforceChoice(p: EnforceChoiceProps) {
  const menu = useCursor(p.scopes.length);
  const [audit, setAudit] = useState(false);
  const chosen = p.scopes[menu.cursor];
  const bindings: Binding[] = [
    { keys: ['enter'], label: 'plan', run: () => chosen && p.onChoose({ scope: chosen.scope, audit }) },
    { keys: ['a'], label: audit ? 'deploy instead' : 'audit only', run: () => setAudit(!audit) },
    { keys: ['esc'], label: 'back to the summary', run: p.onBack },
    { keys: ['up'], run: menu.up },
    { keys: ['down'], run: menu.down },
    { keys: ['home', 'g'], run: () => menu.set(0) },
    { keys: ['end', 'G'], run: () => menu.set(p.scopes.length - 1) },
    { keys: ['q'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  const options = p.scopes.map((s) => ({ value: s.scope, label: s.label, explain: s.explain }));
  return (
    <Frame
      title="Keep it configured with Azure Policy"
      connection={p.connection}
      question="Where should Azure Policy keep every VM configured for Entra sign-in?"
      bindings={bindings}
      help={help}
    >
      <Txt>
        {audit
          ? 'Audit only: an AuditIfNotExists assignment reports VMs without Entra sign-in and changes none.'
          : 'Deploy: policies add the system-assigned identity and the login extension to every VM, and a remediation task fixes the VMs that exist today.'}
      </Txt>
      <ConfirmMenu options={options} cursor={menu.cursor} />
      <Txt dim>{MANAGEMENT_GROUP_HINT}</Txt>
    </Frame>
  );
}
