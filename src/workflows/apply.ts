/**
 * Apply: the executor with every step's handlers, and a stale check that re-discovers the plan's
 * resources before the first write.
 */
import { ENFORCEMENT_HANDLERS, enforcementStaleness } from '../../steps/fleet-enforcement/index';
import { STEPS } from '../../steps/registry';
import { validateActions, validateActionsInScope } from '../../steps/shared/action-checks';
import { diffFingerprints, type RunPlanOptions, runPlan } from '../apply/executor';
import type { Plan } from '../plan/types';
import type { Connection } from './connect';
import { runDiscovery } from './discover';
import { snapshotFingerprint } from './plan';

export type ApplyOptions = Pick<RunPlanOptions, 'parallelism' | 'signal' | 'onEvent' | 'onFailure' | 'onSignInLost'>;

/**
 * Every action passes its kind's closed parameter schema and display check before anything happens, and its
 * scope check against the re-read tenant before the first write: a plan edited to write something else is
 * refused whole (exit 2), from the CLI and the wizard alike.
 */
export async function applyPlan(conn: Connection, plan: Plan, planPath: string, options: ApplyOptions = {}) {
  const owners = STEPS.contracts();
  validateActions(plan, owners);
  return runPlan({
    ...options,
    plan,
    planPath,
    handlers: { ...STEPS.handlers(), ...ENFORCEMENT_HANDLERS },
    gateway: conn.gateway,
    checkStale: async () => {
      // An enforcement plan depends on policy objects at its scope, not on selected VMs.
      if (plan.answers.enforce) return enforcementStaleness(conn.gateway, plan);
      const now = await runDiscovery(conn.gateway, plan.answers, { tenantId: conn.tenantId, signal: options.signal });
      validateActionsInScope(plan, now, plan.answers, owners);
      return diffFingerprints(plan.fingerprint, snapshotFingerprint(now));
    },
  });
}
