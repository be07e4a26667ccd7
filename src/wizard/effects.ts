/**
 * Executes the machine's effects against the injected services and turns every outcome into an event, so that
 * the transitions stay pure and testable without Ink or Azure. Nothing here decides what happens next: that is
 * `transition`'s job.
 */
import { isUserError, UserError } from '../errors';
import type { ApplyFailure, FailureDecision, WizardServices } from '../machine/services';
import type { Effect, WizardError, WizardEvent } from '../machine/state';
import { parseAnswers } from '../plan/answers';

export function toWizardError(e: unknown): WizardError {
  if (isUserError(e)) return { message: e.message, hint: e.hint, code: e.code };
  if (e instanceof Error && e.name === 'ZodError') {
    return { message: 'The answers are not valid.', hint: e.message.split('\n')[0], code: 'bad-input' };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in entra-vm-login: please report it with the steps that led here.',
    code: 'bug',
  };
}

export interface EffectRunner {
  run(effect: Effect): void;
  /** Resolves once an in-flight apply has settled (its journal written), so that leaving cannot cut it short. */
  settled(): Promise<void>;
}

export function createEffectRunner(
  services: WizardServices,
  dispatch: (event: WizardEvent) => void,
  onExit: (code: number) => void,
  clock: () => number = Date.now,
): EffectRunner {
  let applying: Promise<unknown> | undefined;
  let controller: AbortController | undefined;
  const decisions = new Map<string, (d: FailureDecision) => void>();

  const attempt = (effect: Effect, work: () => Promise<WizardEvent>) => {
    const p = work().then(dispatch, (e: unknown) => dispatch({ type: 'error', error: toWizardError(e), effect }));
    return p;
  };

  return {
    run(effect) {
      switch (effect.type) {
        case 'connect':
          attempt(effect, async () => ({ type: 'connected', info: await services.connect() }));
          return;
        case 'discover':
          attempt(effect, async () => {
            const snapshot = await services.discover(parseAnswers(effect.answers), (message) =>
              dispatch({ type: 'progress', message }),
            );
            return { type: 'discovered', snapshot };
          });
          return;
        case 'doctor':
          attempt(effect, async () => ({
            type: 'doctor-ready',
            result: await services.doctor(effect.question, (message) => dispatch({ type: 'progress', message })),
          }));
          return;
        case 'plan':
          attempt(effect, async () => {
            const answers = parseAnswers(effect.answers);
            const snapshot = await services.discover(answers, (message) => dispatch({ type: 'progress', message }));
            dispatch({ type: 'progress', message: 'Facts read; planning' });
            return { type: 'plan-ready', plan: await services.plan(snapshot, answers), snapshot };
          });
          return;
        case 'plan-enforcement':
          attempt(effect, async () => {
            if (!services.planEnforcement) {
              throw new UserError('bad-input', 'this connection cannot plan Azure Policy enforcement', undefined);
            }
            const plan = await services.planEnforcement(effect.choice, (message) =>
              dispatch({ type: 'progress', message }),
            );
            return { type: 'plan-ready', plan };
          });
          return;
        case 'apply': {
          controller = new AbortController();
          const onFailure = (failure: ApplyFailure) =>
            new Promise<FailureDecision>((resolve) => {
              decisions.set(failure.actionId, resolve);
              dispatch({ type: 'action-failed', failure });
            });
          applying = attempt(effect, async () => ({
            type: 'apply-done',
            result: await services.apply(
              effect.plan,
              (event) => dispatch({ type: 'action-progress', event: { ...event, at: event.at ?? clock() } }),
              controller!.signal,
              onFailure,
            ),
          }));
          return;
        }
        case 'resolve-failure': {
          const resolve = decisions.get(effect.actionId);
          decisions.delete(effect.actionId);
          resolve?.(effect.decision);
          return;
        }
        case 'abort-apply':
          controller?.abort();
          for (const resolve of decisions.values()) resolve('abort');
          decisions.clear();
          return;
        case 'verify':
          attempt(effect, async () => ({ type: 'verified', verification: await services.verify(effect.plan) }));
          return;
        case 'review-policy':
          attempt(effect, async () => {
            if (!services.reviewPolicy) {
              throw new UserError('graph-error', 'this connection cannot read sign-in logs', undefined);
            }
            return { type: 'policy-reviewed', review: await services.reviewPolicy(effect.policyId) };
          });
          return;
        case 'save-plan':
          attempt(effect, async () => ({
            type: 'plan-saved',
            path: await services.savePlan(effect.plan, effect.path),
          }));
          return;
        case 'exit':
          onExit(effect.code);
          return;
      }
    },
    settled: async () => {
      await applying;
    },
  };
}
