/**
 * What the wizard needs from the rest of the program, as one injected object. The machine
 * and the screens never import steps or SDKs: the lead wires `WizardServices` to the gateway, the step modules,
 * the planner and the executor; tests pass plain-data fakes.
 */
import type { StepView } from '../../steps/shared/contract';
import type { ApplyEvent as ExecutorApplyEvent } from '../apply/contract';
import type { PolicyReview } from '../checks/policy-review';
import type { SignInChain } from '../checks/signin-chain';
import type { DoctorEvidence } from '../checks/signin-evidence';
import type { Answers } from '../plan/answers';
import type { SignInOutcome } from '../plan/glyphs-and-wording';
import type { PrincipalFacts, Snapshot, SubscriptionFacts } from '../plan/snapshot';
import type { CloudName, ConnectionMethod, Finding, Plan, StepId } from '../plan/types';

/** Who and where the wizard is signed in. `simulated` is true on the built-in demo tenant. */
export interface ConnectInfo {
  cloud: CloudName;
  tenantId: string;
  tenantName: string;
  /** The signed-in account (UPN), when the credential tells it. */
  account?: string;
  simulated: boolean;
  subscriptions: SubscriptionFacts[];
}

/** A finding as screens show it: both `Finding` (numbered) and `FindingDraft` (from assess) fit. */
export type FindingLike = Pick<Finding, 'code' | 'severity' | 'step' | 'target' | 'message' | 'remediation'>;

/** The executor's progress events, forwarded as they happen. `at` is the runner's clock (ms) when received. */
export interface ApplyEvent extends ExecutorApplyEvent {
  at?: number;
}

/** What the admin chose after an action failed for good. */
export type FailureDecision = 'retry' | 'skip' | 'abort';

export interface ApplyFailure {
  actionId: string;
  /** Present tense with a next step: noun and past participle, or present tense with a next step. */
  message: string;
  hint?: string;
}

export interface ApplyResult {
  /** `completed`: every action done or skipped; `failed`: some failed; `aborted`: the admin stopped. */
  outcome: 'completed' | 'failed' | 'aborted';
  succeeded: string[];
  alreadyDone: string[];
  skipped: string[];
  failed: ApplyFailure[];
  /** Where the journal lives: re-running apply with the same plan resumes from it. */
  journalPath?: string;
}

/** The predicted sign-in outcomes, from the shared wording table. */
export type SignInOutcomeKind = SignInOutcome;

/** One predicted sign-in: a user connecting to a VM by a method (src/checks/signin-outcome.ts). */
export interface OutcomeRow {
  user: string;
  vm: string;
  method: ConnectionMethod;
  outcome: SignInOutcomeKind;
  message: string;
  whyNoMfa?: string;
  reasons: string[];
}

export interface Verification {
  /** What is still wrong after apply (re-discovered and re-assessed). */
  findings: FindingLike[];
  outcomes: OutcomeRow[];
  /** Paths of the .rdp files written for the selected Windows VMs. */
  rdpFiles: string[];
  /** Per connection method, the command with the real names (first VM it reaches), for "Next steps". */
  connectCommands?: { method: ConnectionMethod; vm: string; command: string; note?: string; more: number }[];
  /** The sign-in chains worth a picture: failing or without MFA first (src/workflows/predictions.ts). */
  chains?: SignInChain[];
  /**
   * Actions the post-apply check did not find as planned, with why: the summary does not count them as made
   * (a journal line or a handler's word alone proves nothing).
   */
  notAsPlanned?: { actionId: string; problem: string }[];
  /**
   * After an enforcement plan: the compliance summary of its assignments as lines (no colour), the same text
   * `enforce --status` prints.
   */
  compliance?: string[];
}

/** What the admin chose for handing the configuration to Azure Policy (`enforce` in the wizard). */
export interface EnforceChoice {
  /** A subscription or resource group id (a management group is given on the command line). */
  scope: string;
  /** AuditIfNotExists only: report VMs without Entra sign-in, change none. */
  audit: boolean;
}

/** The doctor's report for one user and one VM, as the wizard shows it (src/workflows/doctor.ts). */
export interface DoctorResult {
  /** The user's UPN and the VM's name, for the screen's question. */
  user: string;
  vm: string;
  /** The one cause that decides the outcome, in a sentence (as `doctor` prints first). */
  headline?: string;
  outcomes: OutcomeRow[];
  /** One sign-in chain per examined method. */
  chains: SignInChain[];
  /** The user's recent sign-ins and Microsoft's What-If beside the prediction, when they could be read. */
  evidence?: DoctorEvidence;
  findings: FindingLike[];
  /** The fix, in the plan file format: reviewed, confirmed and applied like any plan. */
  plan: Plan;
}

export interface WizardServices {
  /**
   * Reads one VM and one user (VM id, UPN), predicts per connection method (every method that fits when none is
   * given), reads the user's sign-ins beside the prediction and plans the fix. Read-only.
   */
  doctor(
    question: { user: string; vm: string; method?: ConnectionMethod },
    onProgress: (message: string) => void,
  ): Promise<DoctorResult>;
  /**
   * A policy's report-only results over the last week of VM sign-ins, per user and app, with a recommendation.
   * Optional: without it the wizard confirms without the review.
   */
  reviewPolicy?(policyId: string): Promise<PolicyReview>;
  /** Signs in (like az) and lists the subscriptions the account can see. */
  connect(): Promise<ConnectInfo>;
  /**
   * Reads the snapshot for the answers. When the answers select no VM (no `vms`, `resourceGroups`, `tags`,
   * `vmIds`), `snapshot.vms` holds every VM of the answered subscriptions: the inventory the selection screen
   * lists. Tenant-wide facts (CA policies, service principals, security defaults) are read either way.
   */
  discover(answers: Answers, onProgress: (message: string) => void): Promise<Snapshot>;
  /** The steps' `assess`, pure and synchronous, grouped by step. */
  findings(snapshot: Snapshot, answers: Answers): Record<StepId, FindingLike[]>;
  /** The steps' view models for their screens, pure and synchronous, by step. */
  views(snapshot: Snapshot, answers: Answers): Record<StepId, StepView>;
  /** The planner: numbered actions and findings with a digest, for the given snapshot and answers. */
  plan(snapshot: Snapshot, answers: Answers): Promise<Plan>;
  /**
   * Runs the plan. `onFailure` is awaited when an action fails for good; the executor then retries, skips
   * (with its dependants) or stops. Resolves with the result; rejects only on a bug or when the plan is refused.
   */
  apply(
    plan: Plan,
    onEvent: (event: ApplyEvent) => void,
    signal: AbortSignal,
    onFailure: (failure: ApplyFailure) => Promise<FailureDecision>,
  ): Promise<ApplyResult>;
  verify(plan: Plan): Promise<Verification>;
  /**
   * The enforcement plan for a scope (Azure Policy definition, assignments, their identities' roles and the
   * remediations for the VMs that exist today). Optional: without it the summary offers no enforcement.
   */
  planEnforcement?(choice: EnforceChoice, onProgress: (message: string) => void): Promise<Plan>;
  /** Writes the plan file atomically; resolves with the absolute path written. */
  savePlan(plan: Plan, path: string): Promise<string>;
  /** Finds users and groups by UPN prefix, display name or object id (Graph), best matches first. */
  lookupPrincipal(text: string): Promise<PrincipalFacts[]>;
}
