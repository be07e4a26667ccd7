/**
 * Verify: re-discover, re-assess, and compare with what the plan promised. An action whose
 * kind and target plan again was not applied as planned; verifiers re-read each written target.
 */
import { STEPS } from '../../steps/registry';
import type { Plan } from '../plan/types';
import type { Connection } from './connect';
import { runDiscovery } from './discover';
import { buildPlan } from './plan';

export interface VerifyReport {
  /** The plan as it would be now: what is left to do and the findings that remain. */
  remaining: Plan;
  /** One line per planned action that is not as promised. */
  problems: string[];
  /** Applied actions with a problem (id → the problem): not counted as changes in place. */
  notAsPlanned: Map<string, string>;
  snapshot: Awaited<ReturnType<typeof runDiscovery>>;
}

export async function verifyPlan(
  conn: Connection,
  plan: Plan,
  appliedIds: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<VerifyReport> {
  const snapshot = await runDiscovery(conn.gateway, plan.answers, { tenantId: conn.tenantId, signal });
  const remaining = buildPlan(snapshot, plan.answers);
  const problems: string[] = [];
  const notAsPlanned = new Map<string, string>();
  const verifiers = STEPS.verifiers();
  await Promise.all(
    plan.actions
      .filter((a) => appliedIds.has(a.id))
      .map(async (action) => {
        const again = remaining.actions.find((r) => r.kind === action.kind && r.target === action.target);
        if (again) {
          const why = `still planned after apply (${again.reason})`;
          problems.push(`${action.id} ${action.summary}: ${why}`);
          if (!notAsPlanned.has(action.id)) notAsPlanned.set(action.id, why);
        }
        const problem = await verifiers[action.kind]?.(action, conn.gateway);
        if (problem) {
          problems.push(`${action.id} ${action.summary}: ${problem}`);
          notAsPlanned.set(action.id, problem);
        }
      }),
  );
  return { remaining, problems: problems.sort(), notAsPlanned, snapshot };
}
