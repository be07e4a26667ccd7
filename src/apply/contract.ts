/**
 * What the apply engine and the steps agree on: the handler a step provides for each of its action kinds, and
 * the events and results the engine reports. Types only, so the wizard's pure state machine can name them
 * without loading the engine.
 */
import type { Gateway } from '../azure/operations';
import type { UserError } from '../errors';
import type { Action } from '../plan/types';

export interface ApplyContext {
  gateway: Gateway;
  signal: AbortSignal;
  /** Intermediate state for the apply screen ("Creating", "Waiting for the extension…"). */
  progress(message: string): void;
  /**
   * True when nothing this action writes can have reached Azure yet: its first attempt, never started in an
   * earlier run, and the stale check has just confirmed the facts it was planned on. A handler may then skip
   * reading the target's current state before writing.
   */
  fresh?: boolean;
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

export type ApplyEventType =
  | 'started'
  | 'retrying'
  | 'succeeded'
  | 'already-done'
  | 'failed'
  | 'skipped'
  | 'interrupted'
  | 'resumed'
  | 'progress';

/** What the live apply screen (and the CLI's stderr progress) shows. */
export interface ApplyEvent {
  type: ApplyEventType;
  actionId: string;
  attempt?: number;
  delayMs?: number;
  message?: string;
  elapsedMs?: number;
}

export type ActionState =
  | 'succeeded'
  | 'already-done'
  /** Completed in an earlier run, according to the journal; not run again. */
  | 'resumed'
  | 'failed'
  | 'skipped'
  | 'interrupted'
  | 'not-started';

export interface ActionOutcome {
  state: ActionState;
  message?: string;
  /** Handler calls made in this run (automatic retries and admin retries included). */
  attempts: number;
  outputs?: Record<string, unknown>;
}

export interface RunResult {
  /**
   * `interrupted` after an abort signal or a lost sign-in: the CLI says "run apply again to resume" and exits
   * 130/143/129, or 3 when `signInLost` is set.
   */
  status: 'succeeded' | 'failed' | 'interrupted';
  /** The 401 (or failed token refresh) that stopped the run: nothing more was started after it. */
  signInLost?: UserError;
  results: Record<string, ActionOutcome>;
  /** Handler calls beyond the first per action. */
  retries: number;
}

export type FailureChoice = 'retry' | 'skip' | 'abort';
