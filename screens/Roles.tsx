import { Box } from 'ink';
import { useState } from 'react';
import { ROLE_SCOPES, type RoleScope } from '../src/plan/answers';
import type { BastionFacts, PrincipalFacts } from '../src/plan/snapshot';
import { CONNECTION_METHODS, type ConnectionMethod } from '../src/plan/types';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';

export interface RolesProps extends StepScreenProps {
  bastions: readonly BastionFacts[];
  /** Looks principals up by UPN, name or id (services.lookupPrincipal). */
  onLookup: (text: string) => Promise<PrincipalFacts[]>;
}

const METHOD_TEXT: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'RDP with a web account (Windows)',
  'rdp-password': 'RDP with a password or WHfB (Windows)',
  'bastion-portal': 'Azure Bastion in the portal',
  'bastion-native': 'Azure Bastion native client',
  ssh: 'az ssh vm (Linux)',
};

const label = (p: PrincipalFacts) => p.userPrincipalName ?? p.displayName;

/** Who signs in, with which role, at which scope, and how they connect. */
export function Roles(p: RolesProps) {
  const [text, setText] = useState('');
  const [role, setRole] = useState<'admin' | 'user'>('admin');
  const [matches, setMatches] = useState<PrincipalFacts[] | undefined>();
  const [lookupError, setLookupError] = useState<string | undefined>();
  const [looking, setLooking] = useState(false);
  const admins = p.answers.admins ?? [];
  const users = p.answers.users ?? [];
  const connections = p.answers.connections ?? ['rdp-web-account'];
  const add = (ref: string) => {
    const key = role === 'admin' ? 'admins' : 'users';
    const current = role === 'admin' ? admins : users;
    if (!current.includes(ref)) p.onAnswer({ [key]: [...current, ref] });
    setText('');
    setMatches(undefined);
    // Back to the text row, ready for the next name.
    form.setCursor(0);
  };
  const lookup = () => {
    const t = text.trim();
    if (!t) return;
    setLookupError(undefined);
    setLooking(true);
    p.onLookup(t).then(
      (found) => {
        setLooking(false);
        const only = found.length === 1 ? found[0]! : undefined;
        // A whole UPN, group name or object id adds at once; a partial one lists the matches to pick from.
        if (only && [label(only), only.id].some((x) => x.toLowerCase() === t.toLowerCase())) add(label(only));
        else if (found.length) setMatches(found);
        else setLookupError(`No user or group matches “${t}”: check the spelling or paste an object id.`);
      },
      (e: unknown) => {
        setLooking(false);
        setLookupError(`Looking up “${t}” fails: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };
  const rows: FormRow[] = [
    {
      id: 'find',
      kind: 'text',
      label: 'Add a user or group:',
      value: text,
      onChange: setText,
      onSubmit: lookup,
      hint: 'type a UPN or group name, enter to look up',
    },
    ...(matches ?? []).slice(0, 5).map(
      (m): FormRow => ({
        id: `m:${m.id}`,
        kind: 'action',
        label: `  ${m.kind === 'group' ? 'group' : m.userType === 'Guest' ? 'guest' : 'user'}`,
        value: label(m),
        onSubmit: () => add(label(m)),
      }),
    ),
    {
      id: 'role',
      kind: 'choice',
      label: 'Role for added principals:',
      value: role,
      options: ['admin', 'user'],
      onChange: (v) => setRole(v as 'admin' | 'user'),
    },
    ...admins.map(
      (a): FormRow => ({
        id: `a:${a}`,
        kind: 'item',
        label: '  admin',
        value: a,
        onRemove: () => p.onAnswer({ admins: admins.filter((x) => x !== a) }),
      }),
    ),
    ...users.map(
      (u): FormRow => ({
        id: `u:${u}`,
        kind: 'item',
        label: '  user ',
        value: u,
        onRemove: () => p.onAnswer({ users: users.filter((x) => x !== u) }),
      }),
    ),
    {
      id: 'scope',
      kind: 'choice',
      label: 'Assign roles at:',
      value: p.answers.scope ?? 'vm',
      options: ROLE_SCOPES,
      onChange: (v) => p.onAnswer({ scope: v as RoleScope }),
    },
    ...CONNECTION_METHODS.map(
      (m): FormRow => ({
        id: `c:${m}`,
        kind: 'toggle',
        label: METHOD_TEXT[m],
        value: connections.includes(m),
        onChange: (on) => p.onAnswer({ connections: on ? [...connections, m] : connections.filter((x) => x !== m) }),
      }),
    ),
  ];
  const form = useForm(rows, p);
  const methodsFrom = rows.findIndex((r) => r.id.startsWith('c:'));
  const usesBastion = connections.some((c) => c.startsWith('bastion'));
  return (
    <Frame
      title="Role assignment"
      step={3}
      connection={p.connection}
      question="Who should sign in to these VMs, and with which role?"
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      <FormRows rows={rows} cursor={form.cursor} to={methodsFrom} />
      {looking ? <Txt dim>Looking up…</Txt> : null}
      {lookupError ? <Txt c="yellow" wrap="truncate-end">{`▲ ${lookupError}`}</Txt> : null}
      {matches?.length ? <Txt dim>↓ to pick a match, enter to add it</Txt> : null}
      {admins.length + users.length === 0 && !matches?.length ? (
        <Txt dim wrap="truncate-end">
          No one added yet: the plan assigns no login roles.
        </Txt>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Txt bold>How will they connect?</Txt>
        <FormRows rows={rows} cursor={form.cursor} from={methodsFrom} />
      </Box>
      {usesBastion ? (
        <Txt dim wrap="truncate-end">
          {p.bastions.length
            ? `Bastion: ${p.bastions.map((b) => `${b.name} (${b.sku}${b.enableTunneling ? ', native client on' : ''})`).join(', ')}`
            : 'Bastion: none found in the selected VMs’ networks.'}
        </Txt>
      ) : null}
    </Frame>
  );
}
