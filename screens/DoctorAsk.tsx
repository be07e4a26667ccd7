/** Who cannot sign in, to which VM, and how they connect: the three questions before the doctor reads. */
import { useState } from 'react';
import { methodFitsOs } from '../src/checks/ca-evaluator';
import type { ConnectInfo } from '../src/machine/services';
import type { DoctorQuestion } from '../src/machine/state';
import type { PrincipalFacts, VmFacts } from '../src/plan/snapshot';
import { CONNECTION_METHODS } from '../src/plan/types';
import { type FormRow, useForm } from './use-form';
import { principalName, usePrincipalLookup } from './use-principal-lookup';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';

export interface DoctorAskProps {
  connection?: ConnectInfo;
  question: DoctorQuestion;
  /** The VMs read at start, to pick from. */
  vms: readonly VmFacts[];
  notice?: string;
  onAnswer: (patch: Partial<DoctorQuestion>) => void;
  onLookup: (text: string) => Promise<PrincipalFacts[]>;
  onNext: () => void;
  onBack: () => void;
  onQuit: () => void;
}

/** VMs shown under the filter: a few, so the form fits 24 rows; typing narrows them. */
const VM_MATCHES = 5;
const ALL = 'all';

export function DoctorAsk(p: DoctorAskProps) {
  const [userText, setUserText] = useState('');
  const [vmText, setVmText] = useState('');
  const q = p.question;
  const found = usePrincipalLookup(p.onLookup, (ref) => {
    p.onAnswer({ user: ref });
    setUserText('');
    found.clear();
  });
  const vm = p.vms.find((v) => v.id === q.vm);
  const needle = vmText.trim().toLowerCase();
  const vmMatches = vm
    ? []
    : p.vms
        .filter((v) => !needle || `${v.name} ${v.resourceGroup}`.toLowerCase().includes(needle))
        .slice(0, VM_MATCHES);
  const methods = vm ? CONNECTION_METHODS.filter((m) => methodFitsOs(m, vm.osType)) : [];
  const pickVm = (v: VmFacts) => {
    // A method that does not fit the new VM's OS is dropped: "every method" then examines those that fit.
    p.onAnswer({ vm: v.id, method: q.method && methodFitsOs(q.method, v.osType) ? q.method : undefined });
    setVmText('');
  };
  const users = (found.matches ?? []).filter((m) => m.kind === 'user').slice(0, 5);
  const rows: FormRow[] = [
    q.user
      ? { id: 'user', kind: 'item', label: 'User:', value: q.user, onRemove: () => p.onAnswer({ user: undefined }) }
      : {
          id: 'user',
          kind: 'text',
          label: 'Who cannot sign in?',
          value: userText,
          onChange: setUserText,
          onSubmit: () => found.lookup(userText),
          hint: 'a UPN, name or object id, enter to look up',
        },
    ...users.map(
      (m): FormRow => ({
        id: `u:${m.id}`,
        kind: 'action',
        label: `  ${m.userType === 'Guest' ? 'guest' : 'user'}`,
        value: principalName(m),
        onSubmit: () => {
          p.onAnswer({ user: principalName(m) });
          setUserText('');
          found.clear();
        },
      }),
    ),
    vm
      ? {
          id: 'vm',
          kind: 'item',
          label: 'VM:',
          value: `${vm.name} · ${vm.resourceGroup} · ${vm.osType}`,
          onRemove: () => p.onAnswer({ vm: undefined, method: undefined }),
        }
      : {
          id: 'vm',
          kind: 'text',
          label: 'Which VM?',
          value: vmText,
          onChange: setVmText,
          onSubmit: () => {
            if (vmMatches.length === 1) pickVm(vmMatches[0]!);
          },
          hint: 'type to filter, ↓ to pick',
        },
    ...vmMatches.map(
      (v): FormRow => ({
        id: `v:${v.id}`,
        kind: 'action',
        label: '  ',
        value: `${v.name} · ${v.resourceGroup} · ${v.osType}`,
        onSubmit: () => pickVm(v),
      }),
    ),
    ...(vm
      ? [
          {
            id: 'method',
            kind: 'choice',
            label: 'Method:',
            value: q.method ?? ALL,
            options: [ALL, ...methods],
            onChange: (v: string) =>
              p.onAnswer({ method: v === ALL ? undefined : (v as NonNullable<DoctorQuestion['method']>) }),
          } satisfies FormRow,
        ]
      : []),
  ];
  const form = useForm(rows, p);
  return (
    <Frame
      title="Doctor"
      connection={p.connection}
      question="Whose sign-in should be examined?"
      notice={p.notice}
      bindings={form.bindings}
      help={form.help}
    >
      <FormRows rows={rows} cursor={form.cursor} />
      {found.looking ? <Txt dim>Looking up…</Txt> : null}
      {found.error ? <Txt c="yellow" wrap="truncate-end">{`▲ ${found.error}`}</Txt> : null}
      {!vm && p.vms.length > vmMatches.length ? (
        <Txt dim>{`  ${p.vms.length - vmMatches.length} more: type part of a name or group`}</Txt>
      ) : null}
      {q.user && vm ? <Txt dim>Enter reads this user's and VM's facts and sign-ins (nothing is written).</Txt> : null}
    </Frame>
  );
}
