import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionHandler, ActionResult, ApplyContext } from '../../../src/apply/contract';
import {
  type ApplyEvent,
  type FailureChoice,
  PlanStaleError,
  type RunPlanOptions,
  runPlan,
} from '../../../src/apply/executor';
import { type JournalEvent, readJournal } from '../../../src/apply/journal';
import type { Gateway } from '../../../src/azure/operations';
import { BugError, UserError } from '../../../src/errors';
import { journalPathFor } from '../../../src/plan/plan-file';
import { ACTION_KINDS, type Action, type Plan } from '../../../src/plan/types';
import { independentActions, makeAction, makePlan } from '../../fixtures/plan';

let dir: string;
let planPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evl-exec-'));
  planPath = join(dir, 'plan.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const gateway = { cloud: 'AzureCloud' } as unknown as Gateway;

/** Lets pending promise callbacks and I/O run; no timers involved. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

/**
 * Waits (turn by turn, no timers) until `cond` holds; fails after 20 s. A deadline rather than a number of
 * turns: journal fsyncs on a loaded machine can take longer than any fixed number of turns.
 */
async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (cond()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type Behaviour = (action: Action, ctx: ApplyContext, call: number) => Promise<ActionResult>;

/** Runs a plan with one behaviour for every kind, recording handler calls, events and sleeps. */
function setup(plan: Plan, behaviour: Behaviour = async () => ({ outcome: 'done' })) {
  const calls: Record<string, number> = {};
  const events: ApplyEvent[] = [];
  const sleeps: number[] = [];
  const handler: ActionHandler = (action, ctx) => {
    calls[action.id] = (calls[action.id] ?? 0) + 1;
    return behaviour(action, ctx, calls[action.id]!);
  };
  const handlers = Object.fromEntries(ACTION_KINDS.map((k) => [k, handler]));
  const run = (extra: Partial<RunPlanOptions> = {}) =>
    runPlan({
      plan,
      planPath,
      handlers,
      gateway,
      onEvent: (e) => events.push(e),
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      now: () => 0,
      ...extra,
    });
  return { calls, events, sleeps, run };
}

const journal = (plan: Plan) => readJournal(journalPathFor(planPath), plan.digest);
const brief = (events: JournalEvent[]) =>
  events.map((e) => `${e.actionId} ${e.event}${e.attempt ? ` #${e.attempt}` : ''}`);
const states = (results: Record<string, { state: string }>) =>
  Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.state]));
/** The most actions between their `started` and terminal lines at any point of the journal (its order is start order). */
function journalMaxInFlight(events: JournalEvent[]): number {
  const open = new Set<string>();
  let max = 0;
  for (const e of events) {
    if (e.event === 'started') open.add(e.actionId);
    else open.delete(e.actionId);
    max = Math.max(max, open.size);
  }
  return max;
}
const throttled = (retryAfterMs?: number) =>
  Object.assign(new UserError('throttled', 'Azure is throttling requests'), { retryAfterMs });
const hardFailure = () => new UserError('action-failed', 'AADLoginForWindows failed with exit code 1007');

describe('runPlan: concurrency and order', () => {
  it.each([4, 8])('never has more than %i actions in flight, and fills that limit', async (limit) => {
    const plan = makePlan(independentActions(30));
    const inFlight = new Map<string, () => void>();
    let max = 0;
    const { calls, run } = setup(plan, async (action) => {
      const gate = deferred();
      inFlight.set(action.id, gate.resolve);
      max = Math.max(max, inFlight.size);
      await gate.promise;
      inFlight.delete(action.id);
      return { outcome: 'done' };
    });
    const running = run({ parallelism: limit });
    // Release one in-flight action at a time, picking them out of order, until all 30 have run.
    for (let finished = 0; finished < 30; finished++) {
      const expected = Math.min(limit, 30 - finished);
      await waitFor(() => inFlight.size === expected, `${expected} in flight`);
      const ids = [...inFlight.keys()];
      inFlight.get(ids[(finished * 7) % ids.length]!)!();
    }
    const result = await running;
    expect(max).toBe(limit);
    expect(journalMaxInFlight(await journal(plan))).toBe(limit);
    expect(result.status).toBe('succeeded');
    expect(Object.values(calls)).toEqual(Array(30).fill(1));
    expect(Object.values(result.results).every((r) => r.state === 'succeeded' && r.attempts === 1)).toBe(true);
  });

  it('starts an action only after all its dependencies succeeded', async () => {
    const actions = Array.from({ length: 30 }, (_, i) =>
      makeAction({ id: `a${i + 1}`, dependsOn: i >= 5 ? [`a${i - 4}`, ...(i % 3 === 0 ? [`a${i - 2}`] : [])] : [] }),
    );
    const plan = makePlan(actions);
    const log: string[] = [];
    const { run } = setup(plan, async (action) => {
      log.push(`start ${action.id}`);
      for (let i = 0; i < (Number(action.id.slice(1)) * 3) % 4; i++) await tick();
      log.push(`end ${action.id}`);
      return { outcome: 'done' };
    });
    const result = await run({ parallelism: 4 });
    expect(result.status).toBe('succeeded');
    for (const a of actions) {
      for (const d of a.dependsOn) {
        expect(log.indexOf(`end ${d}`), `${d} before ${a.id}`).toBeLessThan(log.indexOf(`start ${a.id}`));
      }
    }
  });

  it('reports the handler outcome, detail, outputs and progress', async () => {
    const plan = makePlan([makeAction({ id: 'a1' }), makeAction({ id: 'a2' })]);
    const { events, run } = setup(plan, async (action, ctx) => {
      ctx.progress('Waiting for the extension…');
      return action.id === 'a1'
        ? { outcome: 'done', detail: 'installed', outputs: { version: '2.2' } }
        : { outcome: 'already-done', detail: 'already installed' };
    });
    const result = await run({ parallelism: 1 });
    expect(result).toEqual({
      status: 'succeeded',
      retries: 0,
      results: {
        a1: { state: 'succeeded', attempts: 1, message: 'installed', outputs: { version: '2.2' } },
        a2: { state: 'already-done', attempts: 1, message: 'already installed', outputs: undefined },
      },
    });
    expect(events).toEqual([
      { type: 'started', actionId: 'a1', attempt: 1 },
      { type: 'progress', actionId: 'a1', message: 'Waiting for the extension…' },
      { type: 'succeeded', actionId: 'a1', attempt: 1, message: 'installed', elapsedMs: 0 },
      { type: 'started', actionId: 'a2', attempt: 1 },
      { type: 'progress', actionId: 'a2', message: 'Waiting for the extension…' },
      { type: 'already-done', actionId: 'a2', attempt: 1, message: 'already installed', elapsedMs: 0 },
    ]);
    expect(brief(await journal(plan))).toEqual([
      'a1 started #1',
      'a1 succeeded #1',
      'a2 started #1',
      'a2 already-done #1',
    ]);
  });

  it('treats a missing handler as a bug and writes nothing', async () => {
    const plan = makePlan([
      makeAction({ id: 'a1', kind: 'assign-role' }),
      makeAction({ id: 'a2', kind: 'update-ca-policy' }),
    ]);
    const handlers = { 'assign-role': async () => ({ outcome: 'done' as const }) };
    await expect(runPlan({ plan, planPath, handlers, gateway })).rejects.toThrowError(
      new BugError('no apply handler for action kind update-ca-policy'),
    );
    await expect(stat(journalPathFor(planPath))).rejects.toThrow(/ENOENT/);
  });
});

describe('runPlan: retries', () => {
  it('honours Retry-After exactly and counts the retries', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    const { sleeps, events, run } = setup(plan, async (_a, _c, call) => {
      if (call === 1) throw throttled(3000);
      if (call === 2) throw throttled(1500);
      return { outcome: 'done' };
    });
    const result = await run();
    expect(sleeps).toEqual([3000, 1500]);
    expect(result.retries).toBe(2);
    expect(result.results.a1).toMatchObject({ state: 'succeeded', attempts: 3 });
    expect(events.filter((e) => e.type === 'retrying')).toEqual([
      { type: 'retrying', actionId: 'a1', attempt: 2, delayMs: 3000, message: 'Azure is throttling requests' },
      { type: 'retrying', actionId: 'a1', attempt: 3, delayMs: 1500, message: 'Azure is throttling requests' },
    ]);
    expect(brief(await journal(plan))).toEqual(['a1 started #1', 'a1 started #2', 'a1 started #3', 'a1 succeeded #3']);
  });

  it('uses jittered backoff without Retry-After and gives up after maxAttempts', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    const { sleeps, run } = setup(plan, async () => {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    const result = await run({ retry: { maxAttempts: 4, baseMs: 100, capMs: 250 } });
    expect(sleeps).toEqual([50, 100, 125]);
    expect(result.status).toBe('failed');
    expect(result.results.a1).toEqual({ state: 'failed', attempts: 4, message: 'Error: socket hang up' });
  });
});

describe('runPlan: failures', () => {
  it('skips the dependents of a failed action transitively and runs the rest', async () => {
    const plan = makePlan([
      makeAction({ id: 'a1' }),
      makeAction({ id: 'a2', dependsOn: ['a1'] }),
      makeAction({ id: 'a3', dependsOn: ['a2'] }),
      makeAction({ id: 'a4' }),
      makeAction({ id: 'a5', dependsOn: ['a4', 'a2'] }),
      makeAction({ id: 'a6', dependsOn: ['a4'] }),
    ]);
    const { calls, run } = setup(plan, async (action) => {
      if (action.id === 'a1') throw hardFailure();
      return { outcome: 'done' };
    });
    const result = await run();
    expect(result.status).toBe('failed');
    expect(calls).toEqual({ a1: 1, a4: 1, a6: 1 });
    expect(result.results).toEqual({
      a1: { state: 'failed', attempts: 1, message: 'AADLoginForWindows failed with exit code 1007' },
      a2: { state: 'skipped', attempts: 0, message: 'skipped: a1 failed' },
      a3: { state: 'skipped', attempts: 0, message: 'skipped: a1 failed' },
      a4: { state: 'succeeded', attempts: 1, message: undefined, outputs: undefined },
      a5: { state: 'skipped', attempts: 0, message: 'skipped: a1 failed' },
      a6: { state: 'succeeded', attempts: 1, message: undefined, outputs: undefined },
    });
    const skipped = (await journal(plan)).filter((e) => e.event === 'skipped');
    expect(skipped.map((e) => [e.actionId, e.message])).toEqual([
      ['a2', 'skipped: a1 failed'],
      ['a3', 'skipped: a1 failed'],
      ['a5', 'skipped: a1 failed'],
    ]);
  });

  it('includes the hint of a UserError in the failure message', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    const { run } = setup(plan, async () => {
      throw new UserError('forbidden', 'creating role assignments needs Owner on rg-app', 'Ask an Owner to apply.');
    });
    const result = await run();
    expect(result.results.a1!.message).toBe('creating role assignments needs Owner on rg-app. Ask an Owner to apply.');
  });

  it('onFailure retry runs the action again', async () => {
    const plan = makePlan([makeAction({ id: 'a1' }), makeAction({ id: 'a2', dependsOn: ['a1'] })]);
    const asked: string[] = [];
    const { calls, run } = setup(plan, async (action, _c, call) => {
      if (action.id === 'a1' && call === 1) throw hardFailure();
      return { outcome: 'done' };
    });
    const result = await run({
      onFailure: async (action, error) => {
        asked.push(`${action.id}: ${(error as Error).message}`);
        return 'retry';
      },
    });
    expect(asked).toEqual(['a1: AADLoginForWindows failed with exit code 1007']);
    expect(result.status).toBe('succeeded');
    expect(calls).toEqual({ a1: 2, a2: 1 });
    expect(result.results.a1).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(result.retries).toBe(1);
    expect(brief(await journal(plan))).toEqual([
      'a1 started #1',
      'a1 failed #1',
      'a1 started #2',
      'a1 succeeded #2',
      'a2 started #1',
      'a2 succeeded #1',
    ]);
  });

  it('onFailure skip marks the action and its dependents skipped and goes on', async () => {
    const plan = makePlan([
      makeAction({ id: 'a1' }),
      makeAction({ id: 'a2', dependsOn: ['a1'] }),
      makeAction({ id: 'a3' }),
    ]);
    const { calls, run } = setup(plan, async (action) => {
      if (action.id === 'a1') throw hardFailure();
      return { outcome: 'done' };
    });
    const result = await run({ parallelism: 1, onFailure: async () => 'skip' });
    expect(calls).toEqual({ a1: 1, a3: 1 });
    expect(states(result.results)).toEqual({ a1: 'skipped', a2: 'skipped', a3: 'succeeded' });
    expect(result.results.a1!.message).toBe(
      'skipped by the admin after: AADLoginForWindows failed with exit code 1007',
    );
    expect(result.results.a2!.message).toBe('skipped: a1 failed');
    expect(result.status).toBe('failed');
  });

  it('onFailure abort starts nothing more', async () => {
    const plan = makePlan(independentActions(4));
    const { calls, run } = setup(plan, async (action) => {
      if (action.id === 'a2') throw hardFailure();
      return { outcome: 'done' };
    });
    const result = await run({ parallelism: 1, onFailure: async () => 'abort' });
    expect(calls).toEqual({ a1: 1, a2: 1 });
    expect(states(result.results)).toEqual({ a1: 'succeeded', a2: 'failed', a3: 'not-started', a4: 'not-started' });
    expect(result.status).toBe('failed');
  });

  it('asks one question at a time and starts nothing while a question is open', async () => {
    const plan = makePlan(independentActions(10));
    const answer = deferred<FailureChoice>();
    const started: string[] = [];
    const { events, run } = setup(plan, async (action) => {
      started.push(action.id);
      if (action.id === 'a1' || action.id === 'a2') throw hardFailure();
      return { outcome: 'done' };
    });
    const asked: string[] = [];
    const running = run({
      parallelism: 4,
      onFailure: (action) => {
        asked.push(action.id);
        return answer.promise;
      },
    });
    const ended = (id: string) =>
      events.some((e) => e.actionId === id && (e.type === 'succeeded' || e.type === 'failed'));
    await waitFor(() => ['a1', 'a2', 'a3', 'a4'].every(ended), 'the first four to end');
    await settle(50);
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(asked).toEqual(['a1']);
    expect((await journal(plan)).some((e) => e.actionId === 'a5')).toBe(false);
    answer.resolve('skip');
    const result = await running;
    const lines = brief(await journal(plan));
    // Journal lines are queued in the order things happen: a5 started only after the answer about a1.
    expect(lines.indexOf('a5 started #1')).toBeGreaterThan(lines.indexOf('a1 skipped'));
    expect(asked).toEqual(['a1', 'a2']);
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10']);
    expect(states(result.results)).toMatchObject({ a1: 'skipped', a2: 'skipped', a10: 'succeeded' });
  });
});

describe('runPlan: abort', () => {
  it('lets in-flight actions finish, starts nothing new and says interrupted', async () => {
    const plan = makePlan(independentActions(5));
    const controller = new AbortController();
    const gates: Record<string, ReturnType<typeof deferred<void>>> = { a1: deferred(), a2: deferred() };
    const { calls, run } = setup(plan, async (action) => {
      await gates[action.id]!.promise;
      return { outcome: 'done' };
    });
    const running = run({ parallelism: 2, signal: controller.signal });
    await waitFor(() => Object.keys(calls).length === 2, 'two actions in flight');
    expect(calls).toEqual({ a1: 1, a2: 1 });
    controller.abort();
    gates.a1!.resolve();
    gates.a2!.resolve();
    const result = await running;
    expect(calls).toEqual({ a1: 1, a2: 1 });
    expect(result.status).toBe('interrupted');
    expect(states(result.results)).toEqual({
      a1: 'succeeded',
      a2: 'succeeded',
      a3: 'not-started',
      a4: 'not-started',
      a5: 'not-started',
    });
    expect(brief(await journal(plan))).toEqual([
      'a1 started #1',
      'a2 started #1',
      'a1 succeeded #1',
      'a2 succeeded #1',
    ]);
  });

  it('journals an action waiting to retry as interrupted', async () => {
    const plan = makePlan([makeAction({ id: 'a1' }), makeAction({ id: 'a2', dependsOn: ['a1'] })]);
    const controller = new AbortController();
    const { calls, run } = setup(plan, async () => {
      throw throttled(60_000);
    });
    const result = await run({
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise<void>((resolve) => {
          signal?.addEventListener('abort', () => resolve());
          controller.abort();
        }),
    });
    expect(calls).toEqual({ a1: 1 });
    expect(result.status).toBe('interrupted');
    expect(result.results.a1).toEqual({
      state: 'interrupted',
      attempts: 1,
      message: 'interrupted while waiting to retry (Azure is throttling requests). Run apply again to resume.',
    });
    expect(result.results.a2!.state).toBe('not-started');
    expect(brief(await journal(plan))).toEqual(['a1 started #1', 'a1 interrupted #1']);
  });

  it('writes nothing when aborted before it starts', async () => {
    const plan = makePlan(independentActions(2));
    const controller = new AbortController();
    controller.abort();
    const { calls, run } = setup(plan);
    const result = await run({ signal: controller.signal });
    expect(result.status).toBe('interrupted');
    expect(calls).toEqual({});
    await expect(stat(journalPathFor(planPath))).rejects.toThrow(/ENOENT/);
  });

  it('passes the hard-stop signal to handlers and journals what it cut short as interrupted', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    const soft = new AbortController();
    const hard = new AbortController();
    const { calls, run } = setup(
      plan,
      (_a, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })),
          );
        }),
    );
    const running = run({ signal: soft.signal, forceSignal: hard.signal });
    await waitFor(() => calls.a1 === 1, 'a1 to start');
    soft.abort();
    hard.abort();
    const result = await running;
    expect(result.status).toBe('interrupted');
    expect(result.results.a1).toEqual({
      state: 'interrupted',
      attempts: 1,
      message: 'AbortError: The operation was aborted',
    });
  });
});

describe('runPlan: resume', () => {
  it('after a crash, runs only what did not finish and nothing twice', async () => {
    const plan = makePlan([
      makeAction({ id: 'a1' }),
      makeAction({ id: 'a2', dependsOn: ['a1'] }),
      makeAction({ id: 'a3', dependsOn: ['a2'] }),
      makeAction({ id: 'a4' }),
    ]);
    const line = (actionId: string, event: JournalEvent['event']) =>
      JSON.stringify({
        ts: '2026-11-22T10:00:00.000Z',
        planDigest: plan.digest,
        actionId,
        kind: 'install-extension',
        event,
      });
    // The process died while a2 was running and while writing a4's start.
    await writeFile(
      journalPathFor(planPath),
      `${line('a1', 'started')}\n${line('a1', 'succeeded')}\n${line('a2', 'started')}\n{"ts":"2026-11-22T10:0`,
    );
    const { calls, events, run } = setup(plan);
    const result = await run();
    expect(calls).toEqual({ a2: 1, a3: 1, a4: 1 });
    expect(states(result.results)).toEqual({ a1: 'resumed', a2: 'succeeded', a3: 'succeeded', a4: 'succeeded' });
    expect(events[0]).toEqual({ type: 'resumed', actionId: 'a1', message: 'done in an earlier run' });
    expect(result.status).toBe('succeeded');

    const again = setup(plan);
    const second = await again.run();
    expect(again.calls).toEqual({});
    expect(states(second.results)).toEqual({ a1: 'resumed', a2: 'resumed', a3: 'resumed', a4: 'resumed' });
    expect(second.status).toBe('succeeded');
    expect((await readFile(journalPathFor(planPath), 'utf8')).endsWith('\n')).toBe(true);
  });

  it('finishes an interrupted run on the next run without repeating anything', async () => {
    const plan = makePlan(independentActions(6));
    const controller = new AbortController();
    const total: Record<string, number> = {};
    const count: Behaviour = async (action) => {
      total[action.id] = (total[action.id] ?? 0) + 1;
      if (action.id === 'a2') controller.abort();
      return { outcome: 'done' };
    };
    const first = await setup(plan, count).run({ parallelism: 1, signal: controller.signal });
    expect(first.status).toBe('interrupted');
    const second = await setup(plan, count).run({ parallelism: 1 });
    expect(second.status).toBe('succeeded');
    expect(total).toEqual({ a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1 });
  });

  it('re-runs actions whose last run failed', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    const first = await setup(plan, async () => {
      throw hardFailure();
    }).run();
    expect(first.status).toBe('failed');
    const again = setup(plan);
    expect((await again.run()).status).toBe('succeeded');
    expect(again.calls).toEqual({ a1: 1 });
  });

  it('refuses the journal of another plan', async () => {
    const plan = makePlan([makeAction({ id: 'a1' })]);
    await writeFile(
      journalPathFor(planPath),
      `${JSON.stringify({ ts: 't', planDigest: 'sha256:other', actionId: 'a1', kind: 'assign-role', event: 'started' })}\n`,
    );
    const { calls, run } = setup(plan);
    await expect(run()).rejects.toMatchObject({ code: 'conflict' });
    expect(calls).toEqual({});
  });
});

describe('runPlan: stale plans', () => {
  const vm1 = makeAction({ id: 'a1' });
  const vm2 = makeAction({ id: 'a2' });

  it('writes nothing when a resource changed since planning', async () => {
    const plan = makePlan([vm1, vm2], { [vm1.target]: 'e1', [vm2.target]: 'e2' });
    const { calls, run } = setup(plan);
    let checks = 0;
    const error = await run({
      checkStale: async () => {
        checks++;
        return [{ resourceId: vm2.target, before: 'e2', after: 'e2b' }];
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanStaleError);
    expect((error as PlanStaleError).code).toBe('plan-stale');
    expect((error as PlanStaleError).exitCode).toBe(2);
    expect((error as PlanStaleError).message).toBe(
      `the plan is stale: 1 resource changed since it was made (${vm2.target})`,
    );
    expect((error as PlanStaleError).changes).toEqual([{ resourceId: vm2.target, before: 'e2', after: 'e2b' }]);
    expect(checks).toBe(1);
    expect(calls).toEqual({});
    await expect(stat(journalPathFor(planPath))).rejects.toThrow(/ENOENT/);
  });

  it('names at most three resources in the message', () => {
    const changes = ['r1', 'r2', 'r3', 'r4', 'r5'].map((resourceId) => ({ resourceId, before: 'a', after: null }));
    expect(new PlanStaleError(changes).message).toBe(
      'the plan is stale: 5 resources changed since it was made (r1, r2, r3 and 2 more)',
    );
  });

  it('checks once before the first write and proceeds when nothing moved', async () => {
    const plan = makePlan([vm1, vm2]);
    const order: string[] = [];
    const { run } = setup(plan, async (action) => {
      order.push(action.id);
      return { outcome: 'done' };
    });
    const result = await run({
      checkStale: async () => {
        order.push('check');
        return [];
      },
    });
    expect(result.status).toBe('succeeded');
    expect(order).toEqual(['check', 'a1', 'a2']);
  });

  it('on resume, ignores what the actions already started moved', async () => {
    const plan = makePlan([vm1, vm2]);
    await writeFile(
      journalPathFor(planPath),
      `${JSON.stringify({ ts: 't', planDigest: plan.digest, actionId: 'a1', kind: vm1.kind, event: 'started' })}\n`,
    );
    const ours = [
      { resourceId: vm1.target.toUpperCase(), before: 'e1', after: 'e1b' },
      { resourceId: `${vm1.target}#roleAssignments`, before: 'r1', after: 'r1b' },
    ];
    const { calls, run } = setup(plan);
    expect((await run({ checkStale: async () => ours })).status).toBe('succeeded');
    expect(calls).toEqual({ a1: 1, a2: 1 });
  });

  it('on resume, still refuses changes to resources no started action targets', async () => {
    const plan = makePlan([vm1, vm2]);
    await writeFile(
      journalPathFor(planPath),
      `${JSON.stringify({ ts: 't', planDigest: plan.digest, actionId: 'a1', kind: vm1.kind, event: 'started' })}\n`,
    );
    const { calls, run } = setup(plan);
    const changes = [{ resourceId: vm2.target, before: 'e2', after: null }];
    await expect(run({ checkStale: async () => changes })).rejects.toBeInstanceOf(PlanStaleError);
    expect(calls).toEqual({});
  });

  it('does not re-discover when everything is already done', async () => {
    const plan = makePlan([vm1]);
    await writeFile(
      journalPathFor(planPath),
      `${JSON.stringify({ ts: 't', planDigest: plan.digest, actionId: 'a1', kind: vm1.kind, event: 'succeeded' })}\n`,
    );
    let checks = 0;
    const result = await setup(plan).run({
      checkStale: async () => {
        checks++;
        return [];
      },
    });
    expect(result.status).toBe('succeeded');
    expect(checks).toBe(0);
  });
});

describe('runPlan: caller bugs', () => {
  it('stops starting actions and rethrows when the event listener throws', async () => {
    const plan = makePlan(independentActions(3));
    const bug = new Error('screen crashed');
    const { calls, run } = setup(plan);
    await expect(
      run({
        parallelism: 1,
        onEvent: (e) => {
          if (e.type === 'succeeded') throw bug;
        },
      }),
    ).rejects.toBe(bug);
    expect(calls).toEqual({ a1: 1 });
  });
});

/** A stand-in for the gateway's pacer whose counts the test sets, telling subscribers as the real one does. */
function fakePacing() {
  const listeners = new Set<() => void>();
  const state = { waiting: 0, parked: 0 };
  const pacing = {
    throttled: 0,
    waiting: () => state.waiting,
    retryWaits: () => state.parked,
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const set = (next: Partial<typeof state>) => {
    Object.assign(state, next);
    for (const l of listeners) l();
  };
  return { gateway: { cloud: 'AzureCloud', pacing } as unknown as Gateway, set, listeners };
}

describe('runPlan: pacing by ARM', () => {
  it('starts nothing new while ARM holds requests back, and resumes when they are let go', async () => {
    const plan = makePlan(independentActions(6));
    const { gateway: paced, set, listeners } = fakePacing();
    const inFlight = new Map<string, () => void>();
    const { run } = setup(plan, async (action) => {
      const gate = deferred();
      inFlight.set(action.id, gate.resolve);
      await gate.promise;
      inFlight.delete(action.id);
      return { outcome: 'done' };
    });
    const running = run({ parallelism: 4, gateway: paced });
    await waitFor(() => inFlight.size === 4, '4 in flight');
    set({ waiting: 3 });
    inFlight.get('a1')!();
    await settle();
    expect(inFlight.size).toBe(3);
    set({ waiting: 0 });
    await waitFor(() => inFlight.size === 4, 'the freed slot used again');
    for (const id of ['a2', 'a3', 'a4', 'a5', 'a6']) {
      await waitFor(() => inFlight.has(id), id);
      inFlight.get(id)!();
    }
    expect((await running).status).toBe('succeeded');
    expect(listeners.size).toBe(0);
  });

  it('lets another action run in place of one waiting out a Retry-After, up to twice the parallelism', async () => {
    const plan = makePlan(independentActions(20));
    const { gateway: paced, set } = fakePacing();
    const inFlight = new Map<string, () => void>();
    const { run } = setup(plan, async (action) => {
      const gate = deferred();
      inFlight.set(action.id, gate.resolve);
      await gate.promise;
      inFlight.delete(action.id);
      return { outcome: 'done' };
    });
    const running = run({ parallelism: 2, gateway: paced });
    await waitFor(() => inFlight.size === 2, '2 in flight');
    set({ parked: 1 });
    await waitFor(() => inFlight.size === 3, 'a third while one waits');
    set({ parked: 9 });
    await waitFor(() => inFlight.size === 4, 'at most twice the parallelism');
    await settle();
    expect(inFlight.size).toBe(4);
    set({ parked: 0 });
    // The extra ones finish; from then on the parallelism holds again.
    let finished = false;
    void running.then(() => {
      finished = true;
    });
    let backToTwo = false;
    while (!finished) {
      if (inFlight.size > 0) [...inFlight.values()][0]!();
      await settle();
      backToTwo ||= inFlight.size <= 2;
      if (backToTwo) expect(inFlight.size).toBeLessThanOrEqual(2);
    }
    expect((await running).status).toBe('succeeded');
  });

  it('tells a handler it is fresh only on the first attempt after a stale check, never on resume', async () => {
    const plan = makePlan(independentActions(2));
    await writeFile(
      journalPathFor(planPath),
      `${JSON.stringify({ ts: 't', planDigest: plan.digest, actionId: 'a1', kind: plan.actions[0]!.kind, event: 'started' })}\n`,
    );
    const seen: string[] = [];
    const { run } = setup(plan, async (action, ctx, call) => {
      seen.push(`${action.id}#${call}:${ctx.fresh === true}`);
      if (action.id === 'a2' && call === 1)
        throw Object.assign(new UserError('throttled', 'busy'), { retryAfterMs: 1 });
      return { outcome: 'done' };
    });
    expect((await run({ parallelism: 1, checkStale: async () => [] })).status).toBe('succeeded');
    expect(seen).toEqual(['a1#1:false', 'a2#1:true', 'a2#2:false']);
    const again = setup(makePlan(independentActions(1)), async (_a, ctx) => {
      seen.push(`no-check:${ctx.fresh === true}`);
      return { outcome: 'done' };
    });
    planPath = join(dir, 'other.json');
    await again.run();
    expect(seen.at(-1)).toBe('no-check:false');
  });
});
