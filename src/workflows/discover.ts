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
import { groupDigits } from '../core/numbers';
import type { Answers } from '../plan/answers';
import { emptySnapshot, type Snapshot } from '../plan/snapshot';
import { collectGarbage } from './heap';

export interface DiscoverOptions {
  progress?: (message: string) => void;
  signal?: AbortSignal;
  tenantId?: string;
  /** The wizard's discovery, whose memory peak these collections lower whatever the tenant's size (heap.ts). */
  interactive?: boolean;
}

/**
 * From this many VMs a batch command collects after discovery: below it the garbage left behind is a few MB
 * (1,000 VMs: the same peak RSS with the collection or without it) and the collection only costs its 20-30 ms.
 */
export const FLEET_COLLECTIONS_FROM_VMS = 2000;

/**
 * From this many VMs `plan` collects once more after planning. The collection marks everything the plan and
 * the snapshot hold, so it costs more as they grow (5,000 VMs: the plan's wall time rose by about 150 ms),
 * while it matters only where the peak nears a small machine's memory (20,000 VMs: 312 → 271 MB).
 */
export const PLAN_COLLECTION_FROM_VMS = 10_000;

/**
 * Whether a discovery collects before it starts and after it has found `vms` VMs, and whether `plan` collects
 * again once it has planned them, before printing (the wizard plans little at a time and prints no plan).
 */
export function collectsAround(
  interactive: boolean,
  vms: number,
): { before: boolean; after: boolean; afterPlanning: boolean } {
  return {
    before: interactive,
    after: interactive || vms >= FLEET_COLLECTIONS_FROM_VMS,
    afterPlanning: !interactive && vms >= PLAN_COLLECTION_FROM_VMS,
  };
}

export async function runDiscovery(
  gateway: Gateway,
  answers: Answers,
  options: DiscoverOptions = {},
): Promise<Snapshot> {
  // What loading the SDKs left behind goes before discovery adds its own (the wizard's peak is here; a batch
  // command's comes later, after V8's own collections have run).
  const interactive = options.interactive === true;
  if (collectsAround(interactive, 0).before) collectGarbage('before-discovery', interactive);
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
  // Reads that need no VM start now, beside the VM lists, rather than in the phase after them.
  for (const step of STEPS.steps) step.prefetch?.(ctx);
  const phases = STEPS.phases();
  for (const [i, phase] of phases.entries()) {
    options.signal?.throwIfAborted();
    const started = Date.now();
    await Promise.all(phase.map((step) => step.discover(ctx)));
    ctx.progress(phaseSummary(i, phases.length, snapshot, Date.now() - started));
  }
  await principals;
  // The SDK pages are done with: planning starts from the snapshot, not on top of their promoted garbage.
  if (collectsAround(interactive, snapshot.vms.length).after) collectGarbage('after-discovery', interactive);
  return snapshot;
}

const plural = (n: number, word: string) => `${groupDigits(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * One line per discovery phase with what it found, so a fleet's plan says where its time went ("Phase 1 of 2:
 * 2,000 VMs in 2 subscriptions (4.1 s)") instead of going quiet for a minute.
 */
export function phaseSummary(index: number, count: number, snapshot: Snapshot, ms: number): string {
  const subs = new Set(snapshot.vms.map((v) => v.subscriptionId.toLowerCase())).size;
  const found =
    index === 0
      ? `${plural(snapshot.vms.length, 'VM')} in ${plural(subs, 'subscription')}`
      : [
          plural(snapshot.roleAssignments.length, 'role assignment'),
          plural(snapshot.caPolicies.length, 'Conditional Access policy').replace(/policys$/, 'policies'),
          plural(new Set(Object.values(snapshot.nics)).size, 'NIC'),
          plural(snapshot.bastions.length, 'Bastion host'),
        ].join(', ');
  return `Phase ${index + 1} of ${count}: ${found} (${(ms / 1000).toFixed(1)} s)`;
}
