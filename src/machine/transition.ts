/**
 * The wizard's transitions: pure `(state, event) → { state, effects }`. An event that does not
 * apply to the current state is ignored: the same state object comes back with no effects, so stale results
 * (a late `discovered`, a key pressed twice) cannot move the wizard.
 *
 * Safety invariant: the only transition that emits `apply` is `confirm` in `confirming`, and `confirming` is
 * reached only from `reviewing-plan` by `next` (through `reviewing-policy` when the plan turns a report-only policy
 * on: its report-only results over real sign-ins are shown first). `cancel` never emits an effect that writes.
 */

import { BREAK_GLASS_NOTICE } from '../../steps/conditional-access/rules';
import { STEPS } from '../../steps/registry';
import { NO_VM_SELECTED } from '../../steps/vm-selection/rules';
import { reportOnlyPolicyTurnedOn } from '../checks/policy-review';
import { type AnswersInput, CONNECTION_METHODS, defaultConnections } from '../plan/answers';
import type { StepId } from '../plan/types';
import type { ApplyEvent, ApplyResult } from './services';
import type {
  ActionProgress,
  DoctorAsked,
  DoctorQuestion,
  Effect,
  StepState,
  Transition,
  WizardContext,
  WizardEvent,
  WizardState,
} from './state';

/** Progress lines kept for the screen: enough for context, bounded for 5,000-VM discoveries. */
const PROGRESS_LINES = 20;

export const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

/** The steps' own blocker texts and the doctor's, named for the tests and screens that show them. */
export const NOTICES = {
  noVm: NO_VM_SELECTED,
  breakGlass: BREAK_GLASS_NOTICE,
  noUser: 'Name the user who cannot sign in: type their UPN or name and press enter to look it up.',
  noDoctorVm: 'Pick the VM they try to sign in to.',
  noFix: 'No change this tool makes fixes this: the findings say what to do by hand.',
} as const;

/** Why the doctor's questions are not answered yet, or undefined. */
export function doctorBlocker(q: DoctorQuestion): string | undefined {
  if (!q.user) return NOTICES.noUser;
  if (!q.vm) return NOTICES.noDoctorVm;
  return undefined;
}

/** The first state and the effect that starts it. */
export function start(answers: AnswersInput = {}): Transition {
  return {
    state: { type: 'connecting', ctx: { answers }, phase: 'signing-in', progress: [] },
    effects: [{ type: 'connect' }],
  };
}

/** Answers with every VM selector cleared: discovery then lists the whole inventory (see WizardServices). */
export function inventoryAnswers(answers: AnswersInput): AnswersInput {
  return { ...answers, vms: [], resourceGroups: [], tags: [], vmIds: [] };
}

/**
 * What the wizard's one discovery reads with: the whole inventory, for every connection method. The wizard
 * reads before the admin chooses connection methods and judges every later answer against that snapshot, so
 * a read gated on a method (the Bastion hosts, the Linux sign-in app) must be made now, or a Bastion `plan`
 * finds would be "none found" in the wizard.
 */
export function discoveryAnswers(answers: AnswersInput): AnswersInput {
  return { ...inventoryAnswers(answers), connections: [...CONNECTION_METHODS] };
}

/** The VMs of the inventory that the answers select by id or name (flags may give names). */
export function selectedVms(ctx: WizardContext): NonNullable<WizardContext['snapshot']>['vms'] {
  const wanted = new Set((ctx.answers.vms ?? []).map((v) => v.toLowerCase()));
  return (ctx.snapshot?.vms ?? []).filter((v) => wanted.has(v.id.toLowerCase()) || wanted.has(v.name.toLowerCase()));
}

/**
 * The answers with the connection methods the selection implies when the admin has not chosen any (the rule is
 * `defaultConnections`, beside the schema). Returns `ctx.answers` itself when the schema's default applies.
 */
export function effectiveAnswers(ctx: WizardContext): AnswersInput {
  if (ctx.answers.connections !== undefined) return ctx.answers;
  const implied = defaultConnections(selectedVms(ctx).map((v) => v.osType));
  if (implied.join() === defaultConnections([]).join()) return ctx.answers;
  return { ...ctx.answers, connections: implied };
}

export function isStepState(state: WizardState): state is StepState {
  return state.type === 'step';
}

const stay = (state: WizardState): Transition => ({ state, effects: [] });
const go = (state: WizardState, ...effects: Effect[]): Transition => ({ state, effects });

function stepState(step: StepId, ctx: WizardContext): StepState {
  return { type: 'step', step, ctx };
}

const firstStep = (): StepId => STEPS.ids[0]!;
const lastStep = (): StepId => STEPS.ids[STEPS.ids.length - 1]!;

/** Why `next` may not leave a step yet (the step's own blocker); undefined when it may. */
export function stepBlocker(step: StepId, a: AnswersInput): string | undefined {
  return STEPS.byId(step).blocker(a);
}

function stepTransition(state: StepState, event: WizardEvent): Transition {
  const index = STEPS.ids.indexOf(state.step);
  switch (event.type) {
    case 'answer':
      return stay(stepState(state.step, { ...state.ctx, answers: { ...state.ctx.answers, ...event.patch } }));
    case 'next': {
      const notice = stepBlocker(state.step, state.ctx.answers);
      if (notice) return stay({ ...state, notice });
      const following = STEPS.ids[index + 1];
      if (following) return go(stepState(following, state.ctx));
      return go(
        { type: 'planning', ctx: state.ctx, progress: [] },
        { type: 'plan', answers: effectiveAnswers(state.ctx) },
      );
    }
    case 'back': {
      const previous = STEPS.ids[index - 1];
      return previous ? go(stepState(previous, state.ctx)) : stay(state);
    }
    case 'quit':
      return go(state, { type: 'exit', code: EXIT.interrupted });
    default:
      return stay(state);
  }
}

/** Folds one executor event into the per-action progress table. */
export function applyProgress(actions: Record<string, ActionProgress>, e: ApplyEvent): Record<string, ActionProgress> {
  const prev: ActionProgress = actions[e.actionId] ?? { status: 'waiting', retries: 0 };
  let next: ActionProgress;
  switch (e.type) {
    case 'started':
      next = { ...prev, status: 'running', startedAt: e.at ?? prev.startedAt, message: undefined };
      break;
    case 'retrying':
      next = { ...prev, status: 'retrying', retries: prev.retries + 1, message: e.message };
      break;
    case 'progress':
      next = { ...prev, status: 'running', message: e.message, elapsedMs: e.elapsedMs ?? prev.elapsedMs };
      break;
    case 'succeeded':
      next = { ...prev, status: 'done', elapsedMs: e.elapsedMs ?? prev.elapsedMs, message: e.message };
      break;
    case 'already-done':
    case 'resumed':
      next = { ...prev, status: 'done', alreadyDone: true, message: e.message };
      break;
    case 'failed':
      next = { ...prev, status: 'failed', message: e.message, elapsedMs: e.elapsedMs ?? prev.elapsedMs };
      break;
    case 'skipped':
      next = { ...prev, status: 'skipped', message: e.message };
      break;
    case 'interrupted':
      next = { ...prev, status: 'interrupted', message: e.message };
      break;
  }
  return { ...actions, [e.actionId]: next };
}

/**
 * Whether the summary may offer handing the configuration to Azure Policy: after a setup that was applied
 * (not cancelled or interrupted), never after an enforcement plan itself.
 */
export function canEnforceAfter(state: Extract<WizardState, { type: 'done' }>): boolean {
  return state.reason === 'completed' && !!state.plan && !state.plan.answers.enforce && !!state.result;
}

function doneExitCode(result: ApplyResult | undefined, reason: 'completed' | 'cancelled' | 'interrupted'): number {
  if (reason === 'interrupted') return EXIT.interrupted;
  if (reason === 'cancelled' || !result) return EXIT.ok;
  return result.outcome === 'completed' ? EXIT.ok : EXIT.failed;
}

function failedFrom(state: WizardState, event: Extract<WizardEvent, { type: 'error' }>): Transition {
  return go({ type: 'failed', ctx: state.ctx, error: event.error, effect: event.effect, resume: state });
}

export function transition(state: WizardState, event: WizardEvent): Transition {
  switch (state.type) {
    case 'connecting':
      if (event.type === 'progress') {
        return stay({ ...state, progress: [...state.progress, event.message].slice(-PROGRESS_LINES) });
      }
      if (event.type === 'connected' && state.phase === 'signing-in') {
        const ctx = { ...state.ctx, connection: event.info };
        return go(
          { type: 'connecting', ctx, phase: 'discovering', progress: [] },
          { type: 'discover', answers: discoveryAnswers(ctx.answers) },
        );
      }
      if (event.type === 'discovered' && state.phase === 'discovering') {
        return go({ type: 'choosing-task', ctx: { ...state.ctx, snapshot: event.snapshot } });
      }
      if (event.type === 'error') return failedFrom(state, event);
      if (event.type === 'quit') return go(state, { type: 'exit', code: EXIT.interrupted });
      return stay(state);

    case 'step':
      // Back from the first step returns to the first question.
      if (event.type === 'back' && state.step === firstStep()) return go({ type: 'choosing-task', ctx: state.ctx });
      return stepTransition(state, event);

    case 'choosing-task':
      if (event.type === 'choose-task') {
        return event.task === 'setup'
          ? go(stepState(firstStep(), state.ctx))
          : go({ type: 'doctor-asking', ctx: state.ctx, question: {} });
      }
      if (event.type === 'quit') return go(state, { type: 'exit', code: EXIT.interrupted });
      return stay(state);

    case 'doctor-asking':
      switch (event.type) {
        case 'doctor-answer':
          return stay({ ...state, question: { ...state.question, ...event.patch }, notice: undefined });
        case 'next': {
          const notice = doctorBlocker(state.question);
          if (notice) return stay({ ...state, notice });
          const question: DoctorAsked = {
            user: state.question.user!,
            vm: state.question.vm!,
            ...(state.question.method ? { method: state.question.method } : {}),
          };
          return go({ type: 'doctor-running', ctx: state.ctx, question, progress: [] }, { type: 'doctor', question });
        }
        case 'back':
          return go({ type: 'choosing-task', ctx: state.ctx });
        case 'quit':
          return go(state, { type: 'exit', code: EXIT.interrupted });
        default:
          return stay(state);
      }

    case 'doctor-running':
      if (event.type === 'progress') {
        return stay({ ...state, progress: [...state.progress, event.message].slice(-PROGRESS_LINES) });
      }
      if (event.type === 'doctor-ready') {
        return go({ type: 'doctor-report', ctx: state.ctx, question: state.question, result: event.result });
      }
      if (event.type === 'error') return failedFrom(state, event);
      if (event.type === 'quit') return go(state, { type: 'exit', code: EXIT.interrupted });
      return stay(state);

    case 'doctor-report':
      switch (event.type) {
        case 'next':
          // Nothing to review when no change fixes it: the report says so and the admin stays.
          if (state.result.plan.actions.length === 0) return stay({ ...state, notice: NOTICES.noFix });
          return go({
            type: 'reviewing-plan',
            ctx: { ...state.ctx, doctor: { question: state.question, result: state.result } },
            plan: state.result.plan,
            saving: false,
          });
        case 'back':
          return go({ type: 'doctor-asking', ctx: state.ctx, question: state.question });
        case 'quit':
          return go(state, { type: 'exit', code: EXIT.interrupted });
        default:
          return stay(state);
      }

    case 'planning':
      if (event.type === 'progress') {
        return stay({ ...state, progress: [...state.progress, event.message].slice(-PROGRESS_LINES) });
      }
      if (event.type === 'plan-ready') {
        return go({
          type: 'reviewing-plan',
          ctx: { ...state.ctx, snapshot: event.snapshot ?? state.ctx.snapshot },
          plan: event.plan,
          saving: false,
        });
      }
      if (event.type === 'error') return failedFrom(state, event);
      if (event.type === 'quit') return go(state, { type: 'exit', code: EXIT.interrupted });
      return stay(state);

    case 'reviewing-plan':
      switch (event.type) {
        case 'next': {
          const policy = reportOnlyPolicyTurnedOn(state.plan, state.ctx.snapshot);
          if (policy) {
            return go(
              { type: 'reviewing-policy', ctx: state.ctx, plan: state.plan, policy },
              { type: 'review-policy', policyId: policy.policyId },
            );
          }
          return go({ type: 'confirming', ctx: state.ctx, plan: state.plan });
        }
        case 'back': {
          // An enforcement plan was made from the scope chosen after a setup, not from the steps.
          if (state.plan.answers.enforce) return go({ type: 'choosing-enforcement', ctx: state.ctx });
          // A fix from the doctor goes back to its report; a setup plan to the last step.
          const doctor = state.ctx.doctor;
          if (doctor) {
            return go({
              type: 'doctor-report',
              ctx: { ...state.ctx, doctor: undefined },
              question: doctor.question,
              result: doctor.result,
            });
          }
          return go(stepState(lastStep(), state.ctx));
        }
        case 'cancel':
          // Cancelling enforcement returns to the setup's summary: the setup itself is done.
          if (state.plan.answers.enforce && state.ctx.setupSummary) return go(state.ctx.setupSummary);
          return go({ type: 'done', ctx: state.ctx, reason: 'cancelled', plan: state.plan });
        case 'save-plan':
          if (state.saving) return stay(state);
          return go({ ...state, saving: true }, { type: 'save-plan', plan: state.plan, path: event.path });
        case 'plan-saved':
          return state.saving ? go({ ...state, saving: false, savedPath: event.path }) : stay(state);
        case 'error':
          return state.saving ? failedFrom(state, event) : stay(state);
        case 'quit':
          return go(state, { type: 'exit', code: EXIT.interrupted });
        default:
          return stay(state);
      }

    case 'reviewing-policy':
      switch (event.type) {
        case 'policy-reviewed':
          return stay({ ...state, review: event.review, unread: undefined });
        case 'error':
          // The review is evidence, not a gate: unreadable sign-in logs are said, and the admin may go on.
          return event.effect.type === 'review-policy' ? stay({ ...state, unread: event.error.message }) : stay(state);
        case 'next':
          // Shown before turning on means shown: wait for the review (or for why it could not be read).
          if (!state.review && !state.unread) return stay(state);
          return go({ type: 'confirming', ctx: state.ctx, plan: state.plan });
        case 'back':
        case 'cancel':
          return go({ type: 'reviewing-plan', ctx: state.ctx, plan: state.plan, saving: false });
        case 'quit':
          return go(state, { type: 'exit', code: EXIT.interrupted });
        default:
          return stay(state);
      }

    case 'confirming':
      switch (event.type) {
        case 'confirm': {
          const actions: Record<string, ActionProgress> = {};
          for (const a of state.plan.actions) actions[a.id] = { status: 'waiting', retries: 0 };
          return go(
            { type: 'applying', ctx: state.ctx, plan: state.plan, actions },
            { type: 'apply', plan: state.plan },
          );
        }
        case 'cancel':
        case 'back':
          return go({ type: 'reviewing-plan', ctx: state.ctx, plan: state.plan, saving: false });
        case 'quit':
          return go(state, { type: 'exit', code: EXIT.interrupted });
        default:
          return stay(state);
      }

    case 'applying':
      switch (event.type) {
        case 'action-progress':
          return stay({ ...state, actions: applyProgress(state.actions, event.event) });
        case 'action-failed':
          return stay({ ...state, pendingFailure: event.failure });
        case 'decide': {
          const pending = state.pendingFailure;
          if (!pending) return stay(state);
          return go(
            { ...state, pendingFailure: undefined },
            { type: 'resolve-failure', actionId: pending.actionId, decision: event.decision },
          );
        }
        case 'apply-done':
          return go(
            { type: 'verifying', ctx: state.ctx, plan: state.plan, actions: state.actions, result: event.result },
            { type: 'verify', plan: state.plan },
          );
        case 'error':
          return failedFrom({ ...state, pendingFailure: undefined }, event);
        case 'quit':
          return go(
            { type: 'done', ctx: state.ctx, reason: 'interrupted', plan: state.plan },
            { type: 'abort-apply' },
            { type: 'exit', code: EXIT.interrupted },
          );
        default:
          return stay(state);
      }

    case 'verifying':
      if (event.type === 'verified') {
        return go({
          type: 'done',
          ctx: state.ctx,
          reason: 'completed',
          plan: state.plan,
          result: state.result,
          verification: event.verification,
        });
      }
      if (event.type === 'error') return failedFrom(state, event);
      if (event.type === 'quit') {
        return go(state, { type: 'exit', code: doneExitCode(state.result, 'completed') });
      }
      return stay(state);

    case 'done':
      if (event.type === 'quit' || event.type === 'next') {
        // After enforcement, the setup before it still counts: a failed setup is not made good by a policy.
        const setup = state.ctx.setupSummary;
        const code = Math.max(
          doneExitCode(state.result, state.reason),
          setup ? doneExitCode(setup.result, setup.reason) : EXIT.ok,
        );
        return go(state, { type: 'exit', code });
      }
      if (event.type === 'enforce' && canEnforceAfter(state)) {
        return go({ type: 'choosing-enforcement', ctx: { ...state.ctx, setupSummary: state } });
      }
      return stay(state);

    case 'choosing-enforcement':
      switch (event.type) {
        case 'plan-enforcement':
          return go(
            { type: 'planning', ctx: state.ctx, progress: [] },
            { type: 'plan-enforcement', choice: event.choice },
          );
        case 'back':
        case 'cancel':
          return state.ctx.setupSummary ? go(state.ctx.setupSummary) : stay(state);
        case 'quit':
          return go(state, { type: 'exit', code: doneExitCode(state.ctx.setupSummary?.result, 'completed') });
        default:
          return stay(state);
      }

    case 'failed':
      if (event.type === 'retry') return go(state.resume, state.effect);
      // A plan that fails on an answer (a dsregcmd path, an unknown principal) is fixed on the steps, not by retrying.
      if (event.type === 'back' && state.resume.type === 'planning') {
        if (state.effect.type === 'plan-enforcement') return go({ type: 'choosing-enforcement', ctx: state.ctx });
        return go(stepState(lastStep(), state.ctx));
      }
      // A doctor that could not read (an unknown user, a VM gone) is fixed on its questions.
      if (event.type === 'back' && state.resume.type === 'doctor-running') {
        return go({ type: 'doctor-asking', ctx: state.ctx, question: state.resume.question });
      }
      if (event.type === 'quit') return go(state, { type: 'exit', code: EXIT.failed });
      return stay(state);
  }
}
