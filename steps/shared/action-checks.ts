/**
 * The one function apply validates every action through: the action kind's closed parameter schema (from the
 * step that owns the kind), its step, and its target, summary and command rendered again from the parameters,
 * so that what a reviewer read is what the parameters make apply write. After the tenant is re-read, each
 * kind's scope check confirms that the parameters name only what the plan's answers select.
 */
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import type { Action, ActionKind, CloudName, Plan, StepId } from '../../src/plan/types';
import type { ActionDisplay, ActionKindSpec } from './action-params';
import type { AnyStep } from './contract';

/**
 * A kind's contract and where it belongs: the step its actions are filed under, and the family of plan it may
 * appear in (`configure`: plan/doctor; `enforce`: an enforcement plan, whose answers carry `enforce`).
 */
export interface KindOwner {
  step: StepId;
  spec: ActionKindSpec;
  family: 'configure' | 'enforce';
}

export function kindOwners(
  steps: readonly AnyStep[],
  enforcement: { step: StepId; contracts: Partial<Record<ActionKind, ActionKindSpec>> },
): Partial<Record<ActionKind, KindOwner>> {
  const owners: Partial<Record<ActionKind, KindOwner>> = {};
  for (const s of steps) {
    for (const [kind, spec] of Object.entries(s.actionContracts) as [ActionKind, ActionKindSpec][]) {
      owners[kind] = { step: s.id, spec, family: 'configure' };
    }
  }
  for (const [kind, spec] of Object.entries(enforcement.contracts) as [ActionKind, ActionKindSpec][]) {
    owners[kind] = { step: enforcement.step, spec, family: 'enforce' };
  }
  return owners;
}

const FAMILY_WORDS = { configure: 'a configuration plan', enforce: 'an enforcement plan' } as const;

const DISPLAYED = ['target', 'summary', 'command'] as const;

/** Problems with one action as `field: why`, first the schema's, then the display's; [] when it is sound. */
export function actionProblems(
  action: Action,
  plan: Pick<Plan, 'cloud' | 'answers'>,
  owners: Partial<Record<ActionKind, KindOwner>>,
): string[] {
  const owner = owners[action.kind];
  if (!owner) return [`kind: no step writes ${action.kind}`];
  const problems: string[] = [];
  const family = plan.answers.enforce ? 'enforce' : 'configure';
  if (owner.family !== family) problems.push(`kind: ${action.kind} is not part of ${FAMILY_WORDS[family]}`);
  if (owner.step !== action.step) problems.push(`step: ${action.kind} belongs to ${owner.step}`);
  const parsed = owner.spec.params.safeParse(action.params);
  if (!parsed.success) {
    return [
      ...problems,
      ...parsed.error.issues.map((i) => `params${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`),
    ];
  }
  const beyond = owner.spec.inAnswers?.(parsed.data, plan.answers);
  if (beyond) problems.push(beyond);
  const shown = owner.spec.describe(parsed.data, plan.cloud);
  for (const field of DISPLAYED) {
    if (action[field] !== shown[field]) problems.push(`${field}: does not say what the parameters write`);
  }
  return problems;
}

function refused(action: Action, problems: string[]): UserError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new UserError(
    'plan-params-invalid',
    `action ${action.id} (${action.kind}) is not a change this tool makes: ${problems[0]}${more}`,
    'Nothing was changed. Make a new plan with `entra-vm-login plan`, review it, and apply that file.',
  );
}

/** Throws `plan-params-invalid` (exit 2) for the first action that fails its kind's schema or display check. */
export function validateActions(plan: Plan, owners: Partial<Record<ActionKind, KindOwner>>): void {
  for (const action of plan.actions) {
    const problems = actionProblems(action, plan, owners);
    if (problems.length > 0) throw refused(action, problems);
  }
}

/** After re-reading the tenant: throws for the first action whose parameters reach beyond the answers. */
export function validateActionsInScope(
  plan: Plan,
  snapshot: Snapshot,
  answers: Answers,
  owners: Partial<Record<ActionKind, KindOwner>>,
): void {
  for (const action of plan.actions) {
    const owner = owners[action.kind];
    const parsed = owner?.spec.params.safeParse(action.params);
    if (!owner || !parsed?.success) throw refused(action, actionProblems(action, plan, owners));
    const problem = owner.spec.inScope?.(parsed.data, snapshot, answers);
    if (problem) throw refused(action, [problem]);
  }
}

/** The action's display rendered from its parameters (falls back to the stored fields for an unknown kind). */
export function describeAction(
  action: Action,
  cloud: CloudName,
  owners: Partial<Record<ActionKind, KindOwner>>,
): ActionDisplay {
  const owner = owners[action.kind];
  const parsed = owner?.spec.params.safeParse(action.params);
  return owner && parsed?.success
    ? owner.spec.describe(parsed.data, cloud)
    : { target: action.target, summary: action.summary, command: action.command };
}
