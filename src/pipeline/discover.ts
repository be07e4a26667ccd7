/**
 * Runs the steps' discovery into one snapshot. Phases follow the data each step reads: the selected VMs come
 * first; principals (role-assignment) before Conditional Access and client readiness. Within a phase, steps
 * read concurrently (DESIGN §4): the NIC read that identity-extension (NSGs) and role-assignment (Bastion
 * reachability) both need is shared (steps/identity-extension/network.ts), so they need not wait for each other,
 * and each phase costs only its slowest chain of round trips.
 */

import { stepById } from '../../steps/index';
import type { Gateway } from '../azure/operations';
import type { Answers } from '../plan/answers';
import { emptySnapshot, type Snapshot } from '../plan/snapshot';
import type { StepId } from '../plan/types';

const PHASES: readonly (readonly StepId[])[] = [
  ['vm-selection'],
  ['identity-extension', 'service-principal', 'role-assignment'],
  ['conditional-access', 'client-readiness'],
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
  for (const phase of PHASES) {
    options.signal?.throwIfAborted();
    await Promise.all(phase.map((id) => stepById(id).discover(ctx)));
  }
  return snapshot;
}
