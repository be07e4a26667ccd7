import type { ServicePrincipalFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { useForm } from './use-form';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';

/** The VM sign-in apps Conditional Access targets, keyed by appId. */
export const SIGN_IN_APPS: readonly { appId: string; name: string }[] = [
  { appId: '372140e0-b3b7-4226-8ef9-d57986796201', name: 'Azure Windows VM Sign-In' },
  { appId: 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0', name: 'Azure Linux VM Sign-In' },
];

export interface ServicePrincipalProps extends StepScreenProps {
  /** appId → service principal, null when the tenant has none; missing when not read. */
  servicePrincipals: Record<string, ServicePrincipalFacts | null>;
}

/** Nothing to ask: shows whether each sign-in app has its service principal; the plan creates missing ones. */
export function ServicePrincipal(p: ServicePrincipalProps) {
  const form = useForm([], p);
  return (
    <Frame
      title="Service principals"
      step={4}
      connection={p.connection}
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      <Txt>Conditional Access can target an app only when the tenant has its service principal.</Txt>
      {SIGN_IN_APPS.map((app) => {
        const sp = p.servicePrincipals[app.appId];
        const state =
          sp === undefined ? 'not read' : sp === null ? 'missing: the plan creates it' : `present (${sp.id})`;
        return (
          <Txt key={app.appId} wrap="truncate-end">
            <Txt c={sp ? 'green' : sp === null ? 'yellow' : 'gray'}>{sp ? '✔' : sp === null ? '+' : '?'}</Txt>
            {` ${app.name}: ${state}`}
          </Txt>
        );
      })}
    </Frame>
  );
}
