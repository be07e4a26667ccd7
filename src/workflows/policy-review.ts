/**
 * Reads what a policy review needs and builds it: the VM sign-ins of the window (filtered and paged on the
 * server), the registered methods and per-user MFA of the users who signed in. Shared by `review-policy` and the
 * wizard's review before a report-only policy is turned on.
 */
import type { Gateway } from '../azure/operations';
import { type PolicyReview, reviewPolicy } from '../checks/policy-review';
import { APP_IDS } from '../core/well-known-ids';
import { UserError } from '../errors';
import type { CaPolicyFacts } from '../plan/snapshot';

/** Enough for a busy week of VM sign-ins; beyond it the review says it read part of them. */
const MAX_SIGN_INS = 5000;

export function findPolicy(policies: readonly CaPolicyFacts[], ref: string): CaPolicyFacts {
  const r = ref.trim().toLowerCase();
  const byId = policies.find((p) => p.id.toLowerCase() === r);
  if (byId) return byId;
  const byName = policies.filter((p) => p.displayName.toLowerCase() === r);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new UserError('bad-input', `${byName.length} policies are named "${ref}"`, 'Give the policy id instead.');
  }
  const near = policies.filter((p) => p.displayName.toLowerCase().includes(r)).map((p) => `"${p.displayName}"`);
  throw new UserError(
    'bad-input',
    `no Conditional Access policy has the id or name "${ref}"`,
    near.length > 0
      ? `Did you mean ${near.slice(0, 3).join(' or ')}?`
      : 'List them in the Entra admin center or give the id.',
  );
}

/** Reads what the review needs and builds it; shared by the command and the wizard. */
export async function buildPolicyReview(
  gateway: Gateway,
  policy: CaPolicyFacts,
  windowMs: number,
  window: string,
  now = Date.now(),
): Promise<PolicyReview & { truncated: boolean }> {
  if (!gateway.graph.listSignIns) {
    throw new UserError('graph-error', 'this connection cannot read sign-in logs', 'Use a Microsoft Graph connection.');
  }
  const { signIns, truncated } = await gateway.graph.listSignIns({
    since: new Date(now - windowMs).toISOString(),
    appIds: Object.values(APP_IDS),
    max: MAX_SIGN_INS,
  });
  const userIds = [...new Set(signIns.map((s) => s.userId).filter((id) => id !== ''))];
  const [authMethods, perUserMfa] =
    userIds.length > 0
      ? await Promise.all([gateway.graph.getAuthMethods(userIds), gateway.graph.getPerUserMfa(userIds)])
      : [{}, {}];
  const review = reviewPolicy({ policy, signIns, authMethods, perUserMfa, window });
  return { ...review, truncated };
}
