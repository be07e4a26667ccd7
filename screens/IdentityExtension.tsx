import { Box, useWindowSize } from 'ink';
import type { VmFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';
import { cell, fitColumns, plural, widest } from './widgets/format';

export interface IdentityExtensionProps extends StepScreenProps {
  /** The selected VMs. */
  vms: readonly VmFacts[];
}

const extensionOf = (v: VmFacts) => v.extensions.find((e) => e.publisher === 'Microsoft.Azure.ActiveDirectory');
const isClientOs = (v: VmFacts) => v.osType === 'Windows' && /windows 1[01]/i.test(v.osName ?? '');

/** What each VM needs: a system-assigned identity, then the login extension. */
export function nextStepFor(v: VmFacts): string {
  const ext = extensionOf(v);
  const needsIdentity = !v.identity.type.includes('SystemAssigned');
  if (ext?.provisioningState === 'Succeeded' && !needsIdentity) return 'ready';
  if (ext?.provisioningState === 'Failed') return needsIdentity ? 'enable identity, reinstall' : 'reinstall extension';
  return needsIdentity ? 'enable identity, install' : 'install extension';
}

const ROWS_SHOWN = 8;

const identityText = (v: VmFacts) =>
  v.identity.type
    .split(',')
    .map((t) => t.trim().replace('Assigned', ''))
    .join('+')
    .toLowerCase();
const extensionText = (v: VmFacts) => {
  const ext = extensionOf(v);
  return ext ? `${ext.type} ${ext.provisioningState.toLowerCase()}` : 'not installed';
};

export function IdentityExtension(p: IdentityExtensionProps) {
  const clients = p.vms.filter(isClientOs);
  const rows: FormRow[] = clients.length
    ? [
        {
          id: 'intune',
          kind: 'toggle',
          label: `Enroll the ${plural(clients.length, 'Windows client VM')} in Intune?`,
          value: p.answers.intune ?? false,
          onChange: (intune) => p.onAnswer({ intune }),
          hint: 'sets the extension’s mdmId',
        },
      ]
    : [];
  const form = useForm(rows, p);
  const ready = p.vms.filter((v) => nextStepFor(v) === 'ready').length;
  const { columns } = useWindowSize();
  const shownVms = p.vms.slice(0, ROWS_SHOWN);
  const planned = widest('PLANNED', shownVms.map(nextStepFor));
  const [name = 14, identity = 9, extension = 14] = fitColumns(
    [
      {
        want: widest(
          'VM',
          shownVms.map((v) => v.name),
        ),
        min: 14,
      },
      { want: widest('IDENTITY', shownVms.map(identityText)), min: 9 },
      { want: widest('EXTENSION', shownVms.map(extensionText)), min: 14 },
    ],
    columns - 2 - planned,
  );
  const w = { name, identity, extension };
  return (
    <Frame
      title="Identity and extension"
      step={2}
      connection={p.connection}
      question={clients.length ? 'Should Windows client VMs also enroll in Intune?' : undefined}
      notice={p.notice}
      findings={p.findings}
      bindings={form.bindings}
      help={form.help}
    >
      <Txt>{`${ready} of ${plural(p.vms.length, 'VM')} already have an identity and a working extension.`}</Txt>
      <Txt
        dim
        wrap="truncate-end"
      >{`  ${cell('VM', w.name)}${cell('IDENTITY', w.identity)}${cell('EXTENSION', w.extension)}PLANNED`}</Txt>
      {shownVms.map((v) => (
        <Txt key={v.id} wrap="truncate-end">
          {`  ${cell(v.name, w.name, 'middle')}${cell(identityText(v), w.identity)}${cell(extensionText(v), w.extension)}${nextStepFor(v)}`}
        </Txt>
      ))}
      {p.vms.length > ROWS_SHOWN ? <Txt dim>{`  +${p.vms.length - ROWS_SHOWN} more`}</Txt> : null}
      {rows.length ? (
        <Box marginTop={1}>
          <FormRows rows={rows} cursor={form.cursor} />
        </Box>
      ) : null}
    </Frame>
  );
}
