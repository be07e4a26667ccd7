import { Box } from 'ink';
import { WHFB_TRUSTS, type WhfbTrust } from '../src/plan/answers';
import type { AuthMethodFacts, PrincipalFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';

export interface ClientReadinessProps extends StepScreenProps {
  principals: Record<string, PrincipalFacts>;
  /** user object id → registered methods. */
  authMethods: Record<string, AuthMethodFacts>;
}

function methods(m: AuthMethodFacts | undefined): string {
  if (!m) return 'not read';
  const list = [
    m.windowsHelloForBusiness ? 'WHfB' : '',
    m.fido2 ? 'FIDO2' : '',
    m.microsoftAuthenticator ? 'Authenticator' : '',
  ].filter(Boolean);
  return list.length ? list.join(', ') : 'no strong method';
}

/** The client PC: its join state (from dsregcmd /status), its build and the WHfB trust model. */
export function ClientReadiness(p: ClientReadinessProps) {
  const a = p.answers;
  const rows: FormRow[] = [
    {
      id: 'dsreg',
      kind: 'text',
      label: 'Path to a saved dsregcmd /status output:',
      value: a.dsregcmdFile ?? '',
      onChange: (v) => p.onAnswer({ dsregcmdFile: v || undefined }),
    },
    {
      id: 'build',
      kind: 'text',
      label: 'Client Windows build:',
      value: a.clientOsBuild ?? '',
      onChange: (v) => p.onAnswer({ clientOsBuild: v || undefined }),
      hint: 'e.g. 10.0.22621.674 (winver)',
    },
    {
      id: 'whfb',
      kind: 'choice',
      label: 'WHfB trust model:',
      value: a.whfbTrust ?? 'unknown',
      options: WHFB_TRUSTS,
      onChange: (v) => p.onAnswer({ whfbTrust: v as WhfbTrust }),
    },
  ];
  const form = useForm(rows, p);
  const users = Object.values(p.principals).filter((x) => x.kind === 'user');
  return (
    <Frame
      title="Client readiness"
      step={6}
      connection={p.connection}
      question="Which PC will people connect from?"
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      <FormRows rows={rows} cursor={form.cursor} />
      {users.length ? (
        <Box marginTop={1} flexDirection="column">
          <Txt bold>Registered methods</Txt>
          {users.map((u) => (
            <Txt
              key={u.id}
              wrap="truncate-end"
            >{`  ${u.userPrincipalName ?? u.displayName}: ${methods(p.authMethods[u.id])}`}</Txt>
          ))}
        </Box>
      ) : null}
    </Frame>
  );
}
