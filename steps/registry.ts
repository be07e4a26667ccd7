/**
 * The six steps in wizard order, and the one place that knows which step handles which action kind.
 * Adding a step is adding its module here (and its screen).
 */
import type { ActionKind, StepId } from '../src/plan/types';
import clientReadiness from './client-readiness';
import conditionalAccess from './conditional-access';
import identityExtension from './identity-extension';
import roleAssignment from './role-assignment';
import servicePrincipal from './service-principal';
import type { ActionHandler, ActionVerifier, StepModule } from './shared/contract';
import vmSelection from './vm-selection';

export const STEPS: readonly StepModule[] = [
  vmSelection,
  identityExtension,
  roleAssignment,
  servicePrincipal,
  conditionalAccess,
  clientReadiness,
];

export function stepById(id: StepId): StepModule {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step ${id}`);
  return step;
}

/** Every action kind's handler, from the step that owns it. */
export function allHandlers(): Partial<Record<ActionKind, ActionHandler>> {
  return Object.assign({}, ...STEPS.map((s) => s.handlers));
}

export function allVerifiers(): Partial<Record<ActionKind, ActionVerifier>> {
  return Object.assign({}, ...STEPS.map((s) => s.verifiers ?? {}));
}
