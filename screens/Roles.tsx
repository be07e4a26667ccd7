/** Who signs in, with which role; the step's own questions (scope, connection methods) come from its view model. */
import { Box } from 'ink';
import { useState } from 'react';
import type { PrincipalFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { usePanels } from './use-panels';
import { lookupNotes, matchRows, usePrincipalLookup } from './use-principal-lookup';
import { useViewFields } from './use-view-fields';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { StepFrame, stepPanelBindings, ViewBody } from './widgets/StepFrame';

const ROLES_LEGEND = [
  {
    title: 'Rows',
    lines: [
      'user   gets Virtual Machine User Login (sign in as a standard user)',
      'admin  gets Virtual Machine Administrator Login (sign in with local administrator rights)',
      'guest  a match that is a guest (B2B) account; group: a group, its members get the role',
      'Type part of a name, UPN or mail and press enter: the tenant is searched; ↓ picks a match.',
    ],
  },
];

export interface RolesProps extends StepScreenProps {
  /** Looks principals up by UPN, name or id (services.lookupPrincipal). */
  onLookup: (text: string) => Promise<PrincipalFacts[]>;
  width: number;
}

export function Roles(p: RolesProps) {
  const [text, setText] = useState('');
  // Most people who sign in need the User Login role; Administrator Login is the exception an admin asks for.
  const [role, setRole] = useState<'admin' | 'user'>('user');
  const panels = usePanels();
  const { admins, users } = p.answers;
  const add = (ref: string) => {
    const current = role === 'admin' ? admins : users;
    if (!current.includes(ref)) p.onAnswer({ [role === 'admin' ? 'admins' : 'users']: [...current, ref] });
    setText('');
    found.clear();
    // Back to the text row, ready for the next name.
    form.setCursor(0);
  };
  const found = usePrincipalLookup(p.onLookup, add);
  const item = (label: string, key: 'admins' | 'users') => (x: string) =>
    ({
      id: `${key}:${x}`,
      kind: 'item',
      label,
      value: x,
      onRemove: () => p.onAnswer({ [key]: p.answers[key].filter((y) => y !== x) }),
    }) satisfies FormRow;
  const fieldRows = useViewFields(p.view.fields ?? [], p.onAnswer);
  const rows: FormRow[] = [
    {
      id: 'find',
      kind: 'text',
      label: 'Add a user or group:',
      value: text,
      onChange: (v) => {
        setText(v);
        found.clear();
      },
      onSubmit: () => found.lookup(text),
      hint: 'part of a name, UPN or mail, enter to look up',
    },
    ...matchRows(found, add),
    {
      id: 'role',
      kind: 'choice',
      label: 'Role for added principals:',
      hint: 'user: Virtual Machine User Login · admin: Virtual Machine Administrator Login',
      value: role,
      options: ['user', 'admin'],
      onChange: (v) => setRole(v as 'admin' | 'user'),
    },
    ...admins.map(item('  admin', 'admins')),
    ...users.map(item('  user ', 'users')),
    ...fieldRows,
  ];
  const form = useForm(rows, { ...p, extra: stepPanelBindings(p, panels, false), active: !panels.current });
  // The connection methods sit under their own heading: the toggles of the step's set field.
  const setField = p.view.fields?.find((f) => f.kind === 'set');
  const methodsFrom = setField ? rows.findIndex((r) => r.id.startsWith(`${setField.answer}:`)) : rows.length;
  return (
    <StepFrame screen={p} panels={panels} bindings={form.bindings} help={form.help} legend={ROLES_LEGEND}>
      <FormRows rows={rows} cursor={form.cursor} to={methodsFrom} />
      {lookupNotes(found).map((n) => (
        <Txt key={n.text} dim={!n.warn} c={n.warn ? 'yellow' : undefined} wrap="truncate-end">
          {n.text}
        </Txt>
      ))}
      {setField ? (
        <Box marginTop={1} flexDirection="column">
          <Txt bold>{setField.label}</Txt>
          <FormRows rows={rows} cursor={form.cursor} from={methodsFrom} />
        </Box>
      ) : null}
      <Box flexDirection="column">
        <ViewBody view={{ ...p.view, rows: [] }} width={p.width} />
      </Box>
    </StepFrame>
  );
}
