/**
 * Predicted sign-ins for every selected user × VM × connection method (DESIGN §2), and the .rdp files for the
 * selected Windows VMs. Groups are not users: their members' outcomes need `doctor --user <member>`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { methodFitsOs } from '../checks/ca-evaluator';
import { renderRdpFile } from '../checks/rdp-file';
import { predictOutcome, type SignInPrediction } from '../checks/signin-outcome';
import { onDisk } from '../fs-errors';
import type { Answers } from '../plan/answers';
import type { Snapshot } from '../plan/snapshot';

export interface PredictedSignIn extends SignInPrediction {
  user: string;
  vm: string;
}

export function predictAll(snapshot: Snapshot, answers: Answers): PredictedSignIn[] {
  const refs = [...new Set([...answers.admins, ...answers.users])];
  const users = refs.map((r) => snapshot.principals[r]).filter((p) => p?.kind === 'user');
  const rows: PredictedSignIn[] = [];
  for (const user of users) {
    if (!user) continue;
    for (const vm of snapshot.vms) {
      for (const method of answers.connections) {
        if (!methodFitsOs(method, vm.osType)) continue;
        const prediction = predictOutcome({ snapshot, answers, vm, user, method });
        rows.push({ ...prediction, user: user.userPrincipalName ?? user.displayName, vm: vm.name });
      }
    }
  }
  return rows;
}

/** Writes one .rdp file per selected Windows VM and RDP method chosen; returns the paths written. */
export async function writeRdpFiles(snapshot: Snapshot, answers: Answers, dir: string): Promise<string[]> {
  const methods = answers.connections.filter((m) => m === 'rdp-web-account' || m === 'rdp-password');
  const windows = snapshot.vms.filter((v) => v.osType === 'Windows');
  if (methods.length === 0 || windows.length === 0) return [];
  await onDisk('create the folder for .rdp files', dir, () => mkdir(dir, { recursive: true }));
  const written: string[] = [];
  for (const vm of windows) {
    for (const method of methods) {
      const suffix = methods.length > 1 ? `-${method === 'rdp-web-account' ? 'web-account' : 'password'}` : '';
      const path = join(dir, `${vm.name}${suffix}.rdp`);
      await onDisk('write the .rdp file', path, () => writeFile(path, renderRdpFile({ vm, method })));
      written.push(path);
    }
  }
  return written;
}
