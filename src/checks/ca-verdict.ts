/**
 * What Conditional Access decides for one sign-in, per app the token may be issued for: every enabled policy
 * that applies for sure must be satisfied (their grants combine as AND), and enabled policies that may apply
 * (conditions not modelled) and would decide otherwise make the result depend on those conditions. The
 * prediction and `what-if` both decide through here, so they cannot disagree.
 */
import type { CaOutcome, PolicyEvaluation } from './ca-evaluator';
import { combine, evaluateGrant, type GrantContext, type GrantStatus, type GrantVerdict } from './ca-grant';

export interface AppVerdict {
  appId: string;
  status: GrantStatus;
  /** Enabled policies that apply for sure, with their grant verdicts. */
  sure: { e: PolicyEvaluation; grant: GrantVerdict }[];
  /** Enabled policies that may apply (conditions not modelled) and would decide otherwise. */
  maybe: { e: PolicyEvaluation; grant: GrantVerdict }[];
}

/** Most permissive first: when the token may be issued for any of several apps, only that one is certain. */
export const PERMISSIVE: GrantStatus[] = ['met', 'prompt', 'unknown', 'unmet'];

export function appVerdicts(
  perApp: readonly (CaOutcome & { appId: string })[],
  ctx: GrantContext,
): { verdicts: AppVerdict[]; chosen?: AppVerdict } {
  const verdicts = perApp.map((a): AppVerdict => {
    const enabled = a.policies.filter((e) => e.state === 'enabled' && e.applies);
    const sure = enabled.filter((e) => !e.conditional).map((e) => ({ e, grant: evaluateGrant(e.policy, ctx) }));
    const status = combine(
      sure.map((s) => s.grant.status),
      'AND',
    );
    const maybe = enabled
      .filter((e) => e.conditional)
      .map((e) => ({ e, grant: evaluateGrant(e.policy, ctx) }))
      .filter((m) => m.grant.status !== 'met' && m.grant.status !== status);
    return { appId: a.appId, status, sure, maybe };
  });
  const chosen = [...verdicts].sort((a, b) => PERMISSIVE.indexOf(a.status) - PERMISSIVE.indexOf(b.status))[0];
  return { verdicts, chosen };
}
