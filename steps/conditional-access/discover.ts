/**
 * Conditional Access discovery: the tenant's policies, security defaults and Entra ID P1 licence, and legacy
 * per-user MFA of the selected users. Per-user MFA is read for directly selected users only: it is a per-user
 * setting and the gateway lists no group members (the doctor checks the user it is given).
 *
 * All of it is context: what cannot be read is recorded as unread, and the rules plan nothing on it.
 */
import type { OperationName } from '../../src/azure/errors';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { ensurePrincipals } from '../shared/principals';
import { selectedUsers } from '../shared/sign-in-subjects';

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { graph } = ctx.gateway;
  ctx.progress('Reading Conditional Access policies, security defaults, licences and per-user MFA…');
  const read = <T>(key: string, resource: string, what: string, operation: OperationName, work: () => Promise<T>) =>
    readContextual(ctx, { step: 'conditional-access', key, resource, what, operation }, work, undefined);
  // Tenant-wide reads start at once; per-user MFA waits only for the principals it is about.
  const perUserMfa = async () => {
    await ensurePrincipals(ctx);
    const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
    if (userIds.length === 0) return {};
    return read(
      FACT_KEYS.perUserMfa,
      'graph:/beta/users/{id}/authentication/requirements',
      'legacy per-user MFA (Microsoft Graph beta)',
      'graph.perUserMfa.read',
      () => graph.getPerUserMfa(userIds),
    );
  };
  const [policies, securityDefaults, p1, perUser] = await Promise.all([
    read(
      FACT_KEYS.caPolicies,
      'graph:/identity/conditionalAccess/policies',
      'the Conditional Access policies',
      'graph.ca.read',
      () => graph.listCaPolicies(),
    ),
    read(
      FACT_KEYS.securityDefaults,
      'graph:/policies/identitySecurityDefaultsEnforcementPolicy',
      'whether security defaults are on',
      'graph.securityDefaults.read',
      () => graph.getSecurityDefaults(),
    ),
    read(FACT_KEYS.licences, 'graph:/subscribedSkus', "the tenant's licences", 'graph.licences.read', () =>
      graph.hasEntraP1(),
    ),
    perUserMfa(),
  ]);
  if (policies) ctx.snapshot.caPolicies = policies;
  if (securityDefaults !== undefined) ctx.snapshot.securityDefaultsEnabled = securityDefaults;
  if (p1 !== undefined) ctx.snapshot.licenceP1 = p1;
  ctx.snapshot.perUserMfa = { ...ctx.snapshot.perUserMfa, ...perUser };
}
