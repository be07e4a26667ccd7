/**
 * Runs the steps' discovery into one snapshot. The selected VMs come first; every other step then reads
 * concurrently (DESIGN §4). Shared reads are started once and awaited by whoever needs them: the principals
 * (resolved beside VM selection, awaited by role assignment, Conditional Access and client readiness) and the
 * NICs (steps/identity-extension/network.ts, for NSG rules and Bastion reachability). Each phase costs only its
 * slowest chain of round trips.
 */

import { stepById } from '../../steps/registry';
import { ensurePrincipals } from '../../steps/shared/principals';
import type { Gateway } from '../azure/operations';
import type { Answers } from '../plan/answers';
import { emptySnapshot, type Snapshot } from '../plan/snapshot';
import type { StepId } from '../plan/types';

const PHASES: readonly (readonly StepId[])[] = [
  ['vm-selection'],
  ['identity-extension', 'service-principal', 'role-assignment', 'conditional-access', 'client-readiness'],
];

export interface DiscoverOptions {
  progress?: (message: string) => void;
  signal?: AbortSignal;
  tenantId?: string;
}

export async function runDiscovery(
  gateway: Gateway,
  answers: Answers,
  options: DiscoverOptions = {},
): Promise<Snapshot> {
  const snapshot = emptySnapshot(gateway.cloud, options.tenantId ?? '');
  const ctx = {
    gateway,
    answers,
    snapshot,
    progress: options.progress ?? (() => {}),
    signal: options.signal,
  };
  // Principals need no VM: resolve them while the VM lists page. Awaited (and its error surfaced) by the steps.
  const principals = ensurePrincipals(ctx);
  principals.catch(() => {});
  for (const phase of PHASES) {
    options.signal?.throwIfAborted();
    await Promise.all(phase.map((id) => stepById(id).discover(ctx)));
  }
  await principals;
  return snapshot;
}
