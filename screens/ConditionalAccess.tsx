import { Box } from 'ink';
import { useState } from 'react';
import { appsForConnection } from '../src/checks/ca-evaluator';
import { appName } from '../src/core/well-known-ids';
import { CA_STRENGTHS, type CaStrength } from '../src/plan/answers';
import type { CaPolicyFacts } from '../src/plan/snapshot';
import type { ConnectionMethod } from '../src/plan/types';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';

export interface ConditionalAccessProps extends StepScreenProps {
  policies: readonly CaPolicyFacts[];
  securityDefaultsEnabled: boolean;
  licenceP1: boolean;
  /** The selected VMs' OS types: which sign-in apps a connection method reaches depends on them. */
  osTypes: readonly ('Windows' | 'Linux')[];
}

/** The apps the policy must target: the same mapping the CA step plans with. */
function targetApps(connections: readonly ConnectionMethod[], osTypes: readonly ('Windows' | 'Linux')[]): string[] {
  const ids = connections.flatMap((c) => osTypes.flatMap((os) => appsForConnection(c, os)));
  return [...new Set(ids)].map(appName);
}

const STATE_TEXT: Record<CaPolicyFacts['state'], string> = {
  enabled: 'on',
  disabled: 'off',
  enabledForReportingButNotEnforced: 'report-only',
};

/** The policy to require: strength, state, break-glass exclusions, and the tenant settings that defeat it. */
export function ConditionalAccess(p: ConditionalAccessProps) {
  const [exclusion, setExclusion] = useState('');
  const a = p.answers;
  const ca = a.ca ?? 'mfa';
  const state = a.caState ?? 'report-only';
  const exclude = a.exclude ?? [];
  const needsAck = ca !== 'none' && state === 'on' && exclude.length === 0;
  const apps = targetApps(a.connections ?? ['rdp-web-account'], p.osTypes);
  const rows: FormRow[] = [
    {
      id: 'ca',
      kind: 'choice',
      label: 'Require:',
      value: ca,
      options: CA_STRENGTHS,
      onChange: (v) => p.onAnswer({ ca: v as CaStrength }),
    },
    {
      id: 'state',
      kind: 'choice',
      label: 'Policy state:',
      value: state,
      options: ['report-only', 'on'],
      onChange: (v) => p.onAnswer({ caState: v as 'report-only' | 'on' }),
      hint: 'report-only logs without enforcing',
    },
    {
      id: 'exclude',
      kind: 'text',
      label: 'Exclude a break-glass account:',
      value: exclusion,
      onChange: setExclusion,
      onSubmit: () => {
        const t = exclusion.trim();
        if (t && !exclude.includes(t)) p.onAnswer({ exclude: [...exclude, t] });
        setExclusion('');
      },
    },
    ...exclude.map(
      (x): FormRow => ({
        id: `x:${x}`,
        kind: 'item',
        label: '  excluded',
        value: x,
        onRemove: () => p.onAnswer({ exclude: exclude.filter((y) => y !== x) }),
      }),
    ),
    ...(needsAck
      ? [
          {
            id: 'ack',
            kind: 'toggle',
            label: 'I accept that no account is excluded and I could be locked out',
            value: a.breakGlassOk ?? false,
            onChange: (v: boolean) => p.onAnswer({ breakGlassOk: v }),
          } satisfies FormRow,
        ]
      : []),
    {
      id: 'pum',
      kind: 'toggle',
      label: 'Disable legacy per-user MFA for these users?',
      value: a.disablePerUserMfa ?? true,
      onChange: (v) => p.onAnswer({ disablePerUserMfa: v }),
      hint: 'per-user MFA makes RDP sign-in fail',
    },
    ...(p.securityDefaultsEnabled
      ? [
          {
            id: 'sd',
            kind: 'toggle',
            label: 'Turn off security defaults (tenant-wide)?',
            value: a.disableSecurityDefaults ?? false,
            onChange: (v: boolean) => p.onAnswer({ disableSecurityDefaults: v }),
            hint: 'CA policies replace them for every user',
          } satisfies FormRow,
        ]
      : []),
  ];
  const form = useForm(rows, p);
  return (
    <Frame
      title="Conditional Access"
      step={5}
      connection={p.connection}
      question="Which sign-in strength should VM sign-in require?"
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      <FormRows rows={rows} cursor={form.cursor} />
      <Box marginTop={1} flexDirection="column">
        <Txt wrap="truncate-end">{`Targets: ${apps.length > 0 ? apps.join(', ') : 'none (no connection method fits the selected VMs)'}`}</Txt>
        <Txt wrap="truncate-end">{`Existing policies: ${p.policies.length ? p.policies.map((x) => `${x.displayName} (${STATE_TEXT[x.state]})`).join(', ') : 'none'}`}</Txt>
        <Txt wrap="truncate-end">{`Security defaults: ${p.securityDefaultsEnabled ? 'on: no CA policy applies while they are on' : 'off'} · Entra ID P1: ${p.licenceP1 ? 'yes' : 'no: CA policies need it'}`}</Txt>
        {ca !== 'none' && !p.licenceP1 ? (
          <Txt c="yellow" wrap="truncate-end">
            ▲ No policy is planned: Conditional Access needs an Entra ID P1 licence.
          </Txt>
        ) : ca !== 'none' && p.securityDefaultsEnabled && !a.disableSecurityDefaults ? (
          <Txt c="yellow" wrap="truncate-end">
            ▲ No policy is planned while security defaults are on: turn them off above.
          </Txt>
        ) : null}
        {state === 'on' && ca !== 'none' ? (
          <Txt c="yellow">▲ On enforces at once: users without a registered method cannot sign in.</Txt>
        ) : null}
      </Box>
    </Frame>
  );
}
