/**
 * The wizard's root: one state value picks the screen through an exhaustive switch, so a new state cannot go
 * unhandled. Screens get data (answers with their defaults, the step's view model) and callbacks; every
 * callback is one machine event.
 */
import { useWindowSize } from 'ink';
import { Fragment, useEffect, useMemo, useRef } from 'react';
import {
  ApplyScreen,
  Confirm,
  Connect,
  Doctor,
  DoctorAsk,
  ErrorScreen,
  PlanReview,
  Summary,
  TaskChoice,
  Working,
} from '../../screens';
import { EnforceChoice } from '../../screens/EnforceChoice';
import { PolicyReview } from '../../screens/PolicyReview';
import { useClock } from '../../screens/use-clock';
import { KeysProvider } from '../../screens/use-keys';
import { ColorContext } from '../../screens/widgets/color';
import { policyReviewView } from '../../steps/conditional-access/review-view';
import { enforceScopeChoices } from '../../steps/fleet-enforcement/view';
import { STEPS } from '../../steps/registry';
import type { StepView } from '../../steps/shared/contract';
import type { FindingLike, WizardServices } from '../machine/services';
import type { WizardEvent } from '../machine/state';
import { canEnforceAfter, effectiveAnswers, inventoryAnswers, selectedVms, start } from '../machine/transition';
import { type AnswersInput, answersWithDefaults, parseAnswers } from '../plan/answers';
import type { Snapshot } from '../plan/snapshot';
import type { StepId } from '../plan/types';
import { createEffectRunner, type EffectRunner } from './effects';
import { GENERIC_STEP_SCREEN, STEP_SCREENS } from './step-screens';
import { useMachine } from './use-machine';

export interface AppProps {
  services: WizardServices;
  color: boolean;
  demo?: boolean;
  /** Answers given as flags; the screens start from them. */
  answers?: AnswersInput;
  onExit: (code: number) => void;
  /** Lets the caller wait for an in-flight apply before leaving. */
  onRunner?: (runner: EffectRunner) => void;
}

const NO_FINDINGS: Record<StepId, FindingLike[]> = {};
const EMPTY_VIEW: StepView = { question: '', columns: { subject: '', state: '', planned: '' }, rows: [], notes: [] };

/** The steps' view models for the answers; none before discovery or while the answers do not parse yet. */
function viewsOf(
  services: WizardServices,
  snapshot: Snapshot | undefined,
  answers: AnswersInput,
): Record<StepId, StepView> {
  if (!snapshot) return {};
  try {
    return services.views(snapshot, parseAnswers(answers));
  } catch {
    return {};
  }
}

/** The steps' findings for the answers; none before discovery or while the answers do not parse yet. */
function findingsOf(
  services: WizardServices,
  snapshot: Snapshot | undefined,
  answers: AnswersInput,
): Record<StepId, FindingLike[]> {
  if (!snapshot) return NO_FINDINGS;
  try {
    return services.findings(snapshot, parseAnswers(answers));
  } catch {
    return NO_FINDINGS;
  }
}

export function App(p: AppProps) {
  const dispatchRef = useRef<(e: WizardEvent) => void>(() => {});
  const runnerRef = useRef<EffectRunner | undefined>(undefined);
  if (!runnerRef.current) {
    let exited = false;
    runnerRef.current = createEffectRunner(
      p.services,
      (e) => !exited && dispatchRef.current(e),
      (code) => {
        exited = true;
        p.onExit(code);
      },
    );
    p.onRunner?.(runnerRef.current);
  }
  const { state, dispatch, initialEffects } = useMachine(
    () => start(p.answers ?? {}),
    (e) => runnerRef.current!.run(e),
  );
  dispatchRef.current = dispatch;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first effects run once, on mount.
  useEffect(() => {
    for (const e of initialEffects) runnerRef.current!.run(e);
  }, []);

  // Every screen's frame is as tall as the terminal and its lists fill the rows left (screens/widgets/Frame).
  const { columns } = useWindowSize();
  const { ctx } = state;
  const snapshot = ctx.snapshot;
  const answers = useMemo(() => effectiveAnswers(ctx), [ctx]);
  const resolved = useMemo(() => answersWithDefaults(answers), [answers]);
  // The selection step shows and marks every VM of the inventory, not only the chosen ones: it is where they
  // are chosen. The other steps see the chosen VMs.
  const onSelection = state.type === 'step' && state.step === STEPS.ids[0];
  const seen = useMemo(() => (onSelection ? inventoryAnswers(answers) : answers), [answers, onSelection]);
  const findings = useMemo(() => findingsOf(p.services, snapshot, seen), [p.services, snapshot, seen]);
  const views = useMemo(
    () => (state.type === 'step' ? viewsOf(p.services, snapshot, seen) : {}),
    [p.services, snapshot, seen, state.type],
  );
  const now = useClock(state.type === 'applying', 500);

  const on = {
    next: () => dispatch({ type: 'next' }),
    back: () => dispatch({ type: 'back' }),
    quit: () => dispatch({ type: 'quit' }),
    cancel: () => dispatch({ type: 'cancel' }),
  };
  const connection = ctx.connection;
  // Each step screen gets `key={state.step}` so that its local form state starts fresh when the step changes.
  const step = (id: StepId, notice: string | undefined) => ({
    connection,
    title: STEPS.title(id),
    step: STEPS.ids.indexOf(id) + 1,
    answers: resolved,
    view: views[id] ?? EMPTY_VIEW,
    findings: findings[id] ?? [],
    notice,
    onAnswer: (patch: Partial<AnswersInput>) => dispatch({ type: 'answer', patch }),
    onNext: on.next,
    onBack: on.back,
    onQuit: on.quit,
  });

  let screen: React.ReactNode;
  switch (state.type) {
    case 'connecting':
      screen = (
        <Connect demo={p.demo} phase={state.phase} connection={connection} progress={state.progress} onQuit={on.quit} />
      );
      break;
    case 'step': {
      const render = STEP_SCREENS[state.step] ?? GENERIC_STEP_SCREEN;
      screen = (
        <Fragment key={state.step}>
          {render(step(state.step, state.notice), { services: p.services, width: columns })}
        </Fragment>
      );
      break;
    }
    case 'choosing-task':
      screen = (
        <TaskChoice
          connection={connection}
          vmCount={snapshot?.vms.length ?? 0}
          onChoose={(task) => dispatch({ type: 'choose-task', task })}
          onQuit={on.quit}
        />
      );
      break;
    case 'doctor-asking':
      screen = (
        <DoctorAsk
          connection={connection}
          question={state.question}
          vms={snapshot?.vms ?? []}
          notice={state.notice}
          onAnswer={(patch) => dispatch({ type: 'doctor-answer', patch })}
          onLookup={(text) => p.services.lookupPrincipal(text)}
          onNext={on.next}
          onBack={on.back}
          onQuit={on.quit}
        />
      );
      break;
    case 'doctor-running':
      screen = (
        <Working
          title="Doctor"
          doing="Reading the VM, the user and their sign-ins (nothing is written)…"
          connection={connection}
          progress={state.progress}
          onQuit={on.quit}
        />
      );
      break;
    case 'doctor-report':
      screen = (
        <Doctor
          connection={connection}
          result={state.result}
          notice={state.notice}
          onFix={on.next}
          onBack={on.back}
          onQuit={on.quit}
        />
      );
      break;
    case 'planning':
      screen = (
        <Working
          title="Planning"
          doing="Reading the selected VMs and planning…"
          connection={connection}
          progress={state.progress}
          onQuit={on.quit}
        />
      );
      break;
    case 'reviewing-plan':
      screen = (
        <PlanReview
          connection={connection}
          plan={state.plan}
          saving={state.saving}
          savedPath={state.savedPath}
          onApply={on.next}
          onSave={(path) => dispatch({ type: 'save-plan', path })}
          onCancel={on.cancel}
          onBack={on.back}
          onQuit={on.quit}
        />
      );
      break;
    case 'reviewing-policy':
      screen = (
        <PolicyReview
          connection={connection}
          view={policyReviewView(state.policy.name, state.review, state.unread)}
          onNext={on.next}
          onBack={on.back}
          onQuit={on.quit}
        />
      );
      break;
    case 'confirming':
      screen = (
        <Confirm
          connection={connection}
          plan={state.plan}
          onConfirm={() => dispatch({ type: 'confirm' })}
          onCancel={on.cancel}
          onQuit={on.quit}
        />
      );
      break;
    case 'applying':
      screen = (
        <ApplyScreen
          connection={connection}
          plan={state.plan}
          actions={state.actions}
          pendingFailure={state.pendingFailure}
          now={now}
          onDecide={(decision) => dispatch({ type: 'decide', decision })}
          onQuit={on.quit}
        />
      );
      break;
    case 'verifying':
      screen = (
        <Working
          title="Verifying"
          doing="Reading everything again to check what changed…"
          connection={connection}
          progress={[]}
          onQuit={on.quit}
        />
      );
      break;
    case 'done':
      screen = (
        <Summary
          connection={connection}
          reason={state.reason}
          plan={state.plan}
          result={state.result}
          verification={state.verification}
          onExit={on.quit}
          onEnforce={
            p.services.planEnforcement && canEnforceAfter(state) ? () => dispatch({ type: 'enforce' }) : undefined
          }
        />
      );
      break;
    case 'choosing-enforcement':
      screen = (
        <EnforceChoice
          connection={connection}
          scopes={enforceScopeChoices(selectedVms(ctx), connection?.subscriptions ?? [])}
          onChoose={(choice) => dispatch({ type: 'plan-enforcement', choice })}
          onBack={on.back}
          onQuit={on.quit}
        />
      );
      break;
    case 'failed':
      screen = (
        <ErrorScreen
          connection={connection}
          error={state.error}
          onRetry={() => dispatch({ type: 'retry' })}
          onBack={state.resume.type === 'planning' || state.resume.type === 'doctor-running' ? on.back : undefined}
          onQuit={on.quit}
        />
      );
      break;
    default: {
      const unreachable: never = state;
      throw new Error(`Unknown wizard state ${JSON.stringify(unreachable)}`);
    }
  }
  return (
    <ColorContext.Provider value={p.color}>
      <KeysProvider>{screen}</KeysProvider>
    </ColorContext.Provider>
  );
}
