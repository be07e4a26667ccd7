/**
 * Unknown is a value, not a guess: the pure side of facts discovery could not read. Rules ask
 * `unreadFact` before deciding anything that rests on a fact, and plan nothing on it when it is unread; every
 * unread fact becomes one `read-failed` finding that says what could not be read, why, and what would let the
 * tool read it.
 */
import type { Snapshot, UnreadFact } from './snapshot';

/**
 * The keys of contextual facts, shared by discovery (which records them) and the rules and predictions (which
 * look them up). A listing has its own key beside its items' (`nics:<subscription>` beside `nic:<id>`).
 */
export const FACT_KEYS = {
  /** A subscription's VMs that could not be listed, in whole or in the resource groups the answers name. */
  vms: (subscriptionId: string) => `vms:${subscriptionId}`,
  /** The same for its Azure Arc-enabled servers. */
  arcMachines: (subscriptionId: string) => `arc-machines:${subscriptionId}`,
  nic: (id: string) => `nic:${id}`,
  nsg: (id: string) => `nsg:${id}`,
  vnet: (id: string) => `vnet:${id}`,
  nics: (subscriptionId: string) => `nics:${subscriptionId}`,
  nsgs: (subscriptionId: string) => `nsgs:${subscriptionId}`,
  bastions: (subscriptionId: string) => `bastions:${subscriptionId}`,
  roleAssignments: (subscriptionId: string) => `role-assignments:${subscriptionId}`,
  extensionVersions: (locationAndType: string) => `extension-versions:${locationAndType}`,
  devices: 'devices',
  servicePrincipals: 'service-principals',
  caPolicies: 'ca-policies',
  securityDefaults: 'security-defaults',
  licences: 'licences',
  perUserMfa: 'per-user-mfa',
  authMethods: 'auth-methods',
  registrationDetails: 'registration-details',
} as const;

import type { FindingDraft, StepId } from './types';

/** The unread fact among `keys` (case-insensitive), or undefined when all of them were read. */
export function unreadFact(
  snapshot: Pick<Snapshot, 'unread'>,
  ...keys: (string | undefined)[]
): UnreadFact | undefined {
  const unread = snapshot.unread;
  if (!unread || unread.length === 0) return undefined;
  const wanted = new Set(keys.filter((k): k is string => !!k).map((k) => k.toLowerCase()));
  return unread.find((f) => wanted.has(f.key.toLowerCase()));
}

/** "unknown: could not read the network security group nsg-app (refused)" — for predictions and messages. */
export function unknownBecause(fact: UnreadFact): string {
  return `unknown: could not read ${fact.what} (${fact.reason})`;
}

export function readFailedFinding(fact: UnreadFact): FindingDraft {
  return {
    code: 'read-failed',
    severity: 'warning',
    step: fact.step,
    target: fact.resource,
    message: `Could not read ${fact.what}: ${fact.reason}. What depends on it is unknown, and nothing is planned on it.`,
    remediation: `Reading it needs ${fact.needs}; grant that (entra-vm-login permissions lists everything) and plan again.`,
    fixedBy: [],
  };
}

/** One `read-failed` finding per unread fact, optionally only a step's own. */
export function readFailedFindings(snapshot: Pick<Snapshot, 'unread'>, step?: StepId): FindingDraft[] {
  return (snapshot.unread ?? []).filter((f) => step === undefined || f.step === step).map(readFailedFinding);
}
