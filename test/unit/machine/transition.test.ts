import { describe, expect, it } from 'vitest';
import type { ApplyResult, Effect, WizardEvent, WizardState } from '../../../src/machine';
import {
  applyProgress,
  doctorBlocker,
  EXIT,
  effectiveAnswers,
  inventoryAnswers,
  NOTICES,
  selectedVms,
  start,
  transition,
} from '../../../src/machine';
import { CONNECTION_METHODS, parseAnswers } from '../../../src/plan/answers';
import { CONNECT_INFO, FIXED_NOW, fakePlan, fakeSnapshot, VMS } from '../../screens/fake-services';

const answers = { vms: [VMS[0]!.id], admins: ['alice@contoso.example'] };
const snapshot = fakeSnapshot(VMS, parseAnswers(answers));
const plan = fakePlan(snapshot, parseAnswers(answers));
const ctx = { answers, connection: CONNECT_INFO, snapshot };
const result: ApplyResult = { outcome: 'completed', succeeded: ['a1'], alreadyDone: [], skipped: [], failed: [] };
const verification = { findings: [], outcomes: [], rdpFiles: [] };
const planEffect: Effect = { type: 'plan', answers };
const asked = { user: 'alice@contoso.example', vm: VMS[0]!.id };
const doctorResult = {
  user: 'alice@contoso.example',
  vm: VMS[0]!.name,
  outcomes: [],
  chains: [],
  findings: [],
  plan,
};
const doctorEffect: Effect = { type: 'doctor', question: asked };
const setupSummary = { type: 'done', ctx, reason: 'completed', plan, result, verification } as const;
const enforceCtx = { ...ctx, setupSummary };
const enforcePlan = { ...plan, answers: { ...plan.answers, enforce: { scope: '/subscriptions/s1', audit: false } } };

const STATES = {
  'connecting:signing-in': { type: 'connecting', ctx: { answers }, phase: 'signing-in', progress: [] },
  'connecting:discovering': { type: 'connecting', ctx, phase: 'discovering', progress: [] },
  'choosing-task': { type: 'choosing-task', ctx },
  'doctor-asking:empty': { type: 'doctor-asking', ctx, question: {} },
  'doctor-asking': { type: 'doctor-asking', ctx, question: asked },
  'doctor-running': { type: 'doctor-running', ctx, question: asked, progress: [] },
  'doctor-report': { type: 'doctor-report', ctx, question: asked, result: doctorResult },
  'doctor-report:no-fix': {
    type: 'doctor-report',
    ctx,
    question: asked,
    result: { ...doctorResult, plan: { ...plan, actions: [] } },
  },
  'reviewing-plan:doctor': {
    type: 'reviewing-plan',
    ctx: { ...ctx, doctor: { question: asked, result: doctorResult } },
    plan,
    saving: false,
  },
  'failed:doctor': {
    type: 'failed',
    ctx,
    error: { message: 'user nobody@contoso.example was not found in the directory' },
    effect: doctorEffect,
    resume: { type: 'doctor-running', ctx, question: asked, progress: [] },
  },
  'vm-selection': { type: 'step', step: 'vm-selection', ctx },
  'identity-extension': { type: 'step', step: 'identity-extension', ctx },
  'role-assignment': { type: 'step', step: 'role-assignment', ctx },
  'service-principal': { type: 'step', step: 'service-principal', ctx },
  'conditional-access': { type: 'step', step: 'conditional-access', ctx },
  'client-readiness': { type: 'step', step: 'client-readiness', ctx },
  planning: { type: 'planning', ctx, progress: [] },
  'reviewing-plan': { type: 'reviewing-plan', ctx, plan, saving: false },
  'reviewing-plan:saving': { type: 'reviewing-plan', ctx, plan, saving: true },
  confirming: { type: 'confirming', ctx, plan },
  applying: { type: 'applying', ctx, plan, actions: {} },
  'applying:pending': {
    type: 'applying',
    ctx,
    plan,
    actions: {},
    pendingFailure: { actionId: 'a1', message: 'The extension reports a timeout' },
  },
  verifying: { type: 'verifying', ctx, plan, actions: {}, result },
  'done:completed': { type: 'done', ctx, reason: 'completed', plan, result, verification },
  'done:cancelled': { type: 'done', ctx, reason: 'cancelled', plan },
  'choosing-enforcement': { type: 'choosing-enforcement', ctx: enforceCtx },
  'reviewing-plan:enforce': { type: 'reviewing-plan', ctx: enforceCtx, plan: enforcePlan, saving: false },
  'done:enforced': { type: 'done', ctx: enforceCtx, reason: 'completed', plan: enforcePlan, result, verification },
  failed: {
    type: 'failed',
    ctx,
    error: { message: 'Discovery fails: the network is down' },
    effect: planEffect,
    resume: { type: 'planning', ctx, progress: [] },
  },
} satisfies Record<string, WizardState>;

const EVENTS = {
  'choose-setup': { type: 'choose-task', task: 'setup' },
  'choose-doctor': { type: 'choose-task', task: 'doctor' },
  'doctor-answer': { type: 'doctor-answer', patch: { method: 'ssh' } },
  'doctor-ready': { type: 'doctor-ready', result: doctorResult },
  next: { type: 'next' },
  back: { type: 'back' },
  answer: { type: 'answer', patch: { users: ['bob@contoso.example'] } },
  connected: { type: 'connected', info: CONNECT_INFO },
  progress: { type: 'progress', message: 'VMs listed: 5' },
  discovered: { type: 'discovered', snapshot },
  'plan-ready': { type: 'plan-ready', plan, snapshot },
  confirm: { type: 'confirm' },
  cancel: { type: 'cancel' },
  'save-plan': { type: 'save-plan', path: 'plan.json' },
  'plan-saved': { type: 'plan-saved', path: '/home/admin/plan.json' },
  'action-progress': { type: 'action-progress', event: { type: 'started', actionId: 'a1', at: FIXED_NOW } },
  'action-failed': { type: 'action-failed', failure: { actionId: 'a1', message: 'The extension reports a timeout' } },
  decide: { type: 'decide', decision: 'skip' },
  'apply-done': { type: 'apply-done', result },
  verified: { type: 'verified', verification },
  error: { type: 'error', error: { message: 'Reading fails' }, effect: planEffect },
  retry: { type: 'retry' },
  enforce: { type: 'enforce' },
  'plan-enforcement': { type: 'plan-enforcement', choice: { scope: '/subscriptions/s1', audit: false } },
  quit: { type: 'quit' },
} satisfies Record<string, WizardEvent>;

type S = keyof typeof STATES;
type E = keyof typeof EVENTS;
/** [next state type (and phase/reason where it matters), effect types]; a missing cell means "ignored". */
type Cell = [string, string[]];
const q: Cell = ['', ['exit']];

const TABLE: Record<S, Partial<Record<E, Cell>>> = {
  'connecting:signing-in': {
    connected: ['connecting:discovering', ['discover']],
    progress: ['connecting:signing-in', []],
    error: ['failed', []],
    quit: q,
  },
  'connecting:discovering': {
    discovered: ['choosing-task', []],
    progress: ['connecting:discovering', []],
    error: ['failed', []],
    quit: q,
  },
  'choosing-task': { 'choose-setup': ['vm-selection', []], 'choose-doctor': ['doctor-asking', []], quit: q },
  'doctor-asking:empty': {
    'doctor-answer': ['doctor-asking', []],
    next: ['doctor-asking', []],
    back: ['choosing-task', []],
    quit: q,
  },
  'doctor-asking': {
    'doctor-answer': ['doctor-asking', []],
    next: ['doctor-running', ['doctor']],
    back: ['choosing-task', []],
    quit: q,
  },
  'doctor-running': {
    progress: ['doctor-running', []],
    'doctor-ready': ['doctor-report', []],
    error: ['failed', []],
    quit: q,
  },
  'doctor-report': { next: ['reviewing-plan', []], back: ['doctor-asking', []], quit: q },
  'doctor-report:no-fix': { next: ['doctor-report', []], back: ['doctor-asking', []], quit: q },
  'reviewing-plan:doctor': {
    next: ['confirming', []],
    back: ['doctor-report', []],
    cancel: ['done:cancelled', []],
    'save-plan': ['reviewing-plan', ['save-plan']],
    quit: q,
  },
  'failed:doctor': { retry: ['doctor-running', ['doctor']], back: ['doctor-asking', []], quit: q },
  'vm-selection': {
    next: ['identity-extension', []],
    back: ['choosing-task', []],
    answer: ['vm-selection', []],
    quit: q,
  },
  'identity-extension': {
    next: ['role-assignment', []],
    back: ['vm-selection', []],
    answer: ['identity-extension', []],
    quit: q,
  },
  'role-assignment': {
    next: ['service-principal', []],
    back: ['identity-extension', []],
    answer: ['role-assignment', []],
    quit: q,
  },
  'service-principal': {
    next: ['conditional-access', []],
    back: ['role-assignment', []],
    answer: ['service-principal', []],
    quit: q,
  },
  'conditional-access': {
    next: ['client-readiness', []],
    back: ['service-principal', []],
    answer: ['conditional-access', []],
    quit: q,
  },
  'client-readiness': {
    next: ['planning', ['plan']],
    back: ['conditional-access', []],
    answer: ['client-readiness', []],
    quit: q,
  },
  planning: {
    progress: ['planning', []],
    'plan-ready': ['reviewing-plan', []],
    error: ['failed', []],
    quit: q,
  },
  'reviewing-plan': {
    next: ['confirming', []],
    back: ['client-readiness', []],
    cancel: ['done:cancelled', []],
    'save-plan': ['reviewing-plan', ['save-plan']],
    quit: q,
  },
  'reviewing-plan:saving': {
    next: ['confirming', []],
    back: ['client-readiness', []],
    cancel: ['done:cancelled', []],
    'plan-saved': ['reviewing-plan', []],
    error: ['failed', []],
    quit: q,
  },
  confirming: {
    confirm: ['applying', ['apply']],
    cancel: ['reviewing-plan', []],
    back: ['reviewing-plan', []],
    quit: q,
  },
  applying: {
    'action-progress': ['applying', []],
    'action-failed': ['applying', []],
    'apply-done': ['verifying', ['verify']],
    error: ['failed', []],
    quit: ['done:interrupted', ['abort-apply', 'exit']],
  },
  'applying:pending': {
    'action-progress': ['applying', []],
    'action-failed': ['applying', []],
    decide: ['applying', ['resolve-failure']],
    'apply-done': ['verifying', ['verify']],
    error: ['failed', []],
    quit: ['done:interrupted', ['abort-apply', 'exit']],
  },
  verifying: { verified: ['done:completed', []], error: ['failed', []], quit: q },
  'done:completed': { next: q, quit: q, enforce: ['choosing-enforcement', []] },
  'done:cancelled': { next: q, quit: q },
  'choosing-enforcement': {
    'plan-enforcement': ['planning', ['plan-enforcement']],
    back: ['done:completed', []],
    cancel: ['done:completed', []],
    quit: q,
  },
  'reviewing-plan:enforce': {
    next: ['confirming', []],
    back: ['choosing-enforcement', []],
    cancel: ['done:completed', []],
    'save-plan': ['reviewing-plan', ['save-plan']],
    quit: q,
  },
  // Enforcement is offered once, after a setup: not again after the enforcement plan itself.
  'done:enforced': { next: q, quit: q },
  failed: { retry: ['planning', ['plan']], back: ['client-readiness', []], quit: q },
};

function label(s: WizardState): string {
  if (s.type === 'connecting') return `connecting:${s.phase}`;
  if (s.type === 'done') return s.plan?.answers.enforce ? 'done:enforced' : `done:${s.reason}`;
  if (s.type === 'step') return s.step;
  return s.type;
}

describe('transition table', () => {
  for (const [stateName, state] of Object.entries(STATES) as [S, WizardState][]) {
    for (const [eventName, event] of Object.entries(EVENTS) as [E, WizardEvent][]) {
      const cell = TABLE[stateName][eventName];
      it(`${stateName} × ${eventName} → ${cell ? `${cell[0] || 'same'} [${cell[1].join(', ')}]` : 'ignored'}`, () => {
        const out = transition(state, event);
        if (!cell) {
          expect(out.state).toBe(state);
          expect(out.effects).toEqual([]);
          return;
        }
        const [next, effects] = cell;
        expect(label(out.state)).toBe(next || label(state));
        expect(out.effects.map((e) => e.type)).toEqual(effects);
      });
    }
  }
});

describe('doctor inside the wizard', () => {
  it('asks for the user, then the VM, saying why it does not go on', () => {
    let s: WizardState = transition(STATES['choosing-task'], EVENTS['choose-doctor']).state;
    expect(s).toEqual({ type: 'doctor-asking', ctx, question: {} });
    expect(transition(s, EVENTS.next).state).toEqual({ ...s, notice: NOTICES.noUser });
    s = transition(s, { type: 'doctor-answer', patch: { user: asked.user } }).state;
    expect(transition(s, EVENTS.next).state).toMatchObject({ notice: NOTICES.noDoctorVm });
    s = transition(s, { type: 'doctor-answer', patch: { vm: asked.vm, method: 'rdp-password' } }).state;
    const out = transition(s, EVENTS.next);
    expect(out.effects).toEqual([{ type: 'doctor', question: { ...asked, method: 'rdp-password' } }]);
    expect(out.state).toEqual({
      type: 'doctor-running',
      ctx,
      question: { ...asked, method: 'rdp-password' },
      progress: [],
    });
  });

  it('takes the fix into the same review → confirm → apply, and back from the review to the report', () => {
    const review = transition(STATES['doctor-report'], EVENTS.next).state;
    expect(review).toEqual({
      type: 'reviewing-plan',
      ctx: { ...ctx, doctor: { question: asked, result: doctorResult } },
      plan,
      saving: false,
    });
    const confirming = transition(review, EVENTS.next).state;
    expect(confirming.type).toBe('confirming');
    expect(transition(confirming, EVENTS.confirm).effects).toEqual([{ type: 'apply', plan }]);
    expect(transition(review, EVENTS.back).state).toEqual(STATES['doctor-report']);
  });

  it('a report with nothing to fix stays, and says so', () => {
    const out = transition(STATES['doctor-report:no-fix'], EVENTS.next);
    expect(out.state).toEqual({ ...STATES['doctor-report:no-fix'], notice: NOTICES.noFix });
    expect(out.effects).toEqual([]);
  });

  it('keeps the questions when going back from the report or from a failed read', () => {
    expect(transition(STATES['doctor-report'], EVENTS.back).state).toEqual({
      type: 'doctor-asking',
      ctx,
      question: asked,
    });
    expect(transition(STATES['failed:doctor'], EVENTS.back).state).toEqual({
      type: 'doctor-asking',
      ctx,
      question: asked,
    });
    expect(transition(STATES['failed:doctor'], EVENTS.retry).effects).toEqual([doctorEffect]);
  });

  it('doctorBlocker names the first missing answer', () => {
    expect(doctorBlocker({})).toBe(NOTICES.noUser);
    expect(doctorBlocker({ user: 'u' })).toBe(NOTICES.noDoctorVm);
    expect(doctorBlocker({ user: 'u', vm: 'v' })).toBeUndefined();
  });
});

describe('transition details', () => {
  it("enforcement after a setup: planned for the chosen scope, and the exit code keeps the setup's failures", () => {
    const failedSetup = { ...setupSummary, result: { ...result, outcome: 'failed' as const } };
    let s: WizardState = failedSetup;
    s = transition(s, EVENTS.enforce).state;
    expect(s).toEqual({ type: 'choosing-enforcement', ctx: { ...ctx, setupSummary: failedSetup } });
    const planned = transition(s, EVENTS['plan-enforcement']);
    expect(planned.effects).toEqual([
      { type: 'plan-enforcement', choice: { scope: '/subscriptions/s1', audit: false } },
    ]);
    s = transition(planned.state, { type: 'plan-ready', plan: enforcePlan }).state;
    // The setup's facts stay: an enforcement plan reads policy objects, not a snapshot.
    expect(s).toMatchObject({ type: 'reviewing-plan', plan: enforcePlan, ctx: { snapshot } });
    const done: WizardState = {
      type: 'done',
      ctx: s.ctx,
      reason: 'completed',
      plan: enforcePlan,
      result,
      verification,
    };
    expect(transition(done, EVENTS.quit).effects).toEqual([{ type: 'exit', code: EXIT.failed }]);
    expect(transition(STATES['done:enforced'], EVENTS.quit).effects).toEqual([{ type: 'exit', code: EXIT.ok }]);
  });

  it('a failed enforcement plan goes back to the scope choice, not to the setup steps', () => {
    const failed: WizardState = {
      type: 'failed',
      ctx: enforceCtx,
      error: { message: 'Reading policy assignments fails' },
      effect: { type: 'plan-enforcement', choice: { scope: '/subscriptions/s1', audit: true } },
      resume: { type: 'planning', ctx: enforceCtx, progress: [] },
    };
    expect(label(transition(failed, EVENTS.back).state)).toBe('choosing-enforcement');
    expect(transition(failed, EVENTS.retry).effects.map((e) => e.type)).toEqual(['plan-enforcement']);
  });

  it('starts by connecting', () => {
    expect(start({ ca: 'mfa' })).toEqual({
      state: { type: 'connecting', ctx: { answers: { ca: 'mfa' } }, phase: 'signing-in', progress: [] },
      effects: [{ type: 'connect' }],
    });
  });

  it('discovers the whole inventory after connecting, whatever the answers selected', () => {
    const out = transition(STATES['connecting:signing-in'], EVENTS.connected);
    expect(out.effects).toEqual([
      {
        type: 'discover',
        answers: { ...answers, connections: [...CONNECTION_METHODS], vms: [], resourceGroups: [], tags: [], vmIds: [] },
      },
    ]);
    expect(inventoryAnswers({ vms: ['x'], ca: 'none' })).toEqual({
      vms: [],
      resourceGroups: [],
      tags: [],
      vmIds: [],
      ca: 'none',
    });
  });

  it('keeps answers through back and forward navigation', () => {
    let s: WizardState = { type: 'step', step: 'vm-selection', ctx: { answers: {} } };
    s = transition(s, { type: 'answer', patch: { vms: ['/subscriptions/x/vm1'] } }).state;
    s = transition(s, EVENTS.next).state;
    s = transition(s, { type: 'answer', patch: { admins: ['alice@contoso.example'] } }).state;
    s = transition(s, EVENTS.back).state;
    expect(label(s)).toBe('vm-selection');
    s = transition(s, EVENTS.next).state;
    expect(s.ctx.answers).toEqual({ vms: ['/subscriptions/x/vm1'], admins: ['alice@contoso.example'] });
  });

  it('does not leave VM selection with nothing selected, and says why', () => {
    const s: WizardState = { type: 'step', step: 'vm-selection', ctx: { answers: {} } };
    const out = transition(s, EVENTS.next);
    expect(out.state).toEqual({ ...s, notice: NOTICES.noVm });
    expect(out.effects).toEqual([]);
  });

  it('needs a break-glass exclusion or an acknowledgement to turn a policy on', () => {
    const on: WizardState = { type: 'step', step: 'conditional-access', ctx: { answers: { caState: 'on' } } };
    expect(transition(on, EVENTS.next).state).toEqual({ ...on, notice: NOTICES.breakGlass });
    const acked = transition(on, { type: 'answer', patch: { breakGlassOk: true } }).state;
    expect(label(transition(acked, EVENTS.next).state)).toBe('client-readiness');
    const excluded = transition(on, { type: 'answer', patch: { exclude: ['breakglass@contoso.example'] } }).state;
    expect(label(transition(excluded, EVENTS.next).state)).toBe('client-readiness');
    const reportOnly: WizardState = {
      type: 'step',
      step: 'conditional-access',
      ctx: { answers: { caState: 'report-only' } },
    };
    expect(label(transition(reportOnly, EVENTS.next).state)).toBe('client-readiness');
  });

  it('emits apply only on confirm, with the reviewed plan, and every action waiting', () => {
    const out = transition(STATES.confirming, EVENTS.confirm);
    expect(out.effects).toEqual([{ type: 'apply', plan }]);
    expect(out.state.type === 'applying' && Object.values(out.state.actions)).toEqual(
      plan.actions.map(() => ({ status: 'waiting', retries: 0 })),
    );
    for (const [name, state] of Object.entries(STATES) as [S, WizardState][]) {
      if (name === 'confirming') continue;
      for (const event of Object.values(EVENTS)) {
        expect(transition(state, event).effects.some((e) => e.type === 'apply')).toBe(false);
      }
    }
  });

  it('cancel at confirm returns to the plan with no effect', () => {
    expect(transition(STATES.confirming, EVENTS.cancel)).toEqual({
      state: { type: 'reviewing-plan', ctx, plan, saving: false },
      effects: [],
    });
  });

  it('retry re-emits exactly the failed effect and resumes the state it failed in', () => {
    const failing = transition(STATES.planning, EVENTS.error).state;
    expect(failing.type).toBe('failed');
    const out = transition(failing, EVENTS.retry);
    expect(out.state).toBe(STATES.planning);
    expect(out.effects).toEqual([planEffect]);
  });

  it('a failed save keeps the saving state so that a retried save is accepted', () => {
    const saveEffect: Effect = { type: 'save-plan', plan, path: 'plan.json' };
    const failed = transition(STATES['reviewing-plan:saving'], { ...EVENTS.error, effect: saveEffect }).state;
    const retried = transition(failed, EVENTS.retry);
    expect(retried.effects).toEqual([saveEffect]);
    const saved = transition(retried.state, EVENTS['plan-saved']).state;
    expect(saved).toMatchObject({ type: 'reviewing-plan', saving: false, savedPath: '/home/admin/plan.json' });
  });

  it('answers a pending failure with the admin decision', () => {
    const out = transition(STATES['applying:pending'], EVENTS.decide);
    expect(out.effects).toEqual([{ type: 'resolve-failure', actionId: 'a1', decision: 'skip' }]);
    expect(out.state.type === 'applying' && out.state.pendingFailure).toBeUndefined();
  });

  it('exit codes: 0 when done, 1 when actions failed or on a failure screen, 130 when interrupted', () => {
    const exitOf = (s: WizardState) => transition(s, EVENTS.quit).effects.find((e) => e.type === 'exit');
    expect(exitOf(STATES['done:completed'])).toEqual({ type: 'exit', code: EXIT.ok });
    expect(exitOf(STATES['done:cancelled'])).toEqual({ type: 'exit', code: EXIT.ok });
    expect(exitOf({ ...STATES['done:completed'], result: { ...result, outcome: 'failed' } })).toEqual({
      type: 'exit',
      code: EXIT.failed,
    });
    expect(exitOf(STATES.failed)).toEqual({ type: 'exit', code: EXIT.failed });
    expect(exitOf(STATES['role-assignment'])).toEqual({ type: 'exit', code: EXIT.interrupted });
    expect(exitOf(STATES.applying)).toEqual({ type: 'exit', code: EXIT.interrupted });
  });

  it('bounds progress lines', () => {
    let s: WizardState = STATES.planning;
    for (let i = 0; i < 30; i++) s = transition(s, { type: 'progress', message: `line ${i}` }).state;
    expect(s.type === 'planning' && s.progress).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 10}`));
  });
});

describe('applyProgress', () => {
  it('folds executor events into per-action state', () => {
    let t = applyProgress({}, { type: 'started', actionId: 'a1', attempt: 1, at: 5 });
    expect(t.a1).toEqual({ status: 'running', retries: 0, startedAt: 5, message: undefined });
    t = applyProgress(t, { type: 'retrying', actionId: 'a1', attempt: 2, delayMs: 1000, message: 'throttled' });
    t = applyProgress(t, { type: 'retrying', actionId: 'a1', attempt: 3, delayMs: 2000 });
    expect(t.a1).toMatchObject({ status: 'retrying', retries: 2 });
    t = applyProgress(t, { type: 'progress', actionId: 'a1', message: 'Creating', elapsedMs: 1500 });
    expect(t.a1).toMatchObject({ status: 'running', message: 'Creating', elapsedMs: 1500 });
    t = applyProgress(t, { type: 'succeeded', actionId: 'a1', elapsedMs: 2100 });
    expect(t.a1).toMatchObject({ status: 'done', retries: 2, elapsedMs: 2100 });
    t = applyProgress(t, { type: 'resumed', actionId: 'a2' });
    expect(t.a2).toEqual({ status: 'done', retries: 0, alreadyDone: true, message: undefined });
    t = applyProgress(t, { type: 'failed', actionId: 'a3', message: 'Forbidden' });
    expect(t.a3).toMatchObject({ status: 'failed', message: 'Forbidden' });
    t = applyProgress(t, { type: 'skipped', actionId: 'a4' });
    expect(t.a4).toMatchObject({ status: 'skipped' });
    t = applyProgress(t, { type: 'already-done', actionId: 'a5' });
    expect(t.a5).toMatchObject({ status: 'done', alreadyDone: true });
    t = applyProgress(t, { type: 'interrupted', actionId: 'a6' });
    expect(t.a6).toMatchObject({ status: 'interrupted', retries: 0 });
  });
});

describe('answers the selection implies', () => {
  const linux = VMS.find((v) => v.osType === 'Linux')!;
  const windows = VMS.find((v) => v.osType === 'Windows')!;
  const inventory = fakeSnapshot(VMS, parseAnswers({}));

  it('adds az ssh vm when a Linux VM is selected and no connection method was chosen', () => {
    const mixed = { answers: { vms: [windows.id, linux.name] }, snapshot: inventory };
    expect(selectedVms(mixed).map((v) => v.name)).toEqual([windows.name, linux.name]);
    expect(effectiveAnswers(mixed).connections).toEqual(['rdp-web-account', 'ssh']);
    expect(effectiveAnswers({ answers: { vms: [linux.id] }, snapshot: inventory }).connections).toEqual(['ssh']);
  });

  it('keeps the answers themselves when Windows only, or when the admin chose', () => {
    const windowsOnly = { answers: { vms: [windows.id] }, snapshot: inventory };
    expect(effectiveAnswers(windowsOnly)).toBe(windowsOnly.answers);
    const chosen = { answers: { vms: [linux.id], connections: ['bastion-portal' as const] }, snapshot: inventory };
    expect(effectiveAnswers(chosen)).toBe(chosen.answers);
  });

  it('plans with the implied methods', () => {
    const ctx = { answers: { vms: [linux.id] }, snapshot: inventory };
    const out = transition({ type: 'step', step: 'client-readiness', ctx }, { type: 'next' });
    expect(out.effects).toEqual([{ type: 'plan', answers: { vms: [linux.id], connections: ['ssh'] } }]);
    expect(out.state).toEqual({ type: 'planning', ctx, progress: [] });
  });

  it('goes back to the answers from a failed plan, but not from a failed apply', () => {
    const failedApply: WizardState = {
      type: 'failed',
      ctx,
      error: { message: 'Applying fails' },
      effect: { type: 'apply', plan },
      resume: { type: 'applying', ctx, plan, actions: {} },
    };
    expect(transition(failedApply, { type: 'back' }).state).toBe(failedApply);
  });
});
