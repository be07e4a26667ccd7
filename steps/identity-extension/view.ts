/**
 * The identity and extension screen's view model. PLANNED comes from the step's own drafts, so the screen can
 * never promise a change the plan does not make (a VM left alone in step 1 shows why here too).
 */
import { assessOs, isWindowsClient } from '../../src/checks/os-support';
import type { VmFacts } from '../../src/plan/snapshot';
import type { StepView, ViewField } from '../shared/contract';
import { isNotRunning, mayStart } from '../shared/vm-state';
import { loginExtension, planVm } from './extension-drafts';
import type { IdentityExtensionFacts } from './rules';
import { hostnameCollision } from './stale-devices';

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

type Drafts = IdentityExtensionFacts['drafts'];

/**
 * The kinds of the drafts that target each VM, by lower-cased VM id: one pass over the drafts, so a fleet's rows
 * cost one lookup each instead of a scan of every draft per VM.
 */
function kindsByVm(drafts: Drafts): Map<string, Set<string>> {
  const byVm = new Map<string, Set<string>>();
  const add = (id: string, kind: string) => {
    const key = id.toLowerCase();
    const kinds = byVm.get(key) ?? new Set<string>();
    kinds.add(kind);
    byVm.set(key, kinds);
  };
  for (const d of drafts) {
    add(d.target, d.kind);
    if (typeof d.params.vmId === 'string') add(d.params.vmId, d.kind);
  }
  return byVm;
}

const NONE: ReadonlySet<string> = new Set();

/** What the plan does on one VM, in words, from the kinds of the drafts that target it. */
function plannedText(v: VmFacts, kinds: ReadonlySet<string>): string {
  if (kinds.size === 0) {
    if (assessOs(v).status === 'unsupported') return 'nothing: OS unsupported';
    if (isNotRunning(v)) return `nothing: VM ${v.powerState}`;
    return loginExtension(v)?.provisioningState === 'Succeeded' ? 'ready' : 'nothing';
  }
  const words: string[] = [];
  if (kinds.has('start-vm')) words.push('start VM (bills)');
  if (kinds.has('remove-stale-device')) words.push('remove stale device');
  if (kinds.has('enable-system-identity')) words.push('enable identity');
  if (kinds.has('install-extension')) {
    words.push(loginExtension(v)?.provisioningState === 'Failed' ? 'reinstall extension' : 'install extension');
  }
  return words.join(', ');
}

export function view({ snapshot, answers, drafts }: IdentityExtensionFacts): StepView {
  const byVm = kindsByVm(drafts);
  const rows = snapshot.vms.map((v) => {
    const planned = plannedText(v, byVm.get(v.id.toLowerCase()) ?? NONE);
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
  // Offered only when a selected VM is not running: starting it is an opt-in because it bills compute.
  const withStart = { ...answers, startStoppedVms: true };
  const stopped = snapshot.vms.filter(
    (v) => mayStart(v, withStart) && planVm(v, snapshot, withStart).length > 0,
  ).length;
  // Offered only when a device provably not the VM's own join holds its host name: deleting it is an opt-in.
  const withRemoval = { ...answers, removeStaleDevices: true };
  // The name lookup first: only the few VMs with a collision are planned again (a fleet's view stays one pass).
  const blocked = snapshot.vms.filter(
    (v) =>
      hostnameCollision(v, snapshot).stale.length > 0 &&
      planVm(v, snapshot, withRemoval).some((d) => d.kind === 'remove-stale-device'),
  ).length;
  const fields: ViewField[] = [];
  if (clients) {
    fields.push({
      kind: 'toggle',
      answer: 'intune',
      label: `Enroll the ${clients} Windows client ${clients === 1 ? 'VM' : 'VMs'} in Intune?`,
      value: answers.intune,
      hint: 'sets the extension’s mdmId',
    });
  }
  if (blocked) {
    fields.push({
      kind: 'toggle',
      answer: 'removeStaleDevices',
      label: `Remove the stale ${blocked === 1 ? 'device that blocks' : 'devices that block'} ${blocked === 1 ? 'a VM’s' : `${blocked} VMs’`} join?`,
      value: answers.removeStaleDevices,
      hint: 'Cloud Device Administrator; restorable for 30 days',
    });
  }
  if (stopped) {
    fields.push({
      kind: 'toggle',
      answer: 'startStoppedVms',
      label: `Start the ${stopped} stopped ${stopped === 1 ? 'VM' : 'VMs'} that need${stopped === 1 ? 's' : ''} the extension?`,
      value: answers.startStoppedVms,
      hint: 'a started VM bills compute until deallocated again',
    });
  }
  return {
    question: clients ? 'Should Windows client VMs also enroll in Intune?' : 'Identity and extension on each VM',
    columns: { subject: 'VM', state: 'IDENTITY · EXTENSION', planned: 'PLANNED' },
    rows,
    notes: [
      `${ready} of ${snapshot.vms.length} ${snapshot.vms.length === 1 ? 'VM has' : 'VMs have'} an identity and a working extension.`,
    ],
    fields,
  };
}
