import { Box } from 'ink';
import type { VmFacts } from '../src/plan/snapshot';
import type { StepScreenProps } from './types';
import { type FormRow, useForm } from './use-form';
import { Txt } from './widgets/color';
import { FormRows } from './widgets/FormRows';
import { Frame } from './widgets/Frame';
import { cell, plural } from './widgets/format';

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
      <Txt dim>{`  ${cell('VM', 16)}${cell('IDENTITY', 16)}${cell('EXTENSION', 22)}PLANNED`}</Txt>
      {p.vms.slice(0, ROWS_SHOWN).map((v) => {
        const ext = extensionOf(v);
        return (
          <Txt key={v.id} wrap="truncate-end">
            {`  ${cell(v.name, 16)}${cell(v.identity.type, 16)}${cell(ext ? `${ext.type.replace('AADLoginFor', '').replace('AADSSHLoginFor', 'SSH ')} ${ext.provisioningState}` : 'not installed', 22)}${nextStepFor(v)}`}
          </Txt>
        );
      })}
      {p.vms.length > ROWS_SHOWN ? <Txt dim>{`  +${p.vms.length - ROWS_SHOWN} more`}</Txt> : null}
      {rows.length ? (
        <Box marginTop={1}>
          <FormRows rows={rows} cursor={form.cursor} />
        </Box>
      ) : null}
    </Frame>
  );
}
