/**
 * Conditional Access discovery: the tenant's policies, security defaults and Entra ID P1 licence, and legacy
 * per-user MFA of the selected users. Per-user MFA is read for directly selected users only: it is a per-user
 * setting and the gateway lists no group members (the doctor checks the user it is given).
 */
import { isUserError } from '../../src/errors';
import type { DiscoverContext } from '../shared/contract';
import { ensurePrincipals } from '../shared/principals';
import { selectedUsers } from '../shared/sign-in-subjects';

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { graph } = ctx.gateway;
  ctx.progress('Reading Conditional Access policies, security defaults, licences and per-user MFA…');
  // Tenant-wide reads start at once; per-user MFA waits only for the principals it is about.
  const perUserMfa = async () => {
    await ensurePrincipals(ctx);
    const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
    return userIds.length === 0
      ? {}
      : graph.getPerUserMfa(userIds).catch((e: unknown) => {
          // Per-user MFA is a beta read with its own permission; without it the rest still stands.
          if (isUserError(e) && e.code === 'forbidden') {
            ctx.progress(`Per-user MFA could not be read (${e.message}); it is not checked.`);
            return {};
          }
          throw e;
        });
  };
  const [policies, securityDefaults, p1, perUser] = await Promise.all([
    graph.listCaPolicies(),
    graph.getSecurityDefaults(),
    graph.hasEntraP1(),
    perUserMfa(),
  ]);
  ctx.snapshot.caPolicies = policies;
  ctx.snapshot.securityDefaultsEnabled = securityDefaults;
  ctx.snapshot.licenceP1 = p1;
  ctx.snapshot.perUserMfa = { ...ctx.snapshot.perUserMfa, ...perUser };
}
