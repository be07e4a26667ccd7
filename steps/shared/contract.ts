/**
 * The contract every step folder fulfils. Each step answers the same questions, in the same rooms:
 *
 *   discover.ts  reads the tenant into the shared snapshot (the only room that does I/O before apply)
 *   rules.ts     pure: the step's facts, its findings, its planned actions, and what blocks the wizard
 *   apply.ts     one handler (and verifier) per action kind the step owns
 *   view.ts      pure: the view model its screen renders
 *   index.ts     this object, wiring the rooms together
 *
 * The rest of the program asks the registry (`steps/registry.ts`) and never names a step: the machine walks
 * the registry's order, discovery runs its phases, plan review and renderers take titles from it, and the
 * screen table maps ids to screens (a step without its own screen gets the generic one).
 */
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import type { Gateway } from '../../src/azure/operations';
import type { Answers, AnswersInput } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, ActionKind, FindingCode, FindingDraft, StepId } from '../../src/plan/types';
import type { ActionKindSpec } from './action-params';

export interface DiscoverContext {
  gateway: Gateway;
  answers: Answers;
  /** Shared across steps; each step writes only the fields it reads for itself. */
  snapshot: Snapshot;
  /** Short progress lines for the screen or stderr ("Reading role assignments…"). */
  progress(message: string): void;
  signal?: AbortSignal;
}

/** What every step's facts carry: the inputs they were computed from. */
export interface StepInputs {
  snapshot: Snapshot;
  answers: Answers;
}

/** One line of a step screen's table: a subject (VM, user, app, policy) and what the step says about it. */
export interface ViewRow {
  /** The VM, principal, app or policy the row is about. */
  subject: string;
  /** What the tenant has now, in a few words. */
  state: string;
  /** What the plan will do about it, or what blocks it ("nothing: OS unsupported"). */
  planned: string;
  tone: 'ok' | 'warn' | 'error' | 'muted';
  /** What the screen sends back when the admin picks this row (a VM's id), for screens where rows are picked. */
  id?: string;
  /** Further cells by column name, for screens that lay out a wider table than subject, state and planned. */
  cells?: Record<string, string>;
}

/** The answer fields a form field may set: a field writes `{ [answer]: value }` back through the screen. */
type AnswerKeyOf<T> = {
  [K in keyof AnswersInput]-?: NonNullable<AnswersInput[K]> extends T ? K : never;
}[keyof AnswersInput];

interface FieldBase {
  label: string;
  /** A few words beside the field (what it changes). */
  hint?: string;
}

/**
 * One question the step asks, as a form field. The step decides which fields exist and their current values
 * (defaults come from the answers schema); the screen only draws them and sends the new value back.
 */
export type ViewField =
  | (FieldBase & { kind: 'toggle'; answer: AnswerKeyOf<boolean>; value: boolean })
  | (FieldBase & { kind: 'choice'; answer: AnswerKeyOf<string>; value: string; options: readonly string[] })
  /** Free text; an empty text clears the answer. */
  | (FieldBase & { kind: 'text'; answer: AnswerKeyOf<string>; value: string })
  /**
   * A list the admin adds to by typing (enter adds) and removes from (backspace on an item). With `lookup`,
   * enter looks the text up among the tenant's users and groups and only what is found is added.
   */
  | (FieldBase & {
      kind: 'list';
      answer: AnswerKeyOf<string[]>;
      value: readonly string[];
      itemLabel: string;
      lookup?: 'principals';
    })
  /** A set picked from fixed options: one toggle per option, each labelled in words. */
  | (FieldBase & {
      kind: 'set';
      answer: AnswerKeyOf<string[]>;
      value: readonly string[];
      options: readonly { value: string; label: string }[];
    });

/** A pure view model: everything a step's screen shows, decided here so that screens only lay it out. */
export interface StepView {
  /** The question the screen asks ("Who may sign in, and with which role?"). */
  question: string;
  /** Column titles for `rows`. */
  columns: { subject: string; state: string; planned: string };
  rows: ViewRow[];
  /** Lines shown under the table: context the admin needs to answer. */
  notes: string[];
  /** The questions the step asks, in order; none when the step only shows what it found. */
  fields?: ViewField[];
  /** What the admin should know before going on (shown highlighted): a change that will not take effect. */
  warnings?: string[];
}

export interface StepModule<F extends StepInputs = StepInputs> {
  id: StepId;
  /** The screen and plan-review title: "VM selection", "Identity and extension", … */
  title: string;
  /**
   * When discovery runs this step: phase 1 steps run first (they choose the VMs every other step reads);
   * phase 2 steps then run concurrently.
   */
  discoveryPhase: 1 | 2;
  /** The action kinds this step plans and applies: the executor finds their handlers through the registry. */
  actionKinds: readonly ActionKind[];
  /**
   * The contract of each of those kinds (`params.ts`): its closed parameter schema, the target, summary and
   * command rendered from the parameters, and its scope check. Apply refuses any action that fails its kind's
   * contract, through one function (`shared/action-checks.ts`).
   */
  actionContracts: Partial<Record<ActionKind, ActionKindSpec>>;
  /** The finding codes this step may report. */
  findingCodes: readonly FindingCode[];
  /**
   * The answer fields the step's rules read. When the admin changes an answer, only steps that read it are
   * assessed again.
   */
  reads: readonly (keyof Answers)[];
  discover(ctx: DiscoverContext): Promise<void>;
  /**
   * Optional: starts, at the very beginning of discovery, the reads of this step that need no VM (tenant-wide
   * settings), so that their round trips overlap the paging of the VM lists instead of following it. `discover`
   * then awaits what was started; failures surface there. Never throws.
   */
  prefetch?(ctx: DiscoverContext): void;
  /** Pure: what the rules derive from the snapshot and answers, computed once and handed to the others. */
  facts(snapshot: Snapshot, answers: Answers): F;
  /** Pure. `fixedBy` names keys of drafts that `plan` returns for the same facts. */
  assess(facts: F): FindingDraft[];
  /** Pure and deterministic: the same facts give the same drafts in the same order. */
  plan(facts: F): ActionDraft[];
  /**
   * Why the admin may not go past this step with these answers, or undefined. The one place for such rules
   * (the wizard's `next`, the command line's validation and the screen's hint all ask it).
   */
  blocker(answers: AnswersInput): string | undefined;
  /** Pure view model for the step's screen. */
  view(facts: F): StepView;
  handlers: Partial<Record<ActionKind, ActionHandler>>;
  verifiers: Partial<Record<ActionKind, ActionVerifier>>;
}

/** Deterministic draft keys, shared so that findings and other steps can refer to actions. */
export const actionKey = (kind: ActionKind, ...parts: string[]): string =>
  [kind, ...parts.map((p) => p.toLowerCase())].join(':');

/** A step's contract with its facts type erased, as the registry holds it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds steps whose facts types differ.
export type AnyStep = StepModule<any>;

export const noBlocker = (): undefined => undefined;
