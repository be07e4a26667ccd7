/**
 * The apply executor: runs a plan's actions in dependency order with bounded concurrency,
 * retries transient failures, journals every start and end, and resumes from the journal after a crash or
 * Ctrl-C without repeating work. Handlers come from the step modules; this module knows no Azure API.
 *
 * Invariants: an action starts only after all its dependencies succeeded (now or in an earlier run); at most
 * `parallelism` actions are in flight, not counting those whose write was refused and that wait out the
 * service's Retry-After (see `slots`), and none starts while ARM's buckets hold requests back (see `held`); nothing is written (no handler runs, no journal line) when the stale
 * check reports a change; every action that starts ends with exactly one terminal journal event unless the
 * process dies.
 */

import type { Gateway } from '../azure/operations';
import { BugError, isTransient, UserError } from '../errors';
import { fileSystemError } from '../fs-errors';
import { orderById } from '../plan/order';
import { journalPathFor } from '../plan/plan-file';
import type { Action, ActionKind, Plan } from '../plan/types';
import type {
  ActionHandler,
  ActionOutcome,
  ActionResult,
  ActionState,
  ApplyContext,
  ApplyEvent,
  FailureChoice,
  RunResult,
} from './contract';
import {
  completedActionIds,
  type JournalEvent,
  type JournalEventName,
  JournalWriter,
  readJournal,
  startedActionIds,
} from './journal';
import { errorMessage, realSleep, type Sleep, withRetry } from './retry';
import { type StaleChange, withoutOwnWrites } from './stale';

export type { ActionOutcome, ActionState, ApplyEvent, ApplyEventType, FailureChoice, RunResult } from './contract';
export { diffFingerprints, type StaleChange } from './stale';

export interface RunPlanOptions {
  plan: Plan;
  /** The plan file; the journal lives next to it (`journalPathFor`). */
  planPath: string;
  handlers: Partial<Record<ActionKind, ActionHandler>>;
  gateway: Gateway;
  parallelism?: number;
  /** Graceful stop (Ctrl-C): no new action starts, in-flight ones finish, retry waits end. */
  signal?: AbortSignal;
  /** Hard stop (a second Ctrl-C): also passed to the handlers so that in-flight work is cancelled. */
  forceSignal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  /**
   * The wizard's Retry / Skip / Abort after a final failure; absent, a failure is final. Calls are made one
   * at a time, and no new action starts while one is pending. `skip` marks the action skipped (its
   * dependents too); `abort` starts nothing more.
   */
  onFailure?: (action: Action, error: unknown) => Promise<FailureChoice>;
  /**
   * Told once when a write is refused because the sign-in expired or was revoked (401): the run starts
   * nothing more, and the caller cancels the requests still in flight so they are journalled as interrupted.
   */
  onSignInLost?: (error: UserError) => void;
  /** Re-discovers the plan's resources; called once, before the first write. Any change stops the run. */
  checkStale?: () => Promise<StaleChange[]>;
  retry?: { maxAttempts?: number; baseMs?: number; capMs?: number };
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
}

/** Thrown by `runPlan` when resources moved since planning; `changes` lists them for the screen. */
export class PlanStaleError extends UserError {
  constructor(readonly changes: StaleChange[]) {
    const shown = changes.slice(0, 3).map((c) => c.resourceId);
    const more = changes.length > shown.length ? ` and ${changes.length - shown.length} more` : '';
    super(
      'plan-stale',
      `the plan is stale: ${changes.length} ${changes.length === 1 ? 'resource' : 'resources'} changed since it was made (${shown.join(', ')}${more})`,
      'Run `entra-vm-login plan` again, review the new plan, then apply it. Nothing was changed.',
    );
  }
}

class JournalFailure extends Error {}

const DONE: ReadonlySet<ActionState> = new Set(['succeeded', 'already-done', 'resumed']);

export async function runPlan(opts: RunPlanOptions): Promise<RunResult> {
  const { plan, signal } = opts;
  const parallelism = opts.parallelism ?? 8;
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new BugError(`parallelism must be a positive integer, got ${parallelism}`);
  }
  const missing = [...new Set(plan.actions.map((a) => a.kind))].filter((k) => !opts.handlers[k]);
  if (missing.length > 0) throw new BugError(`no apply handler for action kind ${missing.join(', ')}`);
  const order = orderById(plan.actions);

  const journalPath = journalPathFor(opts.planPath);
  const past = await readJournal(journalPath, plan.digest);
  const completed = completedActionIds(past);
  const results: Record<string, ActionOutcome> = {};
  for (const a of order) {
    results[a.id] = completed.has(a.id)
      ? { state: 'resumed', attempts: 0, message: 'done in an earlier run' }
      : { state: 'not-started', attempts: 0 };
    if (completed.has(a.id)) opts.onEvent?.({ type: 'resumed', actionId: a.id, message: 'done in an earlier run' });
  }

  let signInLost: UserError | undefined;
  const finish = (): RunResult => {
    const all = Object.values(results);
    const status = all.every((r) => DONE.has(r.state))
      ? 'succeeded'
      : signal?.aborted || signInLost
        ? 'interrupted'
        : 'failed';
    const result: RunResult = { status, results, retries: all.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0) };
    if (signInLost) result.signInLost = signInLost;
    return result;
  };

  if (order.every((a) => completed.has(a.id)) || signal?.aborted) return finish();

  if (opts.checkStale) {
    const started = startedActionIds(past);
    const ownTargets = plan.actions.filter((a) => started.has(a.id)).map((a) => a.target);
    const changes = withoutOwnWrites(await opts.checkStale(), ownTargets);
    if (changes.length > 0) throw new PlanStaleError(changes);
    if (signal?.aborted) return finish();
  }

  const journal = await JournalWriter.open(journalPath);
  try {
    const startedBefore = startedActionIds(past);
    const confirmed = opts.checkStale !== undefined;
    const fresh = (a: Action) => confirmed && !startedBefore.has(a.id);
    const execution = new Execution(opts, order, completed, results, journal, parallelism, fresh);
    try {
      await execution.run();
    } finally {
      signInLost = execution.signInLost;
    }
  } finally {
    await journal.close().catch(() => undefined);
  }
  return finish();
}

/** One run of the scheduler: the mutable state of a `runPlan` call. */
class Execution {
  private readonly index = new Map<string, number>();
  private readonly dependents = new Map<string, Action[]>();
  private readonly waitingOn = new Map<string, number>();
  /** Indices into `order`, ascending: ties start in plan order. */
  private readonly ready: number[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private promptsOpen = 0;
  private promptChain: Promise<unknown> = Promise.resolve();
  /** A journal write failed (`journalFailed`) or a callback threw: stop starting, then throw after in-flight work. */
  private fatal: unknown;
  private journalFailed = false;
  /** Set by the first 401: nothing new starts, in-flight actions end as interrupted. */
  signInLost: UserError | undefined;
  private wake: () => void = () => undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly handlerSignal: AbortSignal;

  constructor(
    private readonly opts: RunPlanOptions,
    private readonly order: Action[],
    completed: Set<string>,
    private readonly results: Record<string, ActionOutcome>,
    private readonly journal: JournalWriter,
    private readonly parallelism: number,
    private readonly fresh: (action: Action) => boolean,
  ) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.handlerSignal = opts.forceSignal ?? new AbortController().signal;
    order.forEach((a, i) => {
      this.index.set(a.id, i);
      this.dependents.set(a.id, []);
    });
    for (const a of order) {
      if (completed.has(a.id)) continue;
      const open = a.dependsOn.filter((d) => !completed.has(d));
      for (const d of open) this.dependents.get(d)!.push(a);
      this.waitingOn.set(a.id, open.length);
      if (open.length === 0) this.ready.push(this.index.get(a.id)!);
    }
  }

  private halted(): boolean {
    return (
      this.stopping || this.fatal !== undefined || this.signInLost !== undefined || this.opts.signal?.aborted === true
    );
  }

  /**
   * ARM is out of tokens when requests wait at the gateway's pacer: an action started now would only queue
   * behind them. Concurrency thus follows ARM's refill rate, between one action and `parallelism`.
   */
  private held(): boolean {
    const pacing = this.opts.gateway.pacing;
    return pacing !== undefined && this.running.size > 0 && pacing.waiting() > 0;
  }

  /**
   * Actions allowed in flight: `parallelism`, plus one for each action whose write was refused and that only
   * waits out the service's Retry-After (up to `parallelism` more): nothing runs in Azure for it meanwhile, so
   * a resource provider's 429s cost a wait, not a slot.
   */
  private slots(): number {
    const parked = this.opts.gateway.pacing?.retryWaits() ?? 0;
    return this.parallelism + Math.min(parked, this.parallelism);
  }

  async run(): Promise<void> {
    const unsubscribe = this.opts.gateway.pacing?.subscribe(() => this.notify());
    try {
      await this.loop();
    } finally {
      unsubscribe?.();
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      while (
        !this.halted() &&
        this.promptsOpen === 0 &&
        this.running.size < this.slots() &&
        this.ready.length > 0 &&
        !this.held()
      ) {
        this.start(this.order[this.ready.shift()!]!);
      }
      if (this.running.size === 0) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.fatal !== undefined && !this.journalFailed) throw this.fatal;
    if (this.fatal !== undefined) {
      throw fileSystemError(
        this.fatal,
        'write the apply journal',
        this.journal.path,
        'Free space or fix the permissions, then run apply again to resume: the journal says what was done.',
      );
    }
  }

  private notify(): void {
    this.wake();
  }

  private start(action: Action): void {
    const task = this.execute(action).finally(() => {
      this.running.delete(action.id);
      this.notify();
    });
    this.running.set(action.id, task);
  }

  /** A throwing listener is a bug in the caller: it must not pass for an action failure, so it stops the run. */
  private emit(event: ApplyEvent): void {
    try {
      this.opts.onEvent?.(event);
    } catch (e) {
      this.fatal ??= e;
    }
  }

  private async record(action: Action, event: JournalEventName, extra: Partial<JournalEvent> = {}): Promise<void> {
    try {
      await this.journal.append({
        ts: new Date(this.now()).toISOString(),
        planDigest: this.opts.plan.digest,
        actionId: action.id,
        kind: action.kind,
        event,
        ...extra,
      });
    } catch (e) {
      if (this.fatal === undefined) {
        this.fatal = e;
        this.journalFailed = true;
      }
      throw new JournalFailure();
    }
  }

  private async execute(action: Action): Promise<void> {
    try {
      await this.attemptUntilFinal(action);
    } catch (e) {
      const r = this.results[action.id]!;
      r.state = 'interrupted';
      if (e instanceof JournalFailure) {
        r.message = 'the journal could not be written';
      } else {
        this.fatal ??= e;
        r.message = errorMessage(e);
      }
    }
  }

  private async attemptUntilFinal(action: Action): Promise<void> {
    const handler = this.opts.handlers[action.kind]!;
    const r = this.results[action.id]!;
    const started = this.now();
    const ctx: ApplyContext = {
      gateway: this.opts.gateway,
      signal: this.handlerSignal,
      progress: (message) => this.emit({ type: 'progress', actionId: action.id, message }),
    };
    for (;;) {
      let announced = false;
      let outcome: ActionResult;
      try {
        outcome = await withRetry(
          async () => {
            r.attempts++;
            await this.record(action, 'started', { attempt: r.attempts });
            if (!announced) this.emit({ type: 'started', actionId: action.id, attempt: r.attempts });
            announced = true;
            return handler(action, { ...ctx, fresh: r.attempts === 1 && this.fresh(action) });
          },
          {
            ...this.opts.retry,
            sleep: this.sleep,
            random: this.opts.random,
            signal: this.opts.signal,
            onRetry: (info) =>
              this.emit({
                type: 'retrying',
                actionId: action.id,
                attempt: r.attempts + 1,
                delayMs: info.delayMs,
                message: info.message,
              }),
          },
        );
      } catch (e) {
        if (e instanceof JournalFailure) throw e;
        const message = describeError(e);
        if (isSignInLost(e)) {
          // The write was refused, not failed: journalled as interrupted so that apply, run again after
          // signing in, starts it over. Every other action stops here too.
          if (this.signInLost === undefined) {
            this.signInLost = e;
            this.opts.onSignInLost?.(e);
          }
          await this.record(action, 'interrupted', { attempt: r.attempts, message });
          Object.assign(r, { state: 'interrupted', message });
          this.emit({ type: 'interrupted', actionId: action.id, attempt: r.attempts, message });
          return;
        }
        if (this.endedByAbort(e)) {
          await this.record(action, 'interrupted', { attempt: r.attempts, message });
          Object.assign(r, { state: 'interrupted', message });
          this.emit({ type: 'interrupted', actionId: action.id, attempt: r.attempts, message });
          return;
        }
        await this.record(action, 'failed', { attempt: r.attempts, message });
        Object.assign(r, { state: 'failed', message });
        this.emit({
          type: 'failed',
          actionId: action.id,
          attempt: r.attempts,
          message,
          elapsedMs: this.now() - started,
        });
        const choice = await this.askAfterFailure(action, e);
        if (choice === 'retry') continue;
        if (choice === 'skip') {
          const why = `skipped by the admin after: ${message}`;
          await this.record(action, 'skipped', { message: why });
          Object.assign(r, { state: 'skipped', message: why });
          this.emit({ type: 'skipped', actionId: action.id, message: why });
        }
        if (choice === 'abort') this.stopping = true;
        await this.skipDependents(action);
        return;
      }
      const state = outcome.outcome === 'already-done' ? 'already-done' : 'succeeded';
      await this.record(action, state, { attempt: r.attempts, message: outcome.detail });
      Object.assign(r, { state, message: outcome.detail, outputs: outcome.outputs });
      this.emit({
        type: state,
        actionId: action.id,
        attempt: r.attempts,
        message: outcome.detail,
        elapsedMs: this.now() - started,
      });
      this.release(action);
      return;
    }
  }

  private endedByAbort(e: unknown): boolean {
    const aborted = this.opts.signal?.aborted === true || this.handlerSignal.aborted || this.signInLost !== undefined;
    if (e instanceof UserError && e.code === 'interrupted') return true;
    return aborted && ((e as Error | undefined)?.name === 'AbortError' || isTransient(e));
  }

  /** One prompt at a time; none once the run is stopping (the failure is then final). */
  private askAfterFailure(action: Action, error: unknown): Promise<FailureChoice | undefined> {
    const ask = this.opts.onFailure;
    if (!ask || this.halted()) return Promise.resolve(undefined);
    this.promptsOpen++;
    const answer = this.promptChain.then(async () => {
      if (this.halted()) return undefined;
      return ask(action, error);
    });
    this.promptChain = answer.catch(() => undefined);
    return answer.finally(() => {
      this.promptsOpen--;
      this.notify();
    });
  }

  /** After a success: dependents whose last open dependency this was become ready. */
  private release(action: Action): void {
    for (const d of this.dependents.get(action.id)!) {
      const left = this.waitingOn.get(d.id)! - 1;
      this.waitingOn.set(d.id, left);
      if (left === 0 && this.results[d.id]!.state === 'not-started') insertSorted(this.ready, this.index.get(d.id)!);
    }
  }

  /** After a final failure: every transitive dependent is skipped, naming the action that failed. */
  private async skipDependents(failed: Action): Promise<void> {
    const message = `skipped: ${failed.id} failed`;
    const queue = [...this.dependents.get(failed.id)!];
    while (queue.length > 0) {
      const d = queue.shift()!;
      const r = this.results[d.id]!;
      if (r.state !== 'not-started') continue;
      Object.assign(r, { state: 'skipped', message });
      removeSorted(this.ready, this.index.get(d.id)!);
      await this.record(d, 'skipped', { message });
      this.emit({ type: 'skipped', actionId: d.id, message });
      for (const next of this.dependents.get(d.id)!) queue.push(next);
    }
  }
}

/** A 401 from Azure or Graph, or a token that could no longer be obtained, in the middle of apply. */
function isSignInLost(e: unknown): e is UserError {
  return e instanceof UserError && (e.code === 'auth-failed' || e.code === 'auth-required');
}

/** One line a user can act on; for errors that are not ours to word, the error's name says what it was. */
function describeError(e: unknown): string {
  if (e instanceof UserError) return e.hint ? `${e.message}. ${e.hint}` : e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function insertSorted(xs: number[], v: number): void {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  xs.splice(lo, 0, v);
}

function removeSorted(xs: number[], v: number): void {
  const i = xs.indexOf(v);
  if (i >= 0) xs.splice(i, 1);
}
