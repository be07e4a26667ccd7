/**
 * Runs the steps' discovery into one snapshot. The selected VMs come first; every other step then reads
 * concurrently (the step contract's discovery phases). Shared reads are started once and awaited by whoever needs them: the principals
 * (resolved beside VM selection, awaited by role assignment, Conditional Access and client readiness) and the
 * NICs (steps/shared/network.ts, for NSG rules and Bastion reachability). Each phase costs only its
 * slowest chain of round trips.
 */

import { STEPS } from '../../steps/registry';
import { ensurePrincipals } from '../../steps/shared/principals';
import type { Gateway } from '../azure/operations';
import type { Answers } from '../plan/answers';
import { emptySnapshot, type Snapshot } from '../plan/snapshot';

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
  for (const phase of STEPS.phases()) {
    options.signal?.throwIfAborted();
    await Promise.all(phase.map((step) => step.discover(ctx)));
  }
  await principals;
  return snapshot;
}
