/**
 * The contract of a step module (CONVENTIONS 3): discover → assess → plan → apply handlers → verify.
 * A step holds everything about its step; adding a step is adding one module (and one screen).
 *
 * Discovery fills the snapshot fields the step owns (see `STEP_OWNERSHIP` below) and may read fields that
 * earlier phases filled. `assess` and `plan` are pure. Handlers perform one action each through the gateway.
 */
import type { Gateway } from '../../src/azure/operations';
import type { Answers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import type { Action, ActionDraft, ActionKind, FindingDraft, StepId } from '../../src/plan/types';

export interface DiscoverContext {
  gateway: Gateway;
  answers: Answers;
  /** Shared across steps; each step writes only the fields it owns. */
  snapshot: Snapshot;
  /** Short progress lines for the screen or stderr ("Reading role assignments…"). */
  progress(message: string): void;
  signal?: AbortSignal;
}

export interface ApplyContext {
  gateway: Gateway;
  signal: AbortSignal;
  /** Intermediate state for the apply screen ("Creating", "Waiting for the extension…"). */
  progress(message: string): void;
}

/**
 * What a handler reports. `already-done` means the write was not needed (409 exists, state already as
 * wanted): idempotent re-runs and resumes rely on it.
 */
export interface ActionResult {
  outcome: 'done' | 'already-done';
  detail?: string;
  /** Facts produced by the write that later actions may need (e.g. a new policy id). */
  outputs?: Record<string, unknown>;
}

/**
 * Performs one action. Throws `UserError` for failures: transient ones (throttled, service-unavailable,
 * network) are retried by the executor; `action-failed` is final and its message says why and how to fix it.
 */
export type ActionHandler = (action: Action, ctx: ApplyContext) => Promise<ActionResult>;

/** After apply: re-reads the target and returns a one-line problem if it is not as planned. */
export type ActionVerifier = (action: Action, gateway: Gateway) => Promise<string | undefined>;

export interface StepModule {
  id: StepId;
  /** Screen title: "VM selection", "Identity and extension", … */
  title: string;
  discover(ctx: DiscoverContext): Promise<void>;
  /** Pure. `fixedBy` names the keys of drafts that `plan` returns for the same inputs. */
  assess(snapshot: Snapshot, answers: Answers): FindingDraft[];
  /** Pure and deterministic: the same snapshot and answers give the same drafts in the same order. */
  plan(snapshot: Snapshot, answers: Answers): ActionDraft[];
  handlers: Partial<Record<ActionKind, ActionHandler>>;
  verifiers?: Partial<Record<ActionKind, ActionVerifier>>;
}

/**
 * Which snapshot fields each step's discovery fills. Discovery runs in phases:
 *   1. vm-selection (selected VMs, subscriptions, tenant) and role-assignment's principal resolution
 *   2. everything else, concurrently.
 */
export const STEP_OWNERSHIP: Record<StepId, readonly (keyof Snapshot)[]> = {
  'vm-selection': ['subscriptions', 'vms', 'tenantId'],
  'identity-extension': ['devicesByName', 'extensionVersions', 'nics', 'nsgs'],
  'role-assignment': ['principals', 'unresolvedPrincipals', 'roleAssignments', 'bastions', 'vnets'],
  'service-principal': ['servicePrincipals'],
  'conditional-access': ['caPolicies', 'securityDefaultsEnabled', 'licenceP1', 'perUserMfa'],
  'client-readiness': ['authMethods', 'client'],
};

/** Deterministic draft keys, shared so that findings and other steps can refer to actions. */
export const actionKey = (kind: ActionKind, ...parts: string[]): string =>
  [kind, ...parts.map((p) => p.toLowerCase())].join(':');
