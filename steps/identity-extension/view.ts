/**
 * The identity and extension screen's view model. PLANNED comes from the step's own drafts, so the screen can
 * never promise a change the plan does not make (a VM left alone in step 1 shows why here too).
 */
import { assessOs, isWindowsClient } from '../../src/checks/os-support';
import type { VmFacts } from '../../src/plan/snapshot';
import type { StepView } from '../shared/contract';
import { isNotRunning } from '../shared/vm-state';
import { loginExtension } from './extension-drafts';
import type { IdentityExtensionFacts } from './rules';

const identityText = (v: VmFacts): string =>
  v.identity.type
    .split(',')
    .map((t) => t.trim().replace('Assigned', ''))
    .join('+')
    .toLowerCase();

function extensionText(v: VmFacts): string {
  const ext = loginExtension(v);
  return ext ? `${ext.type} ${ext.provisioningState.toLowerCase()}` : 'not installed';
}

/** What the plan does on one VM, in words, from the drafts that target it. */
function plannedText(v: VmFacts, drafts: IdentityExtensionFacts['drafts']): string {
  const mine = drafts.filter((d) => d.target.toLowerCase() === v.id.toLowerCase() || d.params.vmId === v.id);
  const kinds = new Set(mine.map((d) => d.kind));
  if (kinds.size === 0) {
    if (assessOs(v).status === 'unsupported') return 'nothing: OS unsupported';
    if (isNotRunning(v)) return `nothing: VM ${v.powerState}`;
    return loginExtension(v)?.provisioningState === 'Succeeded' ? 'ready' : 'nothing';
  }
  const words: string[] = [];
  if (kinds.has('enable-system-identity')) words.push('enable identity');
  if (kinds.has('install-extension')) {
    words.push(loginExtension(v)?.provisioningState === 'Failed' ? 'reinstall extension' : 'install extension');
  }
  return words.join(', ');
}

export function view({ snapshot, answers, drafts }: IdentityExtensionFacts): StepView {
  const rows = snapshot.vms.map((v) => {
    const planned = plannedText(v, drafts);
    return {
      subject: v.name,
      state: `${identityText(v)} · ${extensionText(v)}`,
      planned,
      tone:
        planned === 'ready' ? ('ok' as const) : planned.startsWith('nothing') ? ('muted' as const) : ('warn' as const),
    };
  });
  const ready = rows.filter((r) => r.planned === 'ready').length;
  const clients = snapshot.vms.filter((v) => v.osType === 'Windows' && isWindowsClient(v)).length;
  return {
    question: clients ? 'Should Windows client VMs also enroll in Intune?' : 'Identity and extension on each VM',
    columns: { subject: 'VM', state: 'IDENTITY · EXTENSION', planned: 'PLANNED' },
    rows,
    notes: [
      `${ready} of ${snapshot.vms.length} ${snapshot.vms.length === 1 ? 'VM has' : 'VMs have'} an identity and a working extension.`,
    ],
    fields: clients
      ? [
          {
            kind: 'toggle',
            answer: 'intune',
            label: `Enroll the ${clients} Windows client ${clients === 1 ? 'VM' : 'VMs'} in Intune?`,
            value: answers.intune,
            hint: 'sets the extension’s mdmId',
          },
        ]
      : [],
  };
}
