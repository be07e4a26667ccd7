/**
 * The steps in wizard order: the one list of steps in the program. The machine, discovery phases, plan review
 * titles, the executor's handlers and the screen table all come from here, so adding a step is adding its
 * folder to this list (and, optionally, a screen).
 */
import type { ActionHandler, ActionVerifier } from '../src/apply/contract';
import { isUserError } from '../src/errors';
import type { Answers } from '../src/plan/answers';
import type { Snapshot } from '../src/plan/snapshot';
import type { ActionDraft, ActionKind, FindingDraft, StepId } from '../src/plan/types';
import clientReadiness from './client-readiness/index';
import conditionalAccess from './conditional-access/index';
import { ENFORCEMENT_CONTRACTS } from './fleet-enforcement/params';
import identityExtension from './identity-extension/index';
import roleAssignment from './role-assignment/index';
import servicePrincipal from './service-principal/index';
import { type KindOwner, kindOwners } from './shared/action-checks';
import type { AnyStep, StepView } from './shared/contract';
import vmSelection from './vm-selection/index';

export const BUILT_IN_STEPS: readonly AnyStep[] = [
  vmSelection,
  identityExtension,
  roleAssignment,
  servicePrincipal,
  conditionalAccess,
  clientReadiness,
];

/** What one step says for one snapshot and answers: computed together, from its facts computed once. */
export interface StepOutcome {
  findings: FindingDraft[];
  drafts: ActionDraft[];
  view: StepView;
}

/**
 * The step's outcome while the admin is still answering: answers that do not allow a plan yet (a `UserError`
 * such as turning a policy on with no break-glass exclusion) leave no drafts instead of failing, so the step's
 * screen still shows its questions and findings. The plan itself (`evaluate`) refuses such answers.
 */
export function outcomeWhileAnswering(step: AnyStep, snapshot: Snapshot, answers: Answers): StepOutcome {
  const facts = step.facts(snapshot, answers);
  let drafts: ActionDraft[] = [];
  try {
    drafts = step.plan(facts);
  } catch (e) {
    if (!isUserError(e)) throw e;
  }
  return { findings: step.assess(facts), drafts, view: step.view(facts) };
}

export interface StepRegistry {
  readonly steps: readonly AnyStep[];
  readonly ids: readonly StepId[];
  byId(id: StepId): AnyStep;
  title(id: StepId): string;
  /** A title for any id, also one a newer version of the tool wrote into a plan file. */
  titleOf(id: StepId): string;
  /** Discovery phases in order: each a set of steps that read concurrently. */
  phases(): AnyStep[][];
  handlers(): Partial<Record<ActionKind, ActionHandler>>;
  /** Every action kind's contract (closed parameters, display, scope check) with the step that owns it. */
  contracts(): Partial<Record<ActionKind, KindOwner>>;
  verifiers(): Partial<Record<ActionKind, ActionVerifier>>;
  /** The step's findings, drafts and view from one computation of its facts. */
  evaluate(step: AnyStep, snapshot: Snapshot, answers: Answers): StepOutcome;
}

export function createRegistry(steps: readonly AnyStep[]): StepRegistry {
  const ids = steps.map((s) => s.id);
  const owners = new Map<ActionKind, StepId>();
  for (const s of steps) {
    for (const kind of s.actionKinds) {
      const owner = owners.get(kind);
      if (owner) throw new Error(`action kind ${kind} is claimed by both ${owner} and ${s.id}`);
      owners.set(kind, s.id);
      if (!s.handlers[kind]) throw new Error(`step ${s.id} lists ${kind} but has no handler for it`);
      if (!s.actionContracts[kind]) throw new Error(`step ${s.id} lists ${kind} but has no parameter contract for it`);
    }
  }
  const byId = (id: StepId): AnyStep => {
    const step = steps.find((s) => s.id === id);
    if (!step) throw new Error(`unknown step ${id}`);
    return step;
  };
  return {
    steps,
    ids,
    byId,
    title: (id) => byId(id).title,
    titleOf: (id) => steps.find((s) => s.id === id)?.title ?? id,
    phases() {
      const numbers = [...new Set(steps.map((s) => s.discoveryPhase))].sort();
      return numbers.map((n) => steps.filter((s) => s.discoveryPhase === n));
    },
    handlers: () => Object.assign({}, ...steps.map((s) => s.handlers)),
    contracts: () => kindOwners(steps, { step: 'identity-extension', contracts: ENFORCEMENT_CONTRACTS }),
    verifiers: () => Object.assign({}, ...steps.map((s) => s.verifiers)),
    evaluate(step, snapshot, answers) {
      const facts = step.facts(snapshot, answers);
      // The view is built only when asked for: plan and apply never draw a screen, and on a fleet a view is a row
      // per VM.
      let view: StepView | undefined;
      return {
        findings: step.assess(facts),
        drafts: step.plan(facts),
        get view() {
          view ??= step.view(facts);
          return view;
        },
      };
    },
  };
}

export const STEPS = createRegistry(BUILT_IN_STEPS);

/** One step's findings for these inputs (tests and the doctor ask for single steps). */
export function stepFindings(step: AnyStep, snapshot: Snapshot, answers: Answers): FindingDraft[] {
  return step.assess(step.facts(snapshot, answers));
}

/** One step's planned drafts for these inputs. */
export function stepDrafts(step: AnyStep, snapshot: Snapshot, answers: Answers): ActionDraft[] {
  return step.plan(step.facts(snapshot, answers));
}

/**
 * Evaluates steps and remembers each result, keyed by the snapshot object and the answer fields the step
 * `reads`: when the admin changes one answer, only the steps that read it are evaluated again. The one place
 * the wizard asks for findings while answers change.
 */
export function createAssessor(registry: StepRegistry = STEPS) {
  const cache = new WeakMap<Snapshot, Map<StepId, { key: string; outcome: StepOutcome }>>();
  return function assessSteps(snapshot: Snapshot, answers: Answers): Record<StepId, StepOutcome> {
    const perStep = cache.get(snapshot) ?? new Map<StepId, { key: string; outcome: StepOutcome }>();
    cache.set(snapshot, perStep);
    const out: Record<StepId, StepOutcome> = {};
    for (const step of registry.steps) {
      const key = JSON.stringify(step.reads.map((field) => answers[field]));
      const hit = perStep.get(step.id);
      if (hit && hit.key === key) {
        out[step.id] = hit.outcome;
        continue;
      }
      const outcome = outcomeWhileAnswering(step, snapshot, answers);
      perStep.set(step.id, { key, outcome });
      out[step.id] = outcome;
    }
    return out;
  };
}
