/**
 * Predicted sign-ins for every selected user × VM × connection method, and the .rdp files for the
 * selected Windows VMs. Groups are not users: their members' outcomes need `doctor --user <member>`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotRunning } from '../../steps/shared/vm-state';
import { bastionFor } from '../checks/access-path';
import { isArcEntraUnsupported } from '../checks/arc';
import { methodFitsOs } from '../checks/ca-evaluator';
import { isOsUnsupported } from '../checks/os-support';
import { connectionHint, rdpFileName, rdpFileProblem, renderRdpFile } from '../checks/rdp-file';
import { type SignInChain, signInChain } from '../checks/signin-chain';
import { type CaVerdictMemo, predictOutcome, type SignInPrediction } from '../checks/signin-outcome';
import { EXTENSION } from '../core/well-known-ids';
import { onDisk } from '../fs-errors';
import type { ConnectCommand } from '../output/next-steps';
import type { Answers } from '../plan/answers';
import { replaceFileAtomically } from '../plan/safe-files';
import type { Snapshot, VmFacts } from '../plan/snapshot';

export interface PredictedSignIn extends SignInPrediction {
  user: string;
  vm: string;
}

export type { ConnectCommand } from '../output/next-steps';

/**
 * "Next steps" with the real names: per connection method, the command for the first VM that method reaches,
 * with its Bastion and its cloud's portal, rather than `az ssh vm -n <vm> -g <group>`.
 */
export function connectCommands(snapshot: Snapshot, answers: Answers): ConnectCommand[] {
  const out: ConnectCommand[] = [];
  for (const method of answers.connections) {
    const fits = snapshot.vms.filter((vm) => methodFitsOs(method, vm.osType));
    const vm = fits[0];
    if (!vm) continue;
    const bastion = method.startsWith('bastion') ? bastionFor(vm, snapshot, answers).bastion : undefined;
    const hint = connectionHint(vm, method, bastion, snapshot.cloud);
    out.push({ method, vm: vm.name, command: hint.command, note: hint.note, more: fits.length - 1 });
  }
  return out;
}

/** Every user × VM × method a prediction is made for: the selected users, the VMs, the methods that fit them. */
function* signIns(snapshot: Snapshot, answers: Answers) {
  const refs = [...new Set([...answers.admins, ...answers.users])];
  const users = refs.map((r) => snapshot.principals[r]).filter((p) => p?.kind === 'user');
  for (const user of users) {
    if (!user) continue;
    // Windows Arc machines take no Entra sign-in at all: their finding says so, there is nothing to predict.
    for (const vm of snapshot.vms.filter((v) => !isArcEntraUnsupported(v))) {
      for (const method of answers.connections) {
        if (!methodFitsOs(method, vm.osType)) continue;
        // Bastion reaches Azure VNets only.
        if (vm.arc && method.startsWith('bastion')) continue;
        yield { user, vm, method };
      }
    }
  }
}

export function predictAll(snapshot: Snapshot, answers: Answers): PredictedSignIn[] {
  const rows: PredictedSignIn[] = [];
  const memo: CaVerdictMemo = new Map();
  for (const { user, vm, method } of signIns(snapshot, answers)) {
    const prediction = predictOutcome({ snapshot, answers, vm, user, method }, memo);
    rows.push({ ...prediction, user: user.userPrincipalName ?? user.displayName, vm: vm.name });
  }
  return rows;
}

/**
 * The sign-in chains worth drawing after an apply: those that fail or sign in without MFA first (what the
 * admin must look at), at most `max`; when every sign-in asks for MFA, the first one, as the picture of what
 * now works.
 */
export function chainsToDraw(snapshot: Snapshot, answers: Answers, max = 3): SignInChain[] {
  const all: SignInChain[] = [];
  const memo: CaVerdictMemo = new Map();
  for (const { user, vm, method } of signIns(snapshot, answers)) {
    const prediction = predictOutcome({ snapshot, answers, vm, user, method }, memo);
    all.push(signInChain({ snapshot, vm, user, prediction }));
  }
  const attention = all.filter((c) => c.outcome !== 'mfa-then-success');
  return (attention.length > 0 ? attention : all).slice(0, max);
}

export interface RdpFilesResult {
  /** Paths written, all directly inside the directory. */
  written: string[];
  /** One line per file not written, naming the VM and why (a computer name that is not a host name). */
  skipped: string[];
}

/** Why nobody can sign in to the VM with Entra credentials yet, or undefined: no .rdp file is written for it. */
function whyNoSignIn(vm: VmFacts): string | undefined {
  if (isOsUnsupported(vm)) return 'its OS does not support Entra sign-in, so no .rdp file';
  if (isNotRunning(vm)) return 'it is not running, so no .rdp file';
  const ext = vm.extensions.find(
    (e) =>
      e.type.toLowerCase() === EXTENSION.windowsType.toLowerCase() &&
      e.publisher.toLowerCase() === EXTENSION.publisher.toLowerCase(),
  );
  if (ext?.provisioningState !== 'Succeeded') {
    return `its ${EXTENSION.windowsType} extension is ${ext ? ext.provisioningState.toLowerCase() : 'not installed'}, so no .rdp file`;
  }
  return undefined;
}

/**
 * Writes one .rdp file per selected Windows VM and RDP method chosen, directly inside `dir`: names from
 * `rdpFileName` (never a path), values checked by `rdpFileProblem`, each file through a temporary file and a
 * rename, so a symbolic link planted at a file's path is replaced, never written through.
 */
export async function writeRdpFiles(snapshot: Snapshot, answers: Answers, dir: string): Promise<RdpFilesResult> {
  const methods = answers.connections.filter((m) => m === 'rdp-web-account' || m === 'rdp-password');
  const windows = snapshot.vms.filter((v) => v.osType === 'Windows' && !v.arc);
  const result: RdpFilesResult = { written: [], skipped: [] };
  if (methods.length === 0 || windows.length === 0) return result;
  await onDisk('create the folder for .rdp files', dir, () => mkdir(dir, { recursive: true }));
  const taken = new Set<string>();
  for (const vm of windows) {
    const blocked = whyNoSignIn(vm);
    if (blocked) {
      result.skipped.push(`${vm.name}: ${blocked}`);
      continue;
    }
    for (const method of methods) {
      const problem = rdpFileProblem({ vm, method });
      if (problem) {
        result.skipped.push(`${vm.name}: ${problem}`);
        continue;
      }
      const suffix = methods.length > 1 ? `-${method === 'rdp-web-account' ? 'web-account' : 'password'}` : '';
      const name = rdpFileName(vm, suffix, taken);
      taken.add(name.toLowerCase());
      const path = join(dir, name);
      await onDisk('write the .rdp file', path, () =>
        replaceFileAtomically(path, renderRdpFile({ vm, method }), 0o644),
      );
      result.written.push(path);
    }
  }
  return result;
}
