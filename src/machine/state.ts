/**
 * The wizard's state: one discriminated union; the App renders it with an exhaustive switch.
 * Effects are data the runner executes; their results come back as events.
 */
import type { PolicyReview } from '../checks/policy-review';
import type { AnswersInput } from '../plan/answers';
import type { Snapshot } from '../plan/snapshot';
import type { ConnectionMethod, Plan, StepId } from '../plan/types';
import type {
  ApplyEvent,
  ApplyFailure,
  ApplyResult,
  ConnectInfo,
  DoctorResult,
  EnforceChoice,
  FailureDecision,
  Verification,
} from './services';

/** What the admin came to do: set VMs up, or find out why one user's sign-in to one VM goes wrong. */
export type Task = 'setup' | 'doctor';

/** The doctor's three questions; no `method` examines every method that fits the VM. */
export interface DoctorQuestion {
  /** The user's UPN (or object id), as the lookup found it. */
  user?: string;
  /** The VM's resource id, from the inventory. */
  vm?: string;
  method?: ConnectionMethod;
}

/** The questions answered: what the `doctor` effect reads with. */
export type DoctorAsked = Required<Pick<DoctorQuestion, 'user' | 'vm'>> & Pick<DoctorQuestion, 'method'>;

/** What every state carries: the answers so far (kept across back-navigation) and the latest facts. */
export interface WizardContext {
  answers: AnswersInput;
  connection?: ConnectInfo;
  /** The latest discovery: the VM inventory before planning, the selection's facts after. */
  snapshot?: Snapshot;
  /**
   * Set while a plan under review came from the doctor: its questions and report, so that going back from the
   * plan returns to the report rather than to the setup steps.
   */
  doctor?: { question: DoctorAsked; result: DoctorResult };
  /** The setup's summary, returned to when the admin leaves the enforcement path offered on it. */
  setupSummary?: DoneState;
}

/** The end: a summary of what was applied (or why nothing was). */
export type DoneState = {
  type: 'done';
  ctx: WizardContext;
  /** `cancelled`: nothing was written; `interrupted`: the admin left during apply. */
  reason: 'completed' | 'cancelled' | 'interrupted';
  plan?: Plan;
  result?: ApplyResult;
  verification?: Verification;
};

/** An error as the screens show it: present tense, with a next step. */
export interface WizardError {
  message: string;
  hint?: string;
  code?: string;
}

/** `interrupted`: stopped mid-way by leaving; a later apply resumes it from the journal. */
export type ActionStatus = 'waiting' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped' | 'interrupted';

export interface ActionProgress {
  status: ActionStatus;
  /** Retries so far (the first attempt is not a retry). */
  retries: number;
  /** Runner clock (ms) when the action started, for a live elapsed time. */
  startedAt?: number;
  elapsedMs?: number;
  message?: string;
  /** Done before this run: found in the journal or already as wanted. */
  alreadyDone?: boolean;
}

/** On one of the registry's steps; `notice` says why `next` did not move on. */
export type StepState = { type: 'step'; step: StepId; ctx: WizardContext; notice?: string };

export type WizardState =
  | { type: 'connecting'; ctx: WizardContext; phase: 'signing-in' | 'discovering'; progress: string[] }
  | StepState
  /** The first question once the tenant is read: set VMs up, or find out why a sign-in goes wrong. */
  | { type: 'choosing-task'; ctx: WizardContext }
  /** The doctor's questions: who, which VM, how they connect; `notice` says why `next` did not go on. */
  | { type: 'doctor-asking'; ctx: WizardContext; question: DoctorQuestion; notice?: string }
  /** Reading that VM's and user's facts and sign-ins (nothing is written). */
  | { type: 'doctor-running'; ctx: WizardContext; question: DoctorAsked; progress: string[] }
  /** The report; `next` takes its fix into plan review, the same review → confirm → apply as setting up. */
  | { type: 'doctor-report'; ctx: WizardContext; question: DoctorAsked; result: DoctorResult; notice?: string }
  | { type: 'planning'; ctx: WizardContext; progress: string[] }
  | { type: 'reviewing-plan'; ctx: WizardContext; plan: Plan; saving: boolean; savedPath?: string }
  | {
      /**
       * Before confirming a plan that turns a report-only policy on: that policy's report-only results over real
       * sign-ins. `review` arrives by event; `unread` says why it could not be read (going on is still allowed).
       */
      type: 'reviewing-policy';
      ctx: WizardContext;
      plan: Plan;
      policy: { policyId: string; name: string };
      review?: PolicyReview;
      unread?: string;
    }
  | { type: 'confirming'; ctx: WizardContext; plan: Plan }
  | {
      type: 'applying';
      ctx: WizardContext;
      plan: Plan;
      actions: Record<string, ActionProgress>;
      /** Set while the executor waits for the admin's Retry / Skip / Abort. */
      pendingFailure?: ApplyFailure;
    }
  | { type: 'verifying'; ctx: WizardContext; plan: Plan; actions: Record<string, ActionProgress>; result: ApplyResult }
  | DoneState
  /** After a setup: where Azure Policy should keep every VM configured (a subscription or resource group). */
  | { type: 'choosing-enforcement'; ctx: WizardContext }
  | { type: 'failed'; ctx: WizardContext; error: WizardError; effect: Effect; resume: WizardState };

export type WizardEvent =
  | { type: 'choose-task'; task: Task }
  | { type: 'doctor-answer'; patch: Partial<DoctorQuestion> }
  | { type: 'doctor-ready'; result: DoctorResult }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'answer'; patch: Partial<AnswersInput> }
  | { type: 'connected'; info: ConnectInfo }
  | { type: 'progress'; message: string }
  | { type: 'discovered'; snapshot: Snapshot }
  /** `snapshot`: the facts the plan was made from (an enforcement plan reads policy objects, not a snapshot). */
  | { type: 'plan-ready'; plan: Plan; snapshot?: Snapshot }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'save-plan'; path: string }
  | { type: 'plan-saved'; path: string }
  | { type: 'action-progress'; event: ApplyEvent }
  | { type: 'action-failed'; failure: ApplyFailure }
  | { type: 'decide'; decision: FailureDecision }
  | { type: 'apply-done'; result: ApplyResult }
  | { type: 'verified'; verification: Verification }
  | { type: 'policy-reviewed'; review: PolicyReview }
  | { type: 'error'; error: WizardError; effect: Effect }
  | { type: 'retry' }
  /** On the setup's summary: go on to hand the configuration to Azure Policy. */
  | { type: 'enforce' }
  | { type: 'plan-enforcement'; choice: EnforceChoice }
  | { type: 'quit' };

export type Effect =
  | { type: 'connect' }
  | { type: 'discover'; answers: AnswersInput }
  /** Discovery for the selection, then the planner. */
  | { type: 'plan'; answers: AnswersInput }
  /** Reads one VM and one user, predicts, gathers the sign-in evidence and plans the fix: nothing is written. */
  | { type: 'doctor'; question: DoctorAsked }
  /** The enforcement plan for the chosen scope, read from the policy objects there. */
  | { type: 'plan-enforcement'; choice: EnforceChoice }
  | { type: 'apply'; plan: Plan }
  | { type: 'resolve-failure'; actionId: string; decision: FailureDecision }
  | { type: 'abort-apply' }
  | { type: 'verify'; plan: Plan }
  /** Reads the named policy's report-only results over the last week of VM sign-ins. */
  | { type: 'review-policy'; policyId: string }
  | { type: 'save-plan'; plan: Plan; path: string }
  | { type: 'exit'; code: number };

export interface Transition {
  state: WizardState;
  effects: Effect[];
}
